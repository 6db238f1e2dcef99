import { homedir } from 'node:os';
import { join } from 'node:path';

export type RepoType = 'dataset' | 'model';

/** Where and how to reach the Hub; explicit options win over the environment (HF's own variables). */
export interface HubSettings {
  /** HF_ENDPOINT, default https://huggingface.co. */
  endpoint: string;
  /** HF_TOKEN (or the older HUGGING_FACE_HUB_TOKEN); null for anonymous access. */
  token: string | null;
  /** HF_HUB_CACHE, else $HF_HOME/hub, else ~/.cache/huggingface/hub (the layout Python's hub uses). */
  cacheDir: string;
  /** HF_HUB_OFFLINE=1: only the cache is read, nothing is requested. */
  offline: boolean;
}

export function hubSettings(opts: { endpoint?: string; token?: string; cacheDir?: string; offline?: boolean }, env: NodeJS.ProcessEnv = process.env): HubSettings {
  const home = env.HF_HOME ?? join(env.XDG_CACHE_HOME ?? join(homedir(), '.cache'), 'huggingface');
  return {
    endpoint: (opts.endpoint ?? env.HF_ENDPOINT ?? 'https://huggingface.co').replace(/\/+$/, ''),
    token: opts.token ?? env.HF_TOKEN ?? env.HUGGING_FACE_HUB_TOKEN ?? null,
    cacheDir: opts.cacheDir ?? env.HF_HUB_CACHE ?? join(home, 'hub'),
    offline: opts.offline ?? isTrue(env.HF_HUB_OFFLINE),
  };
}

function isTrue(value: string | undefined): boolean {
  return value !== undefined && ['1', 'true', 'yes', 'on'].includes(value.toLowerCase());
}
