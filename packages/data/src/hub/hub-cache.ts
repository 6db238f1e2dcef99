import { existsSync } from 'node:fs';
import { mkdir, readFile, readdir } from 'node:fs/promises';
import { join, relative } from 'node:path';
import type { RepoType } from './hub-settings.js';
import { writeFileAtomic } from '@bertfit/core';

/**
 * The Hub cache layout shared with Python's huggingface_hub:
 * `<cache>/<type>s--<owner>--<name>/{refs/<revision>, blobs/<etag>, snapshots/<commit>/<path>}`.
 */
export class HubCache {
  readonly root: string;

  constructor(cacheDir: string, repoType: RepoType, repo: string) {
    this.root = join(cacheDir, `${repoType}s--${repo.split('/').join('--')}`);
  }

  blob(etag: string): string {
    return join(this.root, 'blobs', etag);
  }

  snapshot(commit: string): string {
    return join(this.root, 'snapshots', commit);
  }

  /** The commit a revision pointed to when last seen online; a commit hash points to itself. */
  async readRef(revision: string): Promise<string | null> {
    if (/^[0-9a-f]{40}$/.test(revision)) return existsSync(this.snapshot(revision)) ? revision : null;
    const file = join(this.root, 'refs', revision);
    return existsSync(file) ? (await readFile(file, 'utf8')).trim() : null;
  }

  async writeRef(revision: string, commit: string): Promise<void> {
    if (revision === commit) return;
    const file = join(this.root, 'refs', revision);
    await mkdir(join(file, '..'), { recursive: true });
    await writeFileAtomic(file, commit);
  }

  /** Files of a cached snapshot, as repo paths, sorted. */
  async snapshotFiles(commit: string): Promise<string[]> {
    const dir = this.snapshot(commit);
    const entries = await readdir(dir, { recursive: true, withFileTypes: true });
    return entries
      .filter((e) => !e.isDirectory())
      .map((e) => relative(dir, join(e.parentPath, e.name)).split('\\').join('/'))
      .sort();
  }
}
