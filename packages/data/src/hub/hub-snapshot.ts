import { existsSync } from 'node:fs';
import { mkdir, rename, symlink } from 'node:fs/promises';
import { dirname, join, relative } from 'node:path';
import { errorMessage, tmpSibling } from '@bertfit/core';
import { listFiles, type ListFileEntry } from '@huggingface/hub';
import { downloadBlob } from './download-blob.js';
import { HubCache } from './hub-cache.js';
import { HubError, httpError } from './hub-error.js';
import { hubSettings, type RepoType } from './hub-settings.js';

export interface HubSnapshotOptions {
  /** `owner/name`. */
  repo: string;
  repoType: RepoType;
  /** Branch, tag, `refs/convert/parquet` or a commit hash; default `main`. */
  revision?: string;
  /** Which repo paths to fetch; default all. */
  files?: (path: string) => boolean;
  cacheDir?: string;
  offline?: boolean;
  token?: string;
  endpoint?: string;
}

export interface HubSnapshot {
  /** The snapshot folder; `join(dir, path)` is each file. */
  dir: string;
  /** Repo paths fetched (or found in the cache), sorted. */
  files: string[];
}

/** The commit a revision resolves to and every file path in it (offline: what the cache holds). */
export async function hubList(opts: HubSnapshotOptions): Promise<{ commit: string; paths: string[] }> {
  const { entries, commit } = await listing(opts);
  return { commit, paths: entries.map((e) => e.path) };
}

/** Downloads (or, offline, finds in the cache) the chosen files of one repo revision. */
export async function hubSnapshot(opts: HubSnapshotOptions): Promise<HubSnapshot> {
  const s = hubSettings(opts);
  const revision = opts.revision ?? 'main';
  const wanted = opts.files ?? (() => true);
  const cache = new HubCache(s.cacheDir, opts.repoType, opts.repo);
  const { entries, commit } = await listing(opts);
  const files = entries.filter((e) => wanted(e.path));
  const dir = cache.snapshot(commit);
  if (s.offline) return { dir, files: files.map((f) => f.path) };
  const prefix = opts.repoType === 'model' ? '' : `${opts.repoType}s/`;
  for (const entry of files) {
    const etag = entry.lfs?.oid ?? entry.oid;
    if (!etag) throw new HubError(`${opts.repo}@${revision}: the listing gives no oid for ${entry.path}`);
    const blob = cache.blob(etag);
    await downloadBlob({
      url: `${s.endpoint}/${prefix}${opts.repo}/resolve/${commit}/${entry.path.split('/').map(encodeURIComponent).join('/')}`,
      dest: blob,
      checksum: entry.lfs ? { algorithm: 'sha256', hex: entry.lfs.oid, size: entry.lfs.size } : { algorithm: 'git-sha1', hex: etag, size: entry.size },
      token: s.token,
      what: `${opts.repo}@${revision}/${entry.path}`,
    });
    await linkInto(blob, join(dir, entry.path));
  }
  await cache.writeRef(revision, commit);
  return { dir, files: files.map((f) => f.path) };
}

type FileEntry = Pick<ListFileEntry, 'path' | 'size' | 'oid' | 'lfs'>;

/** Files of a revision, sorted by path: from the Hub, or offline from the cache. */
async function listing(opts: HubSnapshotOptions): Promise<{ commit: string; entries: FileEntry[] }> {
  const s = hubSettings(opts);
  const revision = opts.revision ?? 'main';
  const what = `${opts.repoType} ${opts.repo}@${revision}`;
  const cache = new HubCache(s.cacheDir, opts.repoType, opts.repo);
  if (s.offline) {
    const commit = await cache.readRef(revision);
    if (commit === null) {
      throw new HubError(`${what} is not in the cache at ${cache.root} (offline mode is on: HF_HUB_OFFLINE or offline: true)`);
    }
    const paths = await cache.snapshotFiles(commit);
    return { commit, entries: paths.map((path) => ({ path, size: 0 })) };
  }
  const commit = await resolveCommit(s.endpoint, opts.repoType, opts.repo, revision, s.token, what);
  const entries = (await listRepoFiles(s.endpoint, opts.repoType, opts.repo, commit, s.token, what)).filter((e) => e.type === 'file').sort((a, b) => (a.path < b.path ? -1 : 1));
  return { commit, entries };
}

async function resolveCommit(endpoint: string, type: RepoType, repo: string, revision: string, token: string | null, what: string): Promise<string> {
  const url = `${endpoint}/api/${type}s/${repo}/revision/${encodeURIComponent(revision)}`;
  const res = await hubFetch(url, token, what);
  if (!res.ok) throw httpError(`${what}`, url, res.status, token !== null);
  const body = (await res.json()) as { sha?: unknown };
  if (typeof body.sha !== 'string') throw new HubError(`${what}: ${url} returned no commit sha`);
  return body.sha;
}

async function listRepoFiles(endpoint: string, type: RepoType, repo: string, commit: string, token: string | null, what: string): Promise<ListFileEntry[]> {
  const out: ListFileEntry[] = [];
  try {
    for await (const entry of listFiles({ repo: { type, name: repo }, revision: commit, recursive: true, hubUrl: endpoint, ...(token ? { accessToken: token } : {}) })) {
      out.push(entry);
    }
  } catch (cause) {
    const status = (cause as { statusCode?: number }).statusCode;
    if (status !== undefined) throw Object.assign(httpError(`listing ${what}`, `${endpoint}/api/${type}s/${repo}/tree/${commit}`, status, token !== null), { cause });
    throw new HubError(`listing ${what}: ${errorMessage(cause)}`, { cause });
  }
  return out;
}

async function hubFetch(url: string, token: string | null, what: string): Promise<Response> {
  try {
    return await fetch(url, { headers: token ? { authorization: `Bearer ${token}` } : {} });
  } catch (cause) {
    const inner = (cause as { cause?: { code?: string; message?: string } }).cause;
    const code = inner?.code ?? inner?.message ?? errorMessage(cause);
    throw new HubError(`${what}: cannot reach ${new URL(url).origin} (${code}); set HF_HUB_OFFLINE=1 to use the cache only`, { cause });
  }
}

/** The snapshot entry points at its blob (a relative symlink, as Python's cache does), replaced atomically. */
async function linkInto(blob: string, target: string): Promise<void> {
  await mkdir(dirname(target), { recursive: true });
  const tmp = tmpSibling(target);
  await symlink(relative(dirname(target), blob), tmp);
  await rename(tmp, target);
  if (!existsSync(target)) throw new HubError(`${target} does not resolve to ${blob}`);
}
