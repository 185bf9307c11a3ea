import { COMMON_PARAMETERS, findOperation, type OperationSpec } from 'adls-gen1-protocol';
import { illegalArgument, invalidParam, RemoteError } from './remote-error.js';

/**
 * What URLSearchParams would change: '%' escapes, '+' (a space), anything outside printable ASCII, and a leading '?'
 * (which it drops).
 */
const NEEDS_DECODING = /[^\x20-\x7e]|[%+]|^\?/;

/** Query parameters with lower-cased names (the service ignores case, §2.1); repeated names keep every value. */
export class Params {
  private constructor(private readonly map: Map<string, string[]>) {}

  /** Form-decodes a raw query string ('+' is a space). */
  static parse(query: string): Params {
    const map = new Map<string, string[]>();
    if (!NEEDS_DECODING.test(query)) {
      // Printable ASCII without '%' or '+' (most queries): the form decoding changes nothing, so split it here.
      for (const pair of query.split('&')) {
        if (pair === '') continue;
        const eq = pair.indexOf('=');
        const key = (eq < 0 ? pair : pair.slice(0, eq)).toLowerCase();
        const v = eq < 0 ? '' : pair.slice(eq + 1);
        const list = map.get(key);
        if (list) list.push(v); else map.set(key, [v]);
      }
      return new Params(map);
    }
    for (const [k, v] of new URLSearchParams(query)) {
      const key = k.toLowerCase();
      const list = map.get(key);
      if (list) list.push(v); else map.set(key, [v]);
    }
    return new Params(map);
  }

  names(): string[] { return [...this.map.keys()]; }
  has(name: string): boolean { return this.map.has(name); }
  get(name: string): string | undefined { return this.map.get(name)?.[0]; }
  all(name: string): string[] { return this.map.get(name) ?? []; }

  bool(name: string, fallback: boolean): boolean {
    const v = this.get(name);
    if (v === undefined) return fallback;
    if (/^true$/i.test(v)) return true;
    if (/^false$/i.test(v)) return false;
    throw invalidParam(name, v);
  }

  /** A non-negative integer (or `min` and up), undefined when absent. */
  int(name: string, min = 0): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (!/^-?\d{1,16}$/.test(v)) throw invalidParam(name, v);
    const n = Number(v);
    if (!Number.isSafeInteger(n) || n < min) throw invalidParam(name, v);
    return n;
  }

  /** Octal permission `[01]?[0-7]{1,3}` (validated like the Java client), undefined when absent. */
  permission(name = 'permission'): number | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    if (!/^[01]?[0-7]{1,3}$/.test(v)) throw invalidParam(name, v);
    return parseInt(v, 8);
  }

  /** One of `choices` (matched without regard to case); returns the canonical spelling. */
  choice<T extends string>(name: string, choices: readonly T[]): T | undefined {
    const v = this.get(name);
    if (v === undefined) return undefined;
    const hit = choices.find((c) => c.toLowerCase() === v.toLowerCase());
    if (!hit) throw invalidParam(name, v);
    return hit;
  }
}

/**
 * Checks a request against the shared op table before any handler runs: known op, right namespace and
 * method, required parameters present, no unknown parameter (strict, like the real service's parser).
 */
export function validateOperation(params: Params, method: string, namespace: 'webhdfs' | 'webhdfsext'): OperationSpec {
  const opValue = params.get('op');
  if (opValue === undefined || opValue === '') throw illegalArgument('Invalid value for webhdfs parameter "op": missing');
  const spec = findOperation(opValue);
  if (!spec || spec.namespace !== namespace) throw invalidParam('op', opValue);
  if (spec.method !== method) {
    throw illegalArgument(`Invalid value for webhdfs parameter "op": ${spec.op} is not valid for HTTP method ${method}`);
  }
  for (const name of params.names()) {
    if (!COMMON_PARAMETERS.includes(name) && !spec.allowed.includes(name)) {
      throw illegalArgument(`Invalid webhdfs parameter "${name.slice(0, 100)}" for op ${spec.op}`);
    }
  }
  for (const name of spec.required) {
    if (!params.has(name)) throw illegalArgument(`Missing required webhdfs parameter "${name}" for op ${spec.op}`);
  }
  if (spec.atLeastOne.length > 0 && !spec.atLeastOne.some((n) => params.has(n))) {
    throw illegalArgument(`Op ${spec.op} needs at least one of: ${spec.atLeastOne.join(', ')}`);
  }
  return spec;
}

export { RemoteError };
