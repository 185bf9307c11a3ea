import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import type { AuthCheck, SignedRequest } from '../src/gen2/auth/signed-request.js';

/**
 * A tiny HTTP server standing in for the Gen2 endpoints in the auth tests: it turns each request into the
 * `SignedRequest` the Gen2 router builds (path-style: the account is the first path segment), runs the verifier
 * under test, and answers the status the SDKs expect for the call, or the failure as the service words it.
 */
export interface SigningServer {
  /** `http://127.0.0.1:PORT` (path-style: the account follows as the first segment) */
  origin: string;
  port: number;
  /** Every request seen, with the verifier's verdict. */
  seen: { req: SignedRequest; check: AuthCheck }[];
  close(): Promise<void>;
}

export function signedRequestOf(m: IncomingMessage): SignedRequest {
  const url = m.url ?? '/';
  const q = url.indexOf('?');
  const rawPath = q < 0 ? url : url.slice(0, q);
  const account = decodeURIComponent(rawPath.split('/')[1] ?? '');
  return {
    method: m.method ?? 'GET', rawPath, query: new URLSearchParams(q < 0 ? '' : url.slice(q + 1)),
    headers: { ...m.headers }, account, protocol: 'http', remoteAddress: m.socket.remoteAddress,
  };
}

/** The success status of a call, by what the SDK under test expects. */
function successStatus(req: SignedRequest): number {
  const q = req.query;
  if (req.method === 'PUT') return q.get('comp') === 'metadata' || q.get('comp') === 'properties' ? 200 : 201;
  if (req.method === 'PATCH') return q.get('action') === 'append' ? 202 : 200;
  if (req.method === 'DELETE') return 202;
  return 200;
}

function reply(res: ServerResponse, req: SignedRequest, check: AuthCheck): void {
  const dfs = req.query.has('resource') || req.query.has('action');
  res.setHeader('x-ms-request-id', '00000000-0000-0000-0000-000000000000');
  res.setHeader('x-ms-version', '2026-02-06');
  if (!check.ok) {
    res.statusCode = check.status;
    res.setHeader('x-ms-error-code', check.code);
    if (dfs) {
      res.setHeader('content-type', 'application/json');
      res.end(JSON.stringify({ error: { code: check.code, message: check.message } }));
    } else {
      res.setHeader('content-type', 'application/xml');
      res.end(`<?xml version="1.0" encoding="utf-8"?><Error><Code>${check.code}</Code><Message>${check.message}</Message>`
        + `<AuthenticationErrorDetail>${(check.detail ?? '').replace(/&/g, '&amp;').replace(/</g, '&lt;')}</AuthenticationErrorDetail></Error>`);
    }
    return;
  }
  res.statusCode = successStatus(req);
  if (req.method === 'GET' && req.query.get('comp') === 'list') {
    res.setHeader('content-type', 'application/xml');
    res.end('<?xml version="1.0" encoding="utf-8"?><EnumerationResults><Blobs/><NextMarker/></EnumerationResults>');
    return;
  }
  res.setHeader('etag', '"0x8DB1F435B1012ED"');
  res.setHeader('last-modified', new Date().toUTCString());
  res.end();
}

export async function startSigningServer(verify: (req: SignedRequest) => AuthCheck): Promise<SigningServer> {
  const seen: SigningServer['seen'] = [];
  const server: Server = createServer((m, res) => {
    m.resume();
    m.on('end', () => {
      const req = signedRequestOf(m);
      const check = verify(req);
      seen.push({ req, check });
      reply(res, req, check);
    });
  });
  // Idle keep-alive sockets stay open for the whole test file: the SDKs reuse them, and a server closing one
  // just as a request goes out would reset it (the tests run without retries).
  server.keepAliveTimeout = 10 * 60_000;
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
  const { port } = server.address() as AddressInfo;
  return {
    port, origin: `http://127.0.0.1:${port}`, seen,
    close: () => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }),
  };
}

/** The verdicts that failed, with the call they refused (for assertion messages). */
export function failures(server: SigningServer): string[] {
  return server.seen.filter((s) => !s.check.ok)
    .map((s) => `${s.req.method} ${s.req.rawPath}?${s.req.query}: ${JSON.stringify(s.check)}`);
}
