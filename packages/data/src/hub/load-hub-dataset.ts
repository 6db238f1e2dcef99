import { join } from 'node:path';
import { classCounts } from '../local/to-examples.js';
import { loadLocalDataset } from '../local/load-local.js';
import type { EmptyTextPolicy, Example, LoadedDataset } from '../example.js';
import { HubError } from './hub-error.js';
import { hubList, hubSnapshot } from './hub-snapshot.js';
import { isDataFile, splitFiles } from './split-files.js';

export interface HubDatasetOptions {
  /** Dataset repo id, e.g. `mteb/tweet_sentiment_extraction`. */
  dataset: string;
  revision: string;
  split: 'train' | 'test';
  textColumn: string;
  labelColumn: string;
  labels: string[];
  emptyText: EmptyTextPolicy;
  cacheDir?: string;
  offline?: boolean;
  token?: string;
  endpoint?: string;
}

/** The Hub's automatic Parquet conversion, used when the revision itself has no files for the split. */
export const PARQUET_BRANCH = 'refs/convert/parquet';

/** Loads one split of a Hub dataset: its files at `revision`, else at the converted Parquet branch. */
export async function loadHubDataset(opts: HubDatasetOptions): Promise<LoadedDataset> {
  const hub = { cacheDir: opts.cacheDir, offline: opts.offline, token: opts.token, endpoint: opts.endpoint };
  const tried: string[] = [];
  for (const revision of [opts.revision, PARQUET_BRANCH]) {
    let paths: string[];
    try {
      paths = (await hubList({ ...hub, repo: opts.dataset, repoType: 'dataset', revision })).paths.filter(isDataFile);
    } catch (error) {
      // A missing conversion branch only means there is nothing more to try.
      if (revision === PARQUET_BRANCH) break;
      throw error;
    }
    tried.push(`${revision} (${paths.length} data files)`);
    const chosen = splitFiles(paths, opts.split);
    if (chosen === null) continue;
    const wanted = new Set(chosen.files);
    const snap = await hubSnapshot({ ...hub, repo: opts.dataset, repoType: 'dataset', revision, files: (p) => wanted.has(p) });
    const parts: LoadedDataset[] = [];
    for (const f of chosen.files) parts.push(await loadLocalDataset({ ...opts, file: join(snap.dir, f), format: chosen.format }));
    return concat(parts, opts.labels.length);
  }
  throw new HubError(`dataset ${opts.dataset} has no files for split "${opts.split}" (looked at ${tried.join(', ')})`);
}

/** Several files of one split as one dataset; `index` continues across files, in file order. */
function concat(parts: LoadedDataset[], numLabels: number): LoadedDataset {
  if (parts.length === 1) return parts[0]!;
  const examples: Example[] = [];
  const dropped: LoadedDataset['report']['dropped'] = [];
  let offset = 0;
  let emptyKept = 0;
  for (const { examples: ex, report } of parts) {
    for (const e of ex) examples.push({ ...e, index: e.index + offset });
    for (const d of report.dropped) dropped.push({ ...d, row: d.row + offset });
    emptyKept += report.emptyKept;
    offset += report.rowsRead;
  }
  const first = parts[0]!.report;
  return {
    examples,
    report: {
      file: parts.map((p) => p.report.file).join(', '),
      format: first.format,
      rowsRead: offset,
      kept: examples.length,
      dropped,
      emptyKept,
      classCounts: classCounts(examples, numLabels),
    },
  };
}
