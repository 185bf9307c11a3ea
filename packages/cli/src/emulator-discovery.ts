// Finds out what an emulator URL serves (GET /_emulator/info) and which CA to trust for it.
import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { get as httpsGet } from 'node:https';
import { AdlsError, HttpPipeline, isLoopbackHost } from 'adls-gen1';
import type { EmulatorInfo } from 'adls-gen1-emulator';
import { defaultEmulatorLocation } from './commands/emulator.js';
import { CliError, EXIT } from './exit.js';

/** Node's own error code (ECONNREFUSED, SELF_SIGNED_CERT_IN_CHAIN…): the innermost one of the cause chain, since the SDK wraps network errors in an AdlsError with its own code (CONNECTION). */
export function errorCode(e: unknown): string | undefined {
  let found: string | undefined;
  for (let cur: any = e, i = 0; cur && i < 6; i++, cur = cur.cause) if (typeof cur.code === 'string') found = cur.code;
  return found;
}

/** The server's certificate is not signed by the CA tried (the SDK's CERTIFICATE_UNTRUSTED); the message is Node's code. */
class TrustError extends Error {}

/** GET a small text resource, verifying TLS against `ca` (or, with `insecure`, not at all: only for the pinning step). */
async function getText(url: string, tls: { ca: string[] } | 'insecure'): Promise<string> {
  try {
    const { status, text } = tls === 'insecure' ? await getInsecure(url) : await getVerified(url, tls.ca);
    if (status !== 200) throw new CliError(`${url} answered HTTP ${status}: is this an adls-gen1 emulator?`);
    return text;
  } catch (e) {
    if (e instanceof CliError) throw e;
    // The SDK's pipeline tells an untrusted certificate from other failures (CERTIFICATE_UNTRUSTED): one list of codes.
    if (e instanceof AdlsError && e.code === 'CERTIFICATE_UNTRUSTED') throw new TrustError(errorCode(e) ?? e.code);
    const code = errorCode(e);
    if (code === 'ECONNREFUSED') {
      throw new CliError(`no emulator is listening at ${new URL(url).origin}: start one with 'adls emulator start', `
        + `or point at a running one with --emulator <url> (or ADLS_EMULATOR); use --cloud azure for Azure`, EXIT.FAILURE);
    }
    throw new CliError(`cannot reach ${new URL(url).origin}: ${(e as Error).message}`, EXIT.FAILURE);
  }
}

async function getVerified(url: string, ca: string[]): Promise<{ status: number; text: string }> {
  const pipeline = new HttpPipeline({ ca, connections: 1, retry: { maxRetries: 0 } });
  try {
    const res = await pipeline.send({ method: 'GET', url, retry: false, headers: { accept: 'application/json' }, abortSignal: AbortSignal.timeout(10_000) });
    return { status: res.status, text: await res.body.text() };
  } finally {
    await pipeline.close();
  }
}

function getInsecure(url: string): Promise<{ status: number; text: string }> {
  return new Promise((resolve, reject) => {
    const req = httpsGet(url, { rejectUnauthorized: false, lookup: loopbackLookup }, (res) => {
      let text = '';
      res.setEncoding('utf8');
      res.on('data', (c) => { text += c; });
      res.on('end', () => resolve({ status: res.statusCode ?? 0, text }));
      res.on('error', reject);
    });
    req.on('error', reject);
    req.setTimeout(10_000, () => req.destroy(new Error('timed out')));
  });
}

/** *.localhost → 127.0.0.1 (this path only runs for loopback hosts). */
const loopbackLookup = ((_h: string, o: any, cb: any) => (o?.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4))) as never;

async function fetchInfo(base: string, ca: string[]): Promise<EmulatorInfo> {
  const text = await getText(`${base}/_emulator/info`, { ca });
  try {
    return JSON.parse(text) as EmulatorInfo;
  } catch {
    throw new CliError(`${base}/_emulator/info is not JSON: is this an adls-gen1 emulator?`);
  }
}

function readPem(path: string): string {
  try {
    return readFileSync(path, 'utf8');
  } catch (e) {
    throw new CliError(`cannot read CA file ${path}: ${(e as Error).message}`, EXIT.BAD_INPUT);
  }
}

/**
 * The emulator's info and CA. Trust, in order:
 * 1. an explicit CA file (ADLS_CA_FILE / profile `caFile`): used alone, no fallback;
 * 2. the CA of the local emulator's data folder (`adls emulator start` default) and NODE_EXTRA_CA_CERTS;
 * 3. for a loopback URL only, trust on first use: fetch /_emulator/ca.pem without verification, then
 *    fetch /_emulator/info *verifying* the server against that CA. The CA is only ever used for that
 *    loopback origin's tokens, which are emulator tokens; a remote URL needs an explicit CA file.
 */
export async function discoverEmulator(url: string, caFile?: string): Promise<{ info: EmulatorInfo; caPem: string }> {
  let base: string;
  try {
    const u = new URL(url);
    if (u.protocol !== 'https:') throw new Error('https only');
    base = u.origin;
  } catch {
    throw new CliError(`invalid emulator URL '${url}': expected https://host:port`, EXIT.BAD_INPUT);
  }
  if (caFile) {
    const pem = readPem(caFile);
    try {
      return { info: await fetchInfo(base, [pem]), caPem: pem };
    } catch (e) {
      if (e instanceof TrustError) throw new CliError(`${base} is not signed by the CA in ${caFile} (${e.message})`, EXIT.FAILURE);
      throw e;
    }
  }
  const candidates = [join(defaultEmulatorLocation(), 'tls', 'ca.pem'), process.env.NODE_EXTRA_CA_CERTS]
    .filter((p): p is string => !!p && existsSync(p)).map(readPem);
  if (candidates.length > 0) {
    try {
      return { info: await fetchInfo(base, candidates), caPem: candidates.join('\n') };
    } catch (e) {
      if (!(e instanceof TrustError)) throw e;
    }
  }
  if (!isLoopbackHost(new URL(base).hostname)) {
    throw new CliError(`cannot verify the TLS certificate of ${base}: set ADLS_CA_FILE to its CA (GET ${base}/_emulator/ca.pem)`, EXIT.FAILURE);
  }
  const pinned = await getText(`${base}/_emulator/ca.pem`, 'insecure');
  if (!pinned.includes('BEGIN CERTIFICATE')) throw new CliError(`${base}/_emulator/ca.pem is not a PEM certificate`);
  try {
    return { info: await fetchInfo(base, [pinned]), caPem: pinned };
  } catch (e) {
    if (e instanceof TrustError) throw new CliError(`${base} does not present a certificate from its own CA (${e.message})`, EXIT.FAILURE);
    throw e;
  }
}
