// The check every session makes before onnxruntime sees a CUDA request: without the provider files
// ORT throws "Failed to load shared library" and prints a provider_bridge error on stderr, and it
// never falls back to the CPU even with 'cpu' listed. One clear error instead, before any session.
import { BertfitError } from '@bertfit/core';
import type { Capabilities } from './capabilities.js';
import { capabilities } from './capabilities.js';
import type { Device } from './device.js';
import { formatDevice } from './device.js';
import { visibleGpus } from './visible-gpus.js';

export const GPU_README = 'README.md, section "GPU"';

/**
 * Throws if any device cannot be used here; `where` names what asked for them (a config path, a flag).
 * Checked: the CUDA provider files, and the device index against the GPUs this process can see (when
 * any were detected: without nvidia-smi or /proc/driver/nvidia the count is unknown and ORT decides).
 */
export function requireDeviceSupport(devices: readonly Device[], where: string, given?: Capabilities, env: NodeJS.ProcessEnv = process.env): void {
  const cuda = devices.filter((d) => d.kind === 'cuda');
  if (cuda.length === 0) return; // CPU sessions never pay for the detection
  const caps = given ?? capabilities();
  if (!caps.cuda) throw missingProvider(cuda, where, caps);
  const gpus = visibleGpus(env, caps.nvidiaDevices.names.length);
  const beyond = cuda.filter((d) => d.kind === 'cuda' && d.index >= gpus.count);
  if (gpus.count > 0 && beyond.length > 0) {
    throw new BertfitError(`${where} requests ${beyond.map(formatDevice).join(', ')}, but this process sees ${gpus.count} GPU(s) (${gpus.from}), cuda:0..cuda:${gpus.count - 1}`);
  }
}

function missingProvider(cuda: readonly Device[], where: string, caps: Capabilities): BertfitError {
  const p = caps.cudaProvider;
  const needs = p.needs.cuda === null ? '' : ` It needs CUDA ${p.needs.cuda} and cuDNN ${p.needs.cudnn ?? '?'} libraries (${p.needs.source}).`;
  return new BertfitError(
    `${where} requests ${cuda.map(formatDevice).join(', ')}, but onnxruntime-node ${caps.onnxruntimeNode} has no CUDA execution provider here: ` +
      `${p.missing.join(' and ')} ${p.missing.length === 1 ? 'is' : 'are'} missing from ${p.dir}. ` +
      `Install them with onnxruntime-node's install script (ONNXRUNTIME_NODE_INSTALL=cuda12; ${GPU_README}), or use "cpu".${needs}`,
  );
}

/** Why an ORT session on a CUDA device may still have failed: the libraries the loader cannot find. */
export function cudaLoadHint(caps: Capabilities = capabilities()): string {
  const want = caps.cudaProvider.needs;
  const m = caps.cudaLibraries.majors;
  const missing = [
    ...(want.cuda !== null && !m.cudart.includes(want.cuda) ? [`libcudart.so.${want.cuda}`] : []),
    ...(want.cuda !== null && !m.cublas.includes(want.cuda) ? [`libcublas.so.${want.cuda}`] : []),
    ...(want.cudnn !== null && !m.cudnn.includes(want.cudnn) ? [`libcudnn.so.${want.cudnn}`] : []),
  ];
  const libs = missing.length === 0 ? '' : `${missing.join(', ')} not found on LD_LIBRARY_PATH or in ldconfig -p; `;
  return `${libs}see \`bertfit doctor\` and ${GPU_README}`;
}
