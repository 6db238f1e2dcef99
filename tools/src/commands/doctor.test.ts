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

  // Where the CUDA provider is installed, cuda:0 is a GPU machine's question (tools/gpu-check.sh).
  (capabilities().cuda ? it.skip : it)('train and infer with cuda:0 and no CUDA provider fail with one error and no onnxruntime noise', () => {
    const out = mkdtempSync(join(tmpdir(), 'bertfit-cuda-'));
    const dir = capabilities().cudaProvider.dir;
    const t = bertfit(['train', '--preset', 'demo', '--set', `outputDir=${out}`, '--set', 'train.devices=cuda:0', '--set', 'train.threads=1']);
    expect(t.status).toBe(1);
    const lines = t.stderr.trim().split('\n');
    // The two capability lines the trainer logs, then the error: nothing from onnxruntime's provider bridge.
    expect(lines).toHaveLength(3);
    expect(lines[0]).toMatch(/^onnxruntime-node 1\.30\.0; /);
    expect(lines[2]).toBe(
      `bertfit: train.devices requests cuda:0, but onnxruntime-node 1.30.0 has no CUDA execution provider here: libonnxruntime_providers_shared.so and libonnxruntime_providers_cuda.so are missing from ${dir}. ` +
        'Install them with onnxruntime-node\'s install script (ONNXRUNTIME_NODE_INSTALL=cuda12; README.md, section "GPU"), or use "cpu". It needs CUDA 13 and cuDNN 9 libraries (expected).',
    );
    expect(existsSync(join(out, 'demo'))).toBe(false);
    const i = bertfit(['infer', '--checkpoint', out, '--preset', 'demo', '--device', 'cuda:0']);
    expect(i.status).toBe(1);
    expect(i.stderr.trim()).toMatch(/^bertfit: --device cuda:0 requests cuda:0, but onnxruntime-node 1\.30\.0 has no CUDA execution provider here: [^\n]+$/);
    const bad = bertfit(['export', '--checkpoint', out, '--out', join(out, 'x'), '--device', 'gpu0']);
    expect(bad.stderr.trim()).toBe("bertfit: device 'gpu0' is not valid (expected 'cpu' or 'cuda:N')");
  });
});
