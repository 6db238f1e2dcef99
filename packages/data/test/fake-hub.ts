/**
 * A Hugging Face Hub on 127.0.0.1 for tests, serving the API layout the real Hub serves:
 * `/api/<type>s/<id>/revision/<rev>`, `/api/<type>s/<id>/tree/<rev>?recursive=true` and
 * `/[datasets/]<id>/resolve/<rev>/<path>` with ETag, X-Repo-Commit and Range support.
 * It can require a token, cut a connection half-way, or serve corrupted bytes.
 */
import { createHash } from 'node:crypto';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeRepo {
  type: 'dataset' | 'model';
  id: string;
  /** Revision name (branch or `refs/convert/parquet`) → files. */
  revisions: Record<string, Record<string, string | Uint8Array>>;
  /** Paths stored in LFS (listed with an sha256 `lfs.oid`). */
  lfs?: (path: string) => boolean;
  /** When set, requests must carry `Authorization: Bearer <token>`. */
  token?: string;
}

export interface FakeHub {
  endpoint: string;
  /** Every request, in order: method, decoded path, Range header. */
  requests: { url: string; range: string | undefined; auth: string | undefined }[];
  /** Cut the next full download of these paths after half the bytes. */
  cutOnce: Set<string>;
  /** Serve these paths with their last byte flipped. */
  corrupt: Set<string>;
  close(): Promise<void>;
}

const commitOf = (repo: FakeRepo, rev: string) => createHash('sha1').update(`${repo.id}@${rev}`).digest('hex');
const bytes = (c: string | Uint8Array) => (typeof c === 'string' ? Buffer.from(c) : Buffer.from(c));
const gitOid = (b: Buffer) => createHash('sha1').update(`blob ${b.length}\0`).update(b).digest('hex');

export async function startFakeHub(repos: FakeRepo[]): Promise<FakeHub> {
  const hub: Omit<FakeHub, 'endpoint' | 'close'> = { requests: [], cutOnce: new Set(), corrupt: new Set() };
  const server: Server = createServer((req, res) => {
    hub.requests.push({ url: decodeURIComponent(req.url ?? ''), range: req.headers.range, auth: req.headers.authorization });
    try {
      route(repos, hub, req, res);
    } catch (error) {
      json(res, 500, { error: String(error) });
    }
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    ...hub,
    endpoint: `http://127.0.0.1:${port}`,
    close: () =>
      new Promise((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

function route(repos: FakeRepo[], hub: Omit<FakeHub, 'endpoint' | 'close'>, req: IncomingMessage, res: ServerResponse): void {
  const url = new URL(req.url ?? '/', 'http://x');
  const parts = url.pathname.split('/').slice(1).map(decodeURIComponent);
  const api = parts[0] === 'api';
  const rest = api ? parts.slice(1) : parts;
  const type = rest[0] === 'datasets' ? 'dataset' : 'model';
  const [owner, name, verb, rev, ...path] = rest[0] === 'datasets' || rest[0] === 'models' ? rest.slice(1) : rest;
  const repo = repos.find((r) => r.type === type && r.id === `${owner}/${name}`);
  if (!repo) return void json(res, 404, { error: 'Repository not found' });
  if (repo.token && req.headers.authorization !== `Bearer ${repo.token}`) {
    return void json(res, 401, { error: 'Invalid username or password.' });
  }
  const revName = Object.keys(repo.revisions).find((r) => r === rev || commitOf(repo, r) === rev);
  if (revName === undefined) return void json(res, 404, { error: `Invalid rev id: ${rev}` });
  const files = repo.revisions[revName]!;
  const commit = commitOf(repo, revName);
  if (api && verb === 'revision') {
    return void json(res, 200, { id: repo.id, sha: commit, siblings: Object.keys(files).map((rfilename) => ({ rfilename })) });
  }
  if (api && verb === 'tree') {
    return void json(
      res,
      200,
      Object.entries(files).map(([p, c]) => {
        const b = bytes(c);
        const lfs = repo.lfs?.(p) ? { oid: createHash('sha256').update(b).digest('hex'), size: b.length, pointerSize: 130 } : undefined;
        return { type: 'file', oid: gitOid(b), size: b.length, path: p, ...(lfs ? { lfs } : {}) };
      }),
    );
  }
  if (!api && verb === 'resolve') {
    const p = path.join('/');
    const content = files[p];
    if (content === undefined) return void json(res, 404, { error: 'Entry not found' });
    let body = bytes(content);
    if (hub.corrupt.has(p)) body = Buffer.concat([body.subarray(0, -1), Buffer.from([body.at(-1)! ^ 0xff])]);
    const etag = repo.lfs?.(p) ? createHash('sha256').update(body).digest('hex') : gitOid(body);
    const headers = { etag: `"${etag}"`, 'x-repo-commit': commit, 'accept-ranges': 'bytes' };
    const range = /^bytes=(\d+)-$/.exec(req.headers.range ?? '');
    if (range) {
      const start = Number(range[1]);
      if (start >= body.length) return void json(res, 416, { error: 'Range Not Satisfiable' });
      res.writeHead(206, { ...headers, 'content-length': body.length - start, 'content-range': `bytes ${start}-${body.length - 1}/${body.length}` });
      return void res.end(body.subarray(start));
    }
    res.writeHead(200, { ...headers, 'content-length': body.length });
    if (hub.cutOnce.delete(p)) {
      res.write(body.subarray(0, body.length >> 1));
      // Let the half body leave before the connection dies, like a dropped link.
      return void setTimeout(() => res.destroy(), 20);
    }
    return void res.end(body);
  }
  json(res, 404, { error: `no route for ${url.pathname}` });
}

function json(res: ServerResponse, status: number, body: unknown): void {
  res.writeHead(status, { 'content-type': 'application/json' });
  res.end(JSON.stringify(body));
}
