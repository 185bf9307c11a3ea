// A tiny in-memory stand-in for one Gen2 file system (path style: /{account}/{filesystem}/{path}), answering the
// DFS and Blob calls the DataLake SDK makes for the fs commands. For adapter tests only; the emulator is the real one.
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

export interface FakeNode { dir: boolean; data: Buffer; owner: string; group: string; permissions: string; acl: string; mtime: Date; staged?: Buffer; version?: number }

export interface FakeDfs {
  /** The file system's URL (http://127.0.0.1:PORT/{account}/{filesystem}). */
  url: string;
  nodes: Map<string, FakeNode>;
  /** Paths whose requests are refused with 403 AuthorizationPermissionMismatch. */
  forbidden: Set<string>;
  /** Requests the fake did not know (method, URL): a test asserts there are none. */
  unknown: string[];
  close(): Promise<void>;
}

const ACCOUNT = 'devstoreaccount1';
const FS = 'fs1';

function node(dir: boolean, data = Buffer.alloc(0)): FakeNode {
  return { dir, data, owner: 'oid-alice', group: 'oid-group', permissions: dir ? 'rwxr-x---' : 'rw-r-----', acl: '', mtime: new Date() };
}

const aclOf = (n: FakeNode) => {
  // The sticky bit shows in x-ms-permissions (t/T), never in the ACL's other:: entry.
  const [u, g, o] = [n.permissions.slice(0, 3), n.permissions.slice(3, 6), n.permissions.slice(6, 9).replace('t', 'x').replace('T', '-')];
  return [`user::${u}`, ...(n.acl ? n.acl.split(',') : []), `group::${g}`, `other::${o}`].join(',');
};

