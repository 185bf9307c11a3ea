// A tiny in-memory WebHDFS server over plain HTTP on loopback, for SDK and CLI tests that need
// fault injection (lost replies, 503s) or must run before the emulator's data plane exists.
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';

interface Node { type: 'FILE' | 'DIRECTORY'; data: Buffer; permission: string; mtime: number; acl: string[]; expiry?: number }

export interface SeenRequest { method: string; op: string; rawPath: string; path: string; query: URLSearchParams; body: Buffer }

export interface FakeWebHdfs {
  url: string;
  nodes: Map<string, Node>;
  requests: SeenRequest[];
  /** Hooks run before normal handling; return true when they answered (or killed) the request. */
  faults: ((req: SeenRequest, res: ServerResponse, apply: () => void) => boolean)[];
  close(): Promise<void>;
}

function fileStatus(name: string, n: Node) {
  return {
    length: n.data.length, pathSuffix: name, type: n.type, blockSize: n.type === 'FILE' ? 268435456 : 0,
    accessTime: n.mtime, modificationTime: n.mtime, replication: n.type === 'FILE' ? 1 : 0, permission: n.permission,
    owner: 'owner-oid', group: 'group-oid', ...(n.type === 'FILE' ? { msExpirationTime: n.expiry ?? 0 } : {}), aclBit: n.acl.length > 0,
  };
}

function remote(res: ServerResponse, status: number, exception: string, message: string): void {
  res.writeHead(status, { 'content-type': 'application/json; charset=utf-8', 'x-ms-request-id': 'fake-req-id' });
  res.end(JSON.stringify({ RemoteException: { exception, message: `${message} [fake-req-id]`, javaClassName: `x.${exception}` } }));
}

const norm = (p: string) => '/' + p.split('/').filter((s) => s && s !== '.').join('/');
const parent = (p: string) => { const i = p.lastIndexOf('/'); return i <= 0 ? '/' : p.slice(0, i); };

