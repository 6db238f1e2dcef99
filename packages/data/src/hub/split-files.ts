import type { DataFormat } from '../example.js';

const FORMATS: [DataFormat, RegExp][] = [
  ['parquet', /\.parquet$/i],
  ['jsonl', /\.(jsonl|ndjson)$/i],
  ['csv', /\.csv$/i],
  ['tsv', /\.tsv$/i],
];

/**
 * The files of one split in a dataset repo, by the Hub's own naming conventions: `train.jsonl`,
 * `data/train-00000-of-00001.parquet`, `default/train/0000.parquet` (the converted Parquet branch),
 * `train/part-0.csv`. One format is used per split (Parquet first), files in path order.
 */
export function splitFiles(paths: string[], split: string): { format: DataFormat; files: string[] } | null {
  const named = new RegExp(`(^|[/_.-])${split}([/_.-]|$)`, 'i');
  const candidates = paths.filter((p) => named.test(p.replace(/\.[^./]+$/, '')) || named.test(p.slice(0, p.lastIndexOf('/') + 1)));
  for (const [format, ext] of FORMATS) {
    const files = candidates.filter((p) => ext.test(p)).sort();
    if (files.length > 0) return { format, files };
  }
  return null;
}

export function isDataFile(path: string): boolean {
  return FORMATS.some(([, ext]) => ext.test(path));
}
