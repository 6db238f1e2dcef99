// Files we write appear whole or not at all: write a sibling tmp file, fsync, rename over the target.
import { open, rename, rm } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';
import { BertfitError } from '@bertfit/config';

/** Writes `chunks` in order to `path` atomically (tmp file in the same folder + rename). */
export async function writeFileAtomic(path: string, chunks: Iterable<Uint8Array>): Promise<void> {
  const tmp = join(dirname(path), `.${basename(path)}.${process.pid}.${Date.now()}.tmp`);
  try {
    const fh = await open(tmp, 'w');
    try {
      for (const chunk of chunks) {
        let done = 0;
        while (done < chunk.byteLength) {
          const { bytesWritten } = await fh.write(chunk, done, chunk.byteLength - done);
          done += bytesWritten;
        }
      }
      await fh.sync();
    } finally {
      await fh.close();
    }
    await rename(tmp, path);
  } catch (err) {
    await rm(tmp, { force: true });
    throw new BertfitError(`writing ${path} failed: ${(err as Error).message}`, { cause: err });
  }
}
