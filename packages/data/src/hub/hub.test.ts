import { mkdtempSync, readFileSync, readdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from '@jest/globals';
import { startFakeHub, type FakeHub } from '../../test/fake-hub.js';
import { hubSnapshot } from './hub-snapshot.js';
import { loadHubDataset, type HubDatasetOptions } from './load-hub-dataset.js';
import { hubSettings } from './hub-settings.js';

const TRAIN = Array.from({ length: 40 }, (_, i) => JSON.stringify({ text: `tweet ${i}`, label: i % 3, label_text: ['negative', 'neutral', 'positive'][i % 3] })).join('\n');
const TEST_CSV = 'text,label\nfine,1\nbad,0\ngreat,2\n';
const BIG = 'x'.repeat(50_000);

let hub: FakeHub;
const cache = () => mkdtempSync(join(tmpdir(), 'bertfit-hub-'));

beforeAll(async () => {
  hub = await startFakeHub([
    {
      type: 'dataset',
      id: 'acme/tweets',
      revisions: { main: { 'README.md': '# tweets', 'train.jsonl': TRAIN, 'data/test-00000-of-00001.csv': TEST_CSV } },
      lfs: (p) => p.endsWith('.jsonl'),
    },
    {
      type: 'dataset',
      id: 'acme/script-only',
      revisions: { main: { 'script.py': 'print()' }, 'refs/convert/parquet': { 'default/test/0000.jsonl': '{"text":"a","label":"positive"}\n' } },
    },
    { type: 'dataset', id: 'acme/private', token: 'hf_secret', revisions: { main: { 'train.csv': 'text,label\nx,0\n' } } },
    {
      type: 'model',
      id: 'acme/bert',
      revisions: { main: { 'config.json': '{}', 'vocab.txt': '[PAD]\n', 'big.bin': BIG, 'model.safetensors': BIG } },
      lfs: (p) => p.endsWith('.safetensors'),
    },
  ]);
});
afterAll(() => hub.close());

const base = (cacheDir: string): HubDatasetOptions => ({
  dataset: 'acme/tweets',
  revision: 'main',
  split: 'train',
  textColumn: 'text',
  labelColumn: 'label',
  labels: ['negative', 'neutral', 'positive'],
  emptyText: 'keep',
  cacheDir,
  endpoint: hub.endpoint,
});

describe('hubSnapshot', () => {
  it('lists, downloads into the HF cache layout, and filters files', async () => {
    const cacheDir = cache();
    const snap = await hubSnapshot({ repo: 'acme/bert', repoType: 'model', files: (p) => p !== 'big.bin', cacheDir, endpoint: hub.endpoint });
    expect(snap.files).toEqual(['config.json', 'model.safetensors', 'vocab.txt']);
    expect(readFileSync(join(snap.dir, 'model.safetensors'), 'utf8')).toBe(BIG);
    expect(snap.dir).toMatch(/models--acme--bert\/snapshots\/[0-9a-f]{40}$/);
    expect(readFileSync(join(cacheDir, 'models--acme--bert', 'refs', 'main'), 'utf8')).toBe(snap.dir.slice(-40));
    expect(readdirSync(join(cacheDir, 'models--acme--bert', 'blobs'))).toHaveLength(3);
    expect(hub.requests.some((r) => r.url.includes('/resolve/') && r.url.endsWith('big.bin'))).toBe(false);
  });

  it('resumes after a cut connection with a Range request', async () => {
    const cacheDir = cache();
    hub.cutOnce.add('model.safetensors');
    const before = hub.requests.length;
    const snap = await hubSnapshot({ repo: 'acme/bert', repoType: 'model', files: (p) => p === 'model.safetensors', cacheDir, endpoint: hub.endpoint });
    expect(readFileSync(join(snap.dir, 'model.safetensors'), 'utf8')).toBe(BIG);
    const downloads = hub.requests.slice(before).filter((r) => r.url.endsWith('/model.safetensors'));
    expect(downloads.map((r) => r.range)).toEqual([undefined, 'bytes=25000-']);
  });

  it('rejects a checksum mismatch and leaves nothing behind', async () => {
    const cacheDir = cache();
    hub.corrupt.add('big.bin');
    try {
      await expect(hubSnapshot({ repo: 'acme/bert', repoType: 'model', files: (p) => p === 'big.bin', cacheDir, endpoint: hub.endpoint })).rejects.toThrow(
        /^download acme\/bert@main\/big\.bin: checksum mismatch: expected git-sha1 [0-9a-f]{40} \(50000 bytes\), got [0-9a-f]{40} \(50000 bytes\); the partial file was removed$/,
      );
    } finally {
      hub.corrupt.delete('big.bin');
    }
    expect(readdirSync(join(cacheDir, 'models--acme--bert', 'blobs'))).toEqual([]);
  });

  it('explains a 401 in terms of HF_TOKEN, and sends the token', async () => {
    const cacheDir = cache();
    const url = `${hub.endpoint}/api/datasets/acme/private/revision/main`;
    await expect(hubSnapshot({ repo: 'acme/private', repoType: 'dataset', cacheDir, endpoint: hub.endpoint })).rejects.toThrow(
      `dataset acme/private@main: HTTP 401 from ${url}: the repo needs authentication; set HF_TOKEN to a Hugging Face access token`,
    );
    await expect(hubSnapshot({ repo: 'acme/private', repoType: 'dataset', cacheDir, endpoint: hub.endpoint, token: 'hf_wrong' })).rejects.toThrow(
      `dataset acme/private@main: HTTP 401 from ${url}: the token in HF_TOKEN was refused or lacks access to this repo (gated or private?)`,
    );
    const snap = await hubSnapshot({ repo: 'acme/private', repoType: 'dataset', cacheDir, endpoint: hub.endpoint, token: 'hf_secret' });
    expect(snap.files).toEqual(['train.csv']);
    expect(hub.requests.at(-1)!.auth).toBe('Bearer hf_secret');
  });

  it('offline mode reads only the cache, and says so when it is empty', async () => {
    const cacheDir = cache();
    await expect(hubSnapshot({ repo: 'acme/bert', repoType: 'model', cacheDir, offline: true, endpoint: hub.endpoint })).rejects.toThrow(
      `model acme/bert@main is not in the cache at ${join(cacheDir, 'models--acme--bert')} (offline mode is on: HF_HUB_OFFLINE or offline: true)`,
    );
    const online = await hubSnapshot({ repo: 'acme/bert', repoType: 'model', files: (p) => p.endsWith('.json'), cacheDir, endpoint: hub.endpoint });
    const before = hub.requests.length;
    const offline = await hubSnapshot({ repo: 'acme/bert', repoType: 'model', cacheDir, offline: true, endpoint: hub.endpoint });
    expect(offline).toEqual(online);
    expect(hub.requests.length).toBe(before);
  });

  it('an unreachable endpoint names it and suggests offline mode', async () => {
    const closed = await startFakeHub([]);
    await closed.close();
    await expect(hubSnapshot({ repo: 'acme/bert', repoType: 'model', cacheDir: cache(), endpoint: closed.endpoint })).rejects.toThrow(
      `model acme/bert@main: cannot reach ${closed.endpoint} (ECONNREFUSED); set HF_HUB_OFFLINE=1 to use the cache only`,
    );
  });
});

describe('loadHubDataset', () => {
  it('picks the split files (train.jsonl, data/test-*.csv) and validates them', async () => {
    const cacheDir = cache();
    const train = await loadHubDataset(base(cacheDir));
    expect(train.report).toMatchObject({ format: 'jsonl', rowsRead: 40, kept: 40, classCounts: [14, 13, 13] });
    expect(train.examples[1]).toEqual({ index: 1, text: 'tweet 1', label: 1 });
    const test = await loadHubDataset({ ...base(cacheDir), split: 'test' });
    expect(test.examples.map((e) => e.label)).toEqual([1, 0, 2]);
    const byName = await loadHubDataset({ ...base(cacheDir), labelColumn: 'label_text', offline: true });
    expect(byName.examples.map((e) => e.label)).toEqual(train.examples.map((e) => e.label));
  });

  it('falls back to the converted Parquet branch', async () => {
    const test = await loadHubDataset({ ...base(cache()), dataset: 'acme/script-only', split: 'test' });
    expect(test.examples).toEqual([{ index: 0, text: 'a', label: 2 }]);
    expect(hub.requests.some((r) => r.url.includes('/revision/refs/convert/parquet'))).toBe(true);
  });

  it('a split that exists nowhere', async () => {
    await expect(loadHubDataset({ ...base(cache()), dataset: 'acme/script-only', split: 'train' })).rejects.toThrow(
      'dataset acme/script-only has no files for split "train" (looked at main (0 data files), refs/convert/parquet (1 data files))',
    );
  });
});

describe('hubSettings', () => {
  it('reads HF_ENDPOINT, HF_TOKEN, HF_HOME, HF_HUB_CACHE, HF_HUB_OFFLINE; options win', () => {
    expect(hubSettings({}, { HF_ENDPOINT: 'http://h/', HF_TOKEN: 'hf_t', HF_HOME: '/hf', HF_HUB_OFFLINE: '1' })).toEqual({
      endpoint: 'http://h',
      token: 'hf_t',
      cacheDir: '/hf/hub',
      offline: true,
    });
    expect(hubSettings({ token: 'hf_o', offline: false, cacheDir: '/c' }, { HF_TOKEN: 'hf_t', HF_HUB_CACHE: '/x', HF_HUB_OFFLINE: '1' })).toMatchObject({
      token: 'hf_o',
      cacheDir: '/c',
      offline: false,
      endpoint: 'https://huggingface.co',
    });
    expect(hubSettings({}, { HF_HUB_CACHE: '/x' }).cacheDir).toBe('/x');
  });
});
