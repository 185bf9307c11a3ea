import { armErrors } from './errors.js';

/** Small type checks for request bodies; each failure is ARM's 400 InvalidRequestContent naming the field. */

export type Json = Record<string, unknown>;

export function asObject(v: unknown, path: string): Json {
  if (v === null || typeof v !== 'object' || Array.isArray(v)) throw armErrors.invalidContent(`'${path}' must be a JSON object.`);
  return v as Json;
}

/** The request body as an object; an empty body counts as `{}`. */
export function bodyObject(v: unknown): Json {
  return v === undefined ? {} : asObject(v, 'body');
}

export function optObject(o: Json, key: string, path = key): Json | undefined {
  const v = o[key];
  return v === undefined || v === null ? undefined : asObject(v, path);
}

export function optString(o: Json, key: string, path = key): string | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v !== 'string') throw armErrors.invalidContent(`'${path}' must be a string.`);
  return v;
}

export function optEnum<T extends string>(o: Json, key: string, values: readonly T[], path = key): T | undefined {
  const v = optString(o, key, path);
  if (v === undefined) return undefined;
  // ARM accepts enum values case-insensitively and echoes the canonical spelling.
  const hit = values.find((x) => x.toLowerCase() === v.toLowerCase());
  if (!hit) throw armErrors.invalidContent(`'${path}' value '${v}' is not one of ${values.join(', ')}.`);
  return hit;
}

export function optArray(o: Json, key: string, path = key): unknown[] | undefined {
  const v = o[key];
  if (v === undefined || v === null) return undefined;
  if (!Array.isArray(v)) throw armErrors.invalidContent(`'${path}' must be an array.`);
  return v;
}

export function optTags(o: Json): Record<string, string> | undefined {
  const t = optObject(o, 'tags');
  if (!t) return undefined;
  for (const [k, v] of Object.entries(t)) {
    if (typeof v !== 'string') throw armErrors.invalidContent(`tag '${k}' must have a string value.`);
  }
  return t as Record<string, string>;
}

/** `"East US 2"` → `eastus2` (management-api.md §1). */
export const normaliseLocation = (l: string) => l.replace(/\s+/g, '').toLowerCase();

/** Required `location`: missing → 400 LocationRequired. */
export function requireLocation(o: Json): string {
  const l = optString(o, 'location');
  if (l === undefined || l.trim() === '') throw armErrors.locationRequired();
  return normaliseLocation(l);
}
