import { describe, it, expect } from '@jest/globals';
import { spawn } from 'node:child_process';
import { EventEmitter } from 'node:events';
import { fileURLToPath } from 'node:url';
import { repoRoot } from '@bertfit/config';
import { installStopSignal } from './stop-signal.js';

describe('installStopSignal', () => {
  it('the first SIGINT or SIGTERM sets the flag once; a second SIGINT exits now; dispose removes the handlers', () => {
    const source = new EventEmitter();
    const firsts: string[] = [];
    let exits = 0;
    const stop = installStopSignal({ source, onFirst: (r) => firsts.push(r), exitNow: () => void exits++ });
    expect([stop.requested, stop.reason]).toEqual([false, null]);
    source.emit('SIGTERM');
    expect([stop.requested, stop.reason]).toEqual([true, 'SIGTERM']);
    source.emit('SIGTERM');
    expect(exits).toBe(0);
    source.emit('SIGINT');
    expect(exits).toBe(1);
    expect(firsts).toEqual(['SIGTERM']);
    stop.dispose();
    expect(source.listenerCount('SIGINT') + source.listenerCount('SIGTERM')).toBe(0);
  });
});

/** Starts the child loop, waits for "ready", sends the signals (150 ms apart), resolves with its exit. */
function runChild(signals: NodeJS.Signals[]): Promise<{ code: number | null; out: string }> {
  const child = fileURLToPath(new URL('./__fixtures__/stop-signal-child.ts', import.meta.url));
  const proc = spawn(process.execPath, ['--conditions=@bertfit/source', '--import', 'tsx', child], { cwd: repoRoot(), stdio: ['ignore', 'pipe', 'inherit'] });
  let out = '';
  return new Promise((resolve) => {
    proc.stdout.on('data', (d: Buffer) => {
      out += d.toString();
      if (out === 'ready\n') signals.forEach((s, i) => setTimeout(() => proc.kill(s), 100 + 150 * i));
    });
    proc.on('exit', (code) => resolve({ code, out }));
  });
}

describe('in a real process', () => {
  it('one SIGINT: the loop stops, saves, and the process exits 0', async () => {
    expect(await runChild(['SIGINT'])).toEqual({ code: 0, out: 'ready\nstopping (SIGINT)\nsaved checkpoint after some steps\n' });
  });

  it('a second SIGINT during the save exits at once with 130', async () => {
    expect(await runChild(['SIGINT', 'SIGINT'])).toEqual({ code: 130, out: 'ready\nstopping (SIGINT)\n' });
  });
});
