import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { createSecureContext, rootCertificates, type SecureContext } from 'node:tls';
import { Agent } from 'undici';

export interface AgentOptions {
  /** Extra trusted CA certificates (PEM), added to Node's roots (e.g. the emulator's CA). */
  ca?: string | string[];
  /** Keep-alive connections per origin; size it to the transfer concurrency. */
  connections?: number;
}

/**
 * Resolves `*.localhost` to loopback (RFC 6761 §6.3, as browsers do), so that emulator account hosts
 * such as `myaccount.adls.localhost` work without an /etc/hosts entry. Everything else goes to DNS.
 */
export function localhostAwareLookup(
  hostname: string,
  options: { all?: boolean; family?: number },
  callback: (err: NodeJS.ErrnoException | null, address: string | LookupAddress[], family?: number) => void,
): void {
  const h = hostname.toLowerCase();
  if (h === 'localhost' || h.endsWith('.localhost')) {
    if (options.all) callback(null, [{ address: '127.0.0.1', family: 4 }]);
    else callback(null, '127.0.0.1', 4);
    return;
  }
  dnsLookup(hostname, options as never, callback as never);
}

/** Trust contexts by their extra CA PEMs: few distinct ones per process (usually one, the emulator's). */
const trustContexts = new Map<string, SecureContext>();
const MAX_TRUST_CONTEXTS = 8;

/**
 * One TLS context trusting Node's roots plus `extra`, built once and shared by every connection. Passing
 * `ca` to each connect instead makes Node parse all ~140 root certificates again per connection (about
 * 30 ms of CPU each, 200 ms on a busy machine: 16 connections cost half a second before the first byte).
 * The default context already holds the roots, parsed once per process; `addCACert` adds ours to a copy of
 * that store (what `ca: [...rootCertificates, ...extra]` means, in a millisecond instead of 30–200).
 */
export function trustContext(extra: string[]): SecureContext {
  const key = extra.join('\n');
  let ctx = trustContexts.get(key);
  if (!ctx) {
    ctx = createSecureContext();
    const native = ctx.context as { addCACert?: (pem: string) => void } | undefined;
    if (typeof native?.addCACert === 'function') for (const pem of extra) native.addCACert(pem);
    else ctx = createSecureContext({ ca: [...rootCertificates, ...extra] });
    if (trustContexts.size >= MAX_TRUST_CONTEXTS) trustContexts.delete(trustContexts.keys().next().value!);
    trustContexts.set(key, ctx);
  }
  return ctx;
}

/** A keep-alive connection pool with the toolkit's TLS trust and host resolution. */
export function createAgent(opts: AgentOptions = {}): Agent {
  const extra = opts.ca === undefined ? [] : Array.isArray(opts.ca) ? opts.ca : [opts.ca];
  return new Agent({
    connections: opts.connections ?? 16,
    keepAliveTimeout: 30_000,
    keepAliveMaxTimeout: 60_000,
    headersTimeout: 120_000,
    bodyTimeout: 300_000,
    connect: {
      lookup: localhostAwareLookup as never,
      ...(extra.length > 0 ? { secureContext: trustContext(extra) } : {}),
    },
  });
}
