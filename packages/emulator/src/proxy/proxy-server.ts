import { createServer, request as httpRequest, type IncomingMessage, type OutgoingHttpHeaders, type Server, type ServerResponse } from 'node:http';
import { connect, type AddressInfo, type Socket } from 'node:net';
import type { Duplex } from 'node:stream';
import type { Logger } from '../log.js';
import { isImpersonatedHost } from './public-hosts.js';
import { parseConnectTarget } from './target.js';

export interface ProxyOptions {
  port: number;
  host: string;
  /** Refuse hosts the emulator does not impersonate (403) instead of tunnelling them. */
  denyOther: boolean;
  log: Logger;
  verbose: boolean;
  /** Serves one intercepted connection (already past the CONNECT) as if the client had dialled the emulator. */
  intercept: (socket: Duplex) => void;
}

/** Request headers that describe the hop to the proxy, never forwarded (RFC 9110 §7.6.1), credentials first. */
const HOP_BY_HOP = new Set(['proxy-authorization', 'proxy-authenticate', 'proxy-connection', 'connection', 'keep-alive', 'te', 'trailer',
  'transfer-encoding', 'upgrade']);

/** A tunnel with no traffic for this long is closed (the proxy server's own idle timeout stops at CONNECT). */
const TUNNEL_IDLE_MS = 120_000;

const isLoopbackAddress = (host: string) => host === 'localhost' || host === '::1' || /^127\./.test(host);

/** Plain-text answer on a raw socket, then close (CONNECT answers and refusals). */
function answerRaw(socket: Duplex, status: string, text: string): void {
  const body = Buffer.from(text + '\n');
  socket.end(`HTTP/1.1 ${status}\r\nContent-Type: text/plain; charset=utf-8\r\nContent-Length: ${body.length}\r\nConnection: close\r\n\r\n${body.toString()}`);
}

/**
 * The transparent mode's HTTP proxy. `CONNECT` to a name the emulator impersonates is answered locally: the
 * socket goes to the emulator's TLS server, which presents a certificate for that name from its CA. Every other
 * host is tunnelled byte for byte (or refused with `denyOther`). Plain-HTTP requests in absolute form are
 * forwarded for other hosts and refused for impersonated names (those are HTTPS only, as on Azure).
 * `Proxy-Authorization` is never forwarded; the log names hosts, never headers or paths.
 */
export class TransparentProxy {
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private listeningPort = 0;

  private readonly denyOther: boolean;

  constructor(private readonly opts: ProxyOptions) {
    // Reachable from other machines, tunnelling would relay them into this host's loopback and private
    // networks (the emulator's test API included): off the loopback, only the impersonated names are served.
    this.denyOther = opts.denyOther || !isLoopbackAddress(opts.host);
    if (this.denyOther && !opts.denyOther) {
      opts.log.warn(`proxy: listening on ${opts.host}, not loopback: hosts the emulator does not impersonate are refused (as with --proxy-deny-other)`);
    }
    this.server = createServer((req, res) => this.forward(req, res));
    this.server.on('connect', (req: IncomingMessage, socket: Socket, head: Buffer) => this.connect(req, socket, head));
    this.server.on('connection', (s: Socket) => {
      this.sockets.add(s);
      s.on('close', () => this.sockets.delete(s));
    });
    this.server.on('clientError', (_err, socket) => {
      if (socket.writable) answerRaw(socket, '400 Bad Request', 'Bad request');
      else socket.destroy();
    });
  }

  private note(line: string): void {
    if (this.opts.verbose) this.opts.log.debug(`proxy: ${line}`);
  }

