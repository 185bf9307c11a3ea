import { lookup as dnsLookup, type LookupAddress } from 'node:dns';
import { rootCertificates } from 'node:tls';
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
      ...(extra.length > 0 ? { ca: [...rootCertificates, ...extra] } : {}),
    },
  });
}
