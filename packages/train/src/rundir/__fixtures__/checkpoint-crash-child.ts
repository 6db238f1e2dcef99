// Child process for the crash tests: starts writing checkpoint-<step> and SIGKILLs itself at the
// point named by argv[4], so the parent can check what a real crash leaves behind.
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import { writeCheckpoint } from '../checkpoint-writer.js';

const [runDir, stepText, killAt] = process.argv.slice(2);
if (runDir === undefined || stepText === undefined || killAt === undefined) throw new Error('usage: runDir step killAt');

await writeCheckpoint(runDir, Number(stepText), async (tmpDir, files) => {
  await files.write('model.safetensors', new Uint8Array(1 << 16).fill(7));
  if (killAt === 'mid-files') process.kill(process.pid, 'SIGKILL');
  await writeFile(join(tmpDir, 'trainer_state.json'), '{"global_step":1}');
  if (killAt === 'before-marker') process.kill(process.pid, 'SIGKILL');
});
if (killAt === 'after-publish') process.kill(process.pid, 'SIGKILL');