export async function startFakeWebHdfs(): Promise<FakeWebHdfs> {
  const nodes = new Map<string, Node>([['/', { type: 'DIRECTORY', data: Buffer.alloc(0), permission: '770', mtime: Date.now(), acl: [] }]]);
  const requests: SeenRequest[] = [];
  const faults: FakeWebHdfs['faults'] = [];

  const mkdirs = (p: string) => {
    const parts = p.split('/').filter(Boolean);
    let cur = '';
    for (const s of parts) {
      cur += '/' + s;
      const n = nodes.get(cur);
      if (!n) nodes.set(cur, { type: 'DIRECTORY', data: Buffer.alloc(0), permission: '770', mtime: Date.now(), acl: [] });
      else if (n.type === 'FILE') return false;
    }
    return true;
  };
  const children = (dir: string) => [...nodes.keys()].filter((k) => k !== '/' && parent(k) === dir).sort();

  const handle = (r: SeenRequest, res: ServerResponse) => {
    const { op, path, query } = r;
    const q = (k: string) => { for (const [kk, v] of query) if (kk.toLowerCase() === k) return v; return null; };
    const node = nodes.get(path);
    const json = (v: unknown) => { res.writeHead(200, { 'content-type': 'application/json; charset=utf-8' }); res.end(JSON.stringify(v)); };
    const empty = (status = 200) => { res.writeHead(status, { 'content-length': '0' }); res.end(); };
    const notFound = () => remote(res, 404, 'FileNotFoundException', `File/Folder does not exist: ${path}`);
    switch (op) {
      case 'GETFILESTATUS': return node ? json({ FileStatus: fileStatus('', node) }) : notFound();
      case 'LISTSTATUS': {
        if (!node) return notFound();
        if (node.type === 'FILE') return json({ FileStatuses: { continuationToken: '', FileStatus: [fileStatus('', node)] } });
        const size = Number(q('listsize') ?? 1e9);
        const after = q('listafter');
        const names = children(path).map((k) => k.slice(k.lastIndexOf('/') + 1)).filter((n) => after === null || n > after);
        const page = names.slice(0, size);
        return json({ FileStatuses: { continuationToken: page.length === size ? page[page.length - 1] : '', FileStatus: page.map((n) => fileStatus(n, nodes.get(norm(path + '/' + n))!)) } });
      }
      case 'MKDIRS': return mkdirs(path) ? json({ boolean: true }) : remote(res, 403, 'FileAlreadyExistsException', 'file in the way');
      case 'CREATE': {
        if (node && (node.type === 'DIRECTORY' || q('overwrite')?.toLowerCase() !== 'true')) return remote(res, 403, 'FileAlreadyExistsException', `${path} exists`);
        if (!mkdirs(parent(path))) return remote(res, 403, 'FileAlreadyExistsException', 'parent is a file');
        nodes.set(path, { type: 'FILE', data: r.body, permission: q('permission') ?? '770', mtime: Date.now(), acl: [] });
        return empty(201);
      }
      case 'APPEND': {
        if (!node || node.type !== 'FILE') return notFound();
        const off = q('offset');
        if (off !== null && Number(off) !== node.data.length) return remote(res, 400, 'BadOffsetException', 'APPEND failed with error 0x83090015 (Bad request. Invalid offset.).');
        node.data = Buffer.concat([node.data, r.body]);
        return empty();
      }
      case 'OPEN': {
        if (!node) return notFound();
        const off = Number(q('offset') ?? 0);
        const len = q('length') === null ? Infinity : Number(q('length'));
        res.writeHead(200, { 'content-type': 'application/octet-stream' });
        return res.end(node.data.subarray(off, Math.min(node.data.length, off + len)));
      }
      case 'DELETE': {
        if (!node || path === '/') return json({ boolean: false });
        if (node.type === 'DIRECTORY' && children(path).length > 0 && q('recursive')?.toLowerCase() !== 'true') return remote(res, 403, 'PathIsNotEmptyDirectoryException', `${path} is not empty`);
        for (const k of [...nodes.keys()]) if (k === path || k.startsWith(path + '/')) nodes.delete(k);
        return json({ boolean: true });
      }
      case 'RENAME': {
        const dst = norm(q('destination')!);
        if (!node || nodes.has(dst) || !nodes.has(parent(dst))) return json({ boolean: false });
        for (const k of [...nodes.keys()]) if (k === path || k.startsWith(path + '/')) { nodes.set(dst + k.slice(path.length), nodes.get(k)!); nodes.delete(k); }
        return json({ boolean: true });
      }
      case 'MSCONCAT': {
        const sources = (JSON.parse(r.body.toString()) as { sources: string[] }).sources.map(norm);
        if (sources.some((s) => nodes.get(s)?.type !== 'FILE')) return remote(res, 404, 'FileNotFoundException', 'source missing');
        mkdirs(parent(path));
        nodes.set(path, { type: 'FILE', data: Buffer.concat(sources.map((s) => nodes.get(s)!.data)), permission: '770', mtime: Date.now(), acl: [] });
        sources.forEach((s) => nodes.delete(s));
        return empty();
      }
      case 'SETPERMISSION': if (!node) return notFound(); node.permission = q('permission')!.replace(/^0(?=\d{3}$)/, ''); return empty();
      case 'MODIFYACLENTRIES': if (!node) return notFound(); node.acl.push(...q('aclspec')!.split(',')); return empty();
      case 'MSGETACLSTATUS': if (!node) return notFound(); return json({ AclStatus: { entries: ['user::rwx', ...node.acl, 'group::rwx', 'other::---'], owner: 'owner-oid', group: 'group-oid', permission: node.permission, stickyBit: false } });
      case 'CHECKACCESS': if (!node) return notFound(); return q('fsaction') === 'rwx' ? remote(res, 403, 'AccessControlException', 'denied') : empty();
      case 'SETEXPIRY': if (!node) return notFound(); node.expiry = Number(q('expiretime') ?? 0); return empty();
      case 'SETTIMES': if (!node) return notFound(); node.mtime = Number(q('modificationtime')); return empty();
      default: return remote(res, 400, 'IllegalArgumentException', `Invalid value for webhdfs parameter "op": ${op}`);
    }
  };

  const server: Server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const chunks: Buffer[] = [];
    req.on('data', (c: Buffer) => chunks.push(c));
    req.on('end', () => {
      const u = new URL(req.url!, 'http://x');
      const rawPath = u.pathname.replace(/^\/webhdfs\/v1/i, '').replace(/^\/webhdfsext/i, '');
      const r: SeenRequest = {
        method: req.method!, op: (u.searchParams.get('op') ?? '').toUpperCase(), rawPath,
        path: norm(rawPath.split('/').map(decodeURIComponent).join('/')), query: u.searchParams, body: Buffer.concat(chunks),
      };
      requests.push(r);
      for (const f of faults) if (f(r, res, () => handle(r, { writeHead: () => {}, end: () => {} } as never))) return;
      handle(r, res);
    });
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  return {
    url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`,
    nodes, requests, faults,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}