  private connect(req: IncomingMessage, socket: Socket, head: Buffer): void {
    socket.on('error', () => socket.destroy());
    const target = parseConnectTarget(req.url ?? '');
    if (!target) return answerRaw(socket, '400 Bad Request', 'CONNECT needs host:port');
    if (isImpersonatedHost(target.host)) {
      this.note(`CONNECT ${target.host}:${target.port} served by the emulator`);
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) socket.unshift(head);
      this.opts.intercept(socket);
      return;
    }
    if (this.denyOther) {
      this.note(`CONNECT ${target.host}:${target.port} refused`);
      return answerRaw(socket, '403 Forbidden', `The adls-gen1 emulator's proxy only serves the Azure names it impersonates (--proxy-deny-other): ${target.host} refused.`);
    }
    this.note(`CONNECT ${target.host}:${target.port} tunnelled`);
    const upstream = connect({ host: target.host, port: target.port });
    let connected = false;
    upstream.once('connect', () => {
      connected = true;
      socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
      if (head.length > 0) upstream.write(head);
      upstream.pipe(socket);
      socket.pipe(upstream);
    });
    upstream.on('error', (e) => {
      if (!connected) answerRaw(socket, '502 Bad Gateway', `Cannot reach ${target.host}:${target.port}: ${(e as NodeJS.ErrnoException).code ?? e.message}`);
      else socket.destroy();
    });
    socket.setTimeout(TUNNEL_IDLE_MS, () => socket.destroy());
    socket.on('close', () => upstream.destroy());
  }

  /** Plain-HTTP proxying (absolute-form request targets). */
  private forward(req: IncomingMessage, res: ServerResponse): void {
    let url: URL;
    try {
      url = new URL(req.url ?? '');
      if (url.protocol !== 'http:') throw new Error('not http');
    } catch {
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end("This is the adls-gen1 emulator's HTTP proxy: send absolute-form http:// requests or CONNECT host:port.\n");
    }
    const host = url.hostname;
    if (isImpersonatedHost(host)) {
      this.note(`GET http://${host} refused (HTTPS only)`);
      res.writeHead(400, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end(`${host} is served over HTTPS only: use https://${host}${url.port ? ':' + url.port : ''}/ (the proxy answers it through CONNECT).\n`);
    }
    if (this.denyOther) {
      this.note(`http://${host} refused`);
      res.writeHead(403, { 'Content-Type': 'text/plain; charset=utf-8' });
      return void res.end(`The adls-gen1 emulator's proxy only serves the Azure names it impersonates (--proxy-deny-other): ${host} refused.\n`);
    }
    this.note(`http://${host}:${url.port || 80} forwarded`);
    // Hop-by-hop: the fixed list and whatever the client's Connection header names (RFC 9110 §7.6.1).
    const named = new Set(String(req.headers.connection ?? '').split(',').map((h) => h.trim().toLowerCase()).filter(Boolean));
    const headers: OutgoingHttpHeaders = {};
    for (const [k, v] of Object.entries(req.headers)) if (!HOP_BY_HOP.has(k) && !named.has(k) && v !== undefined) headers[k] = v;
    const upstream = httpRequest({ host, port: url.port || 80, method: req.method, path: url.pathname + url.search, headers }, (up) => {
      const back: OutgoingHttpHeaders = {};
      for (const [k, v] of Object.entries(up.headers)) if (!HOP_BY_HOP.has(k) && v !== undefined) back[k] = v;
      res.writeHead(up.statusCode ?? 502, back);
      up.pipe(res);
    });
    upstream.on('error', (e) => {
      if (!res.headersSent) {
        res.writeHead(502, { 'Content-Type': 'text/plain; charset=utf-8' });
        res.end(`Cannot reach ${host}: ${(e as NodeJS.ErrnoException).code ?? e.message}\n`);
      } else res.destroy();
    });
    res.on('close', () => upstream.destroy()); // a client gone mid-way must not leave the upstream request hanging
    req.pipe(upstream);
  }

  async start(): Promise<void> {
    await new Promise<void>((resolve, reject) => {
      this.server.once('error', reject);
      this.server.listen(this.opts.port, this.opts.host, () => {
        this.server.off('error', reject);
        resolve();
      });
    });
    this.listeningPort = (this.server.address() as AddressInfo).port;
  }

  get port(): number { return this.listeningPort; }

  async stop(): Promise<void> {
    const closed = new Promise<void>((resolve) => this.server.close(() => resolve()));
    for (const s of this.sockets) s.destroy();
    await closed;
  }
}