export async function startFakeDfs(): Promise<FakeDfs> {
  const nodes = new Map<string, FakeNode>([['/', node(true)]]);
  const forbidden = new Set<string>();
  const unknown: string[] = [];

  const fail = (res: ServerResponse, status: number, code: string, method: string) => {
    const body = method === 'HEAD' ? '' : JSON.stringify({ error: { code, message: `${code} (fake)\nRequestId:0000\nTime:2026-12-04T00:00:00Z` } });
    res.writeHead(status, { 'x-ms-error-code': code, 'content-type': 'application/json', 'x-ms-request-id': 'fake-request' });
    res.end(body);
  };
  const parentsOf = (p: string) => {
    const parts = p.split('/').filter(Boolean);
    for (let i = 1; i < parts.length; i++) {
      const q = '/' + parts.slice(0, i).join('/');
      if (!nodes.has(q)) nodes.set(q, node(true));
    }
  };
  const childrenOf = (dir: string, recursive: boolean) => [...nodes.keys()].filter((k) => k !== '/' && k !== dir && k.startsWith(dir === '/' ? '/' : dir + '/')
    && (recursive || !k.slice(dir === '/' ? 1 : dir.length + 1).includes('/'))).sort();
  const entry = (k: string, n: FakeNode) => ({
    name: k.slice(1), isDirectory: n.dir ? 'true' : undefined, contentLength: String(n.data.length), lastModified: n.mtime.toUTCString(),
    owner: n.owner, group: n.group, permissions: n.permissions + (n.acl ? '+' : ''), etag: '"1"',
  });

  async function handle(req: IncomingMessage, res: ServerResponse): Promise<void> {
    const url = new URL(req.url ?? '/', 'http://x');
    const q = url.searchParams;
    const segs = url.pathname.split('/').slice(1).map(decodeURIComponent);
    const chunks: Buffer[] = [];
    for await (const c of req) chunks.push(c as Buffer);
    const body = Buffer.concat(chunks);
    if (segs[0] !== ACCOUNT || segs[1] !== FS) return fail(res, 404, 'FilesystemNotFound', req.method!);
    const path = '/' + segs.slice(2).filter(Boolean).join('/');
    const n = nodes.get(path);
    const m = req.method!;
    if (forbidden.has(path)) return fail(res, 403, 'AuthorizationPermissionMismatch', m);
    const ok = (status: number, headers: Record<string, string> = {}, data?: Buffer | string) => {
      res.writeHead(status, { 'x-ms-request-id': 'fake-request', 'x-ms-version': '2025-01-05', etag: `"${nodes.get(path)?.version ?? 1}"`, 'last-modified': (n?.mtime ?? new Date()).toUTCString(), ...headers });
      res.end(data);
    };

    if (m === 'HEAD' && q.get('restype') === 'container') return ok(200);
    if (m === 'PUT' && q.get('restype') === 'container') return fail(res, 409, 'ContainerAlreadyExists', m);
    if (m === 'GET' && q.get('resource') === 'filesystem') {
      const dir = '/' + (q.get('directory') ?? '').replace(/^\/|\/$/g, '');
      if (!nodes.get(dir)?.dir) return fail(res, 404, 'PathNotFound', m);
      if (forbidden.has(dir)) return fail(res, 403, 'AuthorizationPermissionMismatch', m);
      const paths = childrenOf(dir, q.get('recursive') === 'true').map((k) => entry(k, nodes.get(k)!));
      return ok(200, { 'content-type': 'application/json' }, JSON.stringify({ paths }));
    }
    if (m === 'HEAD' && q.get('action') === 'getAccessControl') {
      if (!n) return fail(res, 404, 'PathNotFound', m);
      const upn = q.get('upn') === 'true';
      return ok(200, { 'x-ms-owner': upn ? 'alice@contoso.com' : n.owner, 'x-ms-group': n.group, 'x-ms-permissions': n.permissions + (n.acl ? '+' : ''), 'x-ms-acl': aclOf(n) });
    }
    if (m === 'HEAD') {
      if (!n) return fail(res, 404, 'BlobNotFound', m);
      return ok(200, {
        'content-length': String(n.data.length), 'x-ms-blob-type': 'BlockBlob', ...(n.dir ? { 'x-ms-meta-hdi_isfolder': 'true' } : {}),
        'x-ms-owner': n.owner, 'x-ms-group': n.group, 'x-ms-permissions': n.permissions + (n.acl ? '+' : ''),
      });
    }
    if (m === 'PATCH' && q.get('action') === 'setAccessControl') {
      if (!n) return fail(res, 404, 'PathNotFound', m);
      const acl = req.headers['x-ms-acl'] as string | undefined;
      if (acl) {
        const entries = acl.split(',');
        const base = (t: string) => entries.find((e) => e.startsWith(`${t}::`))?.split(':')[2] ?? '---';
        n.permissions = base('user') + base('group') + base('other');
        n.acl = entries.filter((e) => !/^(user|group|other)::/.test(e)).join(',');
      }
      const perms = req.headers['x-ms-permissions'] as string | undefined;
      if (perms) n.permissions = perms.slice(0, 9);
      if (req.headers['x-ms-owner']) n.owner = req.headers['x-ms-owner'] as string;
      if (req.headers['x-ms-group']) n.group = req.headers['x-ms-group'] as string;
      return ok(200);
    }
    if (m === 'PUT' && req.headers['x-ms-rename-source']) {
      // Path style: the SDK names the source with the account (`/{account}/{filesystem}/{path}`).
      const src = decodeURIComponent(String(req.headers['x-ms-rename-source']).split('?')[0]).replace(`/${ACCOUNT}/${FS}`, '') || '/';
      if (!nodes.has(src)) return fail(res, 404, 'SourcePathNotFound', m);
      if (n && req.headers['if-none-match'] === '*') return fail(res, 409, 'PathAlreadyExists', m);
      parentsOf(path);
      for (const k of [src, ...childrenOf(src, true)]) { nodes.set(path + k.slice(src.length), nodes.get(k)!); nodes.delete(k); }
      return ok(201);
    }
    if (m === 'PUT' && q.get('resource')) {
      if (n && req.headers['if-none-match'] === '*') return fail(res, 409, 'PathAlreadyExists', m);
      parentsOf(path);
      const created = node(q.get('resource') === 'directory');
      const perm = req.headers['x-ms-permissions'] as string | undefined;
      if (perm && /^0?[0-7]{3}$/.test(perm)) created.permissions = [...perm.slice(-3)].map((d) => ['---', '--x', '-w-', '-wx', 'r--', 'r-x', 'rw-', 'rwx'][Number(d)]).join('');
      nodes.set(path, created);
      return ok(201);
    }
    if (m === 'PATCH' && q.get('action') === 'append') {
      if (!n) return fail(res, 404, 'PathNotFound', m);
      const pos = Number(q.get('position'));
      const staged = n.staged ?? Buffer.alloc(0);
      const next = Buffer.alloc(Math.max(staged.length, pos + body.length));
      staged.copy(next);
      body.copy(next, pos);
      n.staged = next;
      return ok(202);
    }
    if (m === 'PATCH' && q.get('action') === 'flush') {
      if (!n) return fail(res, 404, 'PathNotFound', m);
      const pos = Number(q.get('position'));
      n.data = Buffer.concat([n.data, (n.staged ?? Buffer.alloc(0)).subarray(n.data.length, pos)]).subarray(0, pos);
      n.staged = undefined;
      n.mtime = new Date();
      n.version = (n.version ?? 1) + 1;
      return ok(200);
    }
    if (m === 'GET' && !q.get('resource') && !q.get('comp')) {
      if (!n || n.dir) return fail(res, 404, 'BlobNotFound', m);
      const range = /bytes=(\d+)-(\d*)/.exec(String(req.headers['x-ms-range'] ?? req.headers.range ?? ''));
      if (!range) return ok(200, { 'content-length': String(n.data.length), 'x-ms-blob-type': 'BlockBlob' }, n.data);
      const start = Number(range[1]);
      const end = range[2] ? Math.min(Number(range[2]), n.data.length - 1) : n.data.length - 1;
      if (start >= n.data.length) return fail(res, 416, 'InvalidRange', m);
      return ok(206, { 'content-length': String(end - start + 1), 'content-range': `bytes ${start}-${end}/${n.data.length}`, 'x-ms-blob-type': 'BlockBlob' }, n.data.subarray(start, end + 1));
    }
    if (m === 'DELETE') {
      if (!n) return fail(res, 404, 'PathNotFound', m);
      const kids = childrenOf(path, true);
      if (n.dir && kids.length > 0 && q.get('recursive') !== 'true') return fail(res, 409, 'DirectoryNotEmpty', m);
      for (const k of [path, ...kids]) nodes.delete(k);
      return ok(200);
    }
    unknown.push(`${m} ${req.url}`);
    return fail(res, 400, 'UnsupportedHttpVerb', m);
  }

  const server = createServer((req, res) => { handle(req, res).catch((e) => { res.writeHead(500); res.end(String(e)); }); });
  await new Promise<void>((r) => server.listen(0, '127.0.0.1', r));
  const port = (server.address() as AddressInfo).port;
  return {
    url: `http://127.0.0.1:${port}/${ACCOUNT}/${FS}`, nodes, forbidden, unknown,
    close: () => new Promise((r) => { server.closeAllConnections(); server.close(() => r()); }),
  };
}
