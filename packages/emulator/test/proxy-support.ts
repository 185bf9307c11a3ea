// A client that goes through an HTTP proxy the way real ones do (CONNECT, then TLS to the named host inside the
// tunnel), and shows what it met: the proxy's answer to CONNECT, the certificate, the HTTP response.
import { request as httpRequest } from 'node:http';
import { connect as netConnect } from 'node:net';
import { connect as tlsConnect, type PeerCertificate } from 'node:tls';

export interface ProxiedResponse {
  /** Status line of the proxy's answer to CONNECT. */
  connectStatus: number;
  connectBody: string;
  cert?: PeerCertificate;
  status?: number;
  headers?: Record<string, string | string[] | undefined>;
  body?: string;
}

/** Sends CONNECT host:port to the proxy; on 200, TLS (SNI = host, trusting `ca`) and one request inside the tunnel. */
export async function viaProxy(proxyPort: number, target: { host: string; port?: number; ca: string | string[] },
  req: { method?: string; path: string; headers?: Record<string, string>; body?: string } = { path: '/' }): Promise<ProxiedResponse> {
  const port = target.port ?? 443;
  const sock = netConnect({ host: '127.0.0.1', port: proxyPort });
  await new Promise<void>((res, rej) => { sock.once('connect', res); sock.once('error', rej); });
  sock.write(`CONNECT ${target.host}:${port} HTTP/1.1\r\nHost: ${target.host}:${port}\r\nProxy-Authorization: Basic dXNlcjpzZWNyZXQ=\r\n\r\n`);
  const head = await new Promise<string>((res, rej) => {
    let buf = '';
    const onData = (c: Buffer) => {
      buf += c.toString('latin1');
      const end = buf.indexOf('\r\n\r\n');
      if (end < 0) return;
      // A refusal carries a body (Content-Length); a 200 carries nothing before the tunnel starts.
      const len = Number(/content-length: *(\d+)/i.exec(buf.slice(0, end))?.[1] ?? 0);
      if (buf.length < end + 4 + len) return;
      sock.off('data', onData);
      res(buf);
    };
    sock.on('data', onData);
    sock.once('error', rej);
    sock.once('close', () => res(buf));
  });
  const connectStatus = Number(/^HTTP\/1\.1 (\d{3})/.exec(head)?.[1] ?? 0);
  const connectBody = head.slice(head.indexOf('\r\n\r\n') + 4);
  if (connectStatus !== 200) {
    sock.destroy();
    return { connectStatus, connectBody };
  }
  const tls = tlsConnect({ socket: sock, servername: target.host, ca: target.ca });
  await new Promise<void>((res, rej) => { tls.once('secureConnect', res); tls.once('error', rej); });
  const cert = tls.getPeerCertificate();
  return await new Promise<ProxiedResponse>((res, rej) => {
    const r = httpRequest({
      createConnection: () => tls, method: req.method ?? 'GET', path: req.path,
      headers: { Host: target.host, Connection: 'close', ...(req.headers ?? {}) },
    }, (resp) => {
      let body = '';
      resp.setEncoding('utf8');
      resp.on('data', (c) => { body += c; });
      resp.on('end', () => { tls.destroy(); res({ connectStatus, connectBody, cert, status: resp.statusCode, headers: resp.headers, body }); });
    });
    r.on('error', rej);
    r.end(req.body);
  });
}

/** A plain-HTTP request in absolute form (`GET http://host/path`) sent to the proxy. */
export async function plainViaProxy(proxyPort: number, url: string, headers: Record<string, string> = {}):
  Promise<{ status: number; body: string }> {
  return await new Promise((res, rej) => {
    const r = httpRequest({ host: '127.0.0.1', port: proxyPort, path: url, headers: { Host: url.startsWith('http') ? new URL(url).host : '127.0.0.1', ...headers } }, (resp) => {
      let body = '';
      resp.setEncoding('utf8');
      resp.on('data', (c) => { body += c; });
      resp.on('end', () => res({ status: resp.statusCode ?? 0, body }));
    });
    r.on('error', rej);
    r.end();
  });
}
