import { describe, expect, it } from '@jest/globals';
import { spawnSync } from 'node:child_process';
import { existsSync, mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { capabilities, formatCapabilities } from '@bertfit/train';
import { main } from '../main.js';

async function run(argv: string[]) {
  const out: string[] = [];
  const err: string[] = [];
  const code = await main(argv, { out: (t) => out.push(t), err: (t) => err.push(t) });
  return { code, out: out.join('\n'), err: err.join('\n') };
}

const BIN = fileURLToPath(new URL('../../bin/bertfit.js', import.meta.url));
/** The CLI in its own process: onnxruntime's provider errors go to the process's own stderr, which only a child shows. */
const bertfit = (args: string[], env: Record<string, string> = {}) =>
  spawnSync(process.execPath, [BIN, ...args], { encoding: 'utf8', env: { ...process.env, FORCE_COLOR: '0', NO_COLOR: '1', ...env } });

describe('bertfit doctor and the device checks', () => {
  it('doctor prints the capability object, --json as JSON with what "auto" picks', async () => {
    const r = await run(['doctor']);
    expect(r.code).toBe(0);
    const lines = r.out.split('\n');
    expect(lines.slice(0, -1)).toEqual(formatCapabilities(capabilities()));
    expect(lines.at(-1)).toMatch(/^devices "auto" {5}(cpu|cuda:0(, cuda:\d+)*) \(/);
    const j = await run(['doctor', '--json']);
    const parsed = JSON.parse(j.out);
    expect(parsed).toEqual({ ...JSON.parse(JSON.stringify(capabilities())), autoDevices: parsed.autoDevices });
    expect(parsed.onnxruntimeNode).toBe('1.30.0');
  });

  it('config print stays pure JSON; --capabilities adds the block after it', async () => {
    const r = await run(['config', 'print', '--capabilities', '--set', 'train.devices=auto']);
    expect(r.code).toBe(0);
    const [json, block] = r.out.split('\n\n# capabilities\n');
    expect(JSON.parse(json!).train.devices).toBe('auto');
    expect(block!.split('\n')).toEqual(formatCapabilities(capabilities()));
  });

  // cuda:99 is unusable on every machine this suite runs on: no CUDA provider, or no 100th GPU where there is one
  // (the exact missing-provider text is capabilities.test.ts's).
  it('train and infer with an unusable cuda device fail with one error before anything runs, and no onnxruntime noise', () => {
    const out = mkdtempSync(join(tmpdir(), 'bertfit-cuda-'));
    const t = bertfit(['train', '--preset', 'demo', '--set', `outputDir=${out}`, '--set', 'train.devices=cuda:99', '--set', 'train.threads=1']);
    expect(t.status).toBe(1);
    const lines = t.stderr.trim().split('\n');
    // The two capability lines the trainer logs, then the error: nothing from onnxruntime's provider bridge.
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^onnxruntime-node 1\.30\.0; /);
    expect(lines[2]).toMatch(/^bertfit: train\.devices requests cuda:99, but [^\n]+$/);
    expect(existsSync(join(out, 'demo'))).toBe(false);
    const i = bertfit(['infer', '--checkpoint', out, '--preset', 'demo', '--device', 'cuda:99']);
    expect(i.status).toBe(1);
    expect(i.stderr.trim()).toMatch(/^bertfit: --device cuda:99 requests cuda:99, but [^\n]+$/);
    const bad = bertfit(['export', '--checkpoint', out, '--out', join(out, 'x'), '--device', 'gpu0']);
    expect(bad.stderr.trim()).toBe("bertfit: device 'gpu0' is not valid (expected 'cpu' or 'cuda:N')");
  });
});
