import { Gen2Error } from '../errors.js';

/** Metadata names: C# identifiers (what the service accepts), compared case-insensitively. */
const NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

/**
 * `x-ms-properties` (DFS): `n1=base64(v1),n2=base64(v2)`; values must be base64 of ASCII text. Invalid input is the
 * service's 400 InvalidHeaderValue.
 */
export function parseDfsProperties(header: string | undefined): Record<string, string> | undefined {
  if (header === undefined) return undefined;
  if (header.trim() === '') return {};
  const out: Record<string, string> = {};
  for (const pair of header.split(',')) {
    const eq = pair.indexOf('=');
    const name = eq < 0 ? pair.trim() : pair.slice(0, eq).trim();
    const value = eq < 0 ? '' : pair.slice(eq + 1).trim();
    if (!NAME.test(name) || !/^[A-Za-z0-9+/]*={0,2}$/.test(value)) throw invalidProperties(header);
    const text = Buffer.from(value, 'base64').toString('latin1');
    if (!/^[\x20-\x7e]*$/.test(text)) throw invalidProperties(header);
    out[name] = text;
  }
  return out;
}

export const formatDfsProperties = (m: Readonly<Record<string, string>>): string =>
  Object.entries(m).map(([k, v]) => `${k}=${Buffer.from(v, 'latin1').toString('base64')}`).join(',');

const invalidProperties = (v: string) => new Gen2Error(400, 'InvalidHeaderValue', 'The value for one of the HTTP headers is not in the correct format.', {
  'x-ms-invalid-header-name': 'x-ms-properties', 'x-ms-invalid-header-value': v.replace(/[^\x20-\x7e]/g, '?').slice(0, 256),
});

/** Blob metadata: `x-ms-meta-{name}` request headers (names as sent, lower-cased by Node). */
export function metaHeaders(headers: import('node:http').IncomingHttpHeaders): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(headers)) {
    if (!k.startsWith('x-ms-meta-')) continue;
    const name = k.slice('x-ms-meta-'.length);
    if (!NAME.test(name)) throw new Gen2Error(400, 'InvalidMetadata', 'The metadata specified is invalid. It has characters that are not permitted.');
    out[name] = Array.isArray(v) ? v.join(',') : v ?? '';
  }
  return out;
}

/** Metadata as `x-ms-meta-*` response headers. */
export const metaResponseHeaders = (m: Readonly<Record<string, string>> | undefined): Record<string, string> =>
  Object.fromEntries(Object.entries(m ?? {}).map(([k, v]) => [`x-ms-meta-${k}`, v]));
