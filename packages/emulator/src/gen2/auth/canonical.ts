import type { IncomingHttpHeaders } from 'node:http';
import { compareHeaderNames } from './header-order.js';

/**
 * The canonicalized parts of a Shared Key string to sign (Azure Storage "Authorize with Shared Key":
 * "Constructing the canonicalized headers string" and "Constructing the canonicalized resource string").
 */

/** `x-ms-*` headers, lower-cased, in the service's order, `name:value\n` each. `foldWhitespace` replaces runs of
 *  linear whitespace inside values with one space, as the documentation says; the SDKs send values unfolded. */
export function canonicalizedHeaders(headers: IncomingHttpHeaders, foldWhitespace = false): string {
  const names = Object.keys(headers).map((n) => n.toLowerCase()).filter((n) => n.startsWith('x-ms-'));
  const unique = [...new Set(names)].sort(compareHeaderNames);
  let out = '';
  for (const name of unique) {
    const raw = headers[name];
    let value = (Array.isArray(raw) ? raw.join(',') : raw ?? '').trim();
    if (foldWhitespace) value = value.replace(/[ \t\r\n]+/g, ' ');
    out += `${name}:${value}\n`;
  }
  return out;
}

/**
 * `/{account}{path as sent}` then one `\n{name}:{values}` line per query parameter: names lower-cased and sorted,
 * values decoded, several values of one name sorted and comma-joined. `omitEmptyValues` leaves out parameters
 * without a value, as the JavaScript SDK's signer does (the documented form keeps them as `name:`).
 */
export function canonicalizedResource(account: string, rawPath: string, query: URLSearchParams, omitEmptyValues = false): string {
  const byName = new Map<string, string[]>();
  for (const [name, value] of query) {
    if (omitEmptyValues && value === '') continue;
    const key = name.toLowerCase();
    const list = byName.get(key);
    if (list) list.push(value); else byName.set(key, [value]);
  }
  let out = `/${account}${rawPath || '/'}`;
  for (const name of [...byName.keys()].sort()) out += `\n${name}:${byName.get(name)!.sort().join(',')}`;
  return out;
}

/** Shared Key Lite's resource: the path, plus `?comp=…` when the request names a component. */
export function canonicalizedResourceLite(account: string, rawPath: string, query: URLSearchParams): string {
  const comp = query.get('comp');
  return `/${account}${rawPath || '/'}${comp !== null ? `?comp=${comp}` : ''}`;
}
