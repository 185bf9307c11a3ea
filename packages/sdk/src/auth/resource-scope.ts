import { InvalidArgumentError } from '../errors.js';

const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

/**
 * The one v1 resource a getToken call asks for, from v2 scopes (`https://datalake.azure.net//.default`,
 * `https://datalake.azure.net/user_impersonation`) or v1 resource ids (`https://datalake.azure.net/`).
 * Always returned with a trailing slash, so cache keys agree whichever form the caller used.
 */
export function resourceFromScopes(scopes: string | string[]): string {
  const list = (Array.isArray(scopes) ? scopes : scopes.split(' ')).map((s) => s.trim()).filter((s) => s && !OIDC_SCOPES.has(s));
  const resources = new Set(list.map(resourceOf));
  if (resources.size !== 1) {
    throw new InvalidArgumentError(resources.size === 0 ? 'getToken needs one resource scope, e.g. https://datalake.azure.net//.default' : `getToken accepts scopes of one resource only, got: ${[...resources].join(', ')}`);
  }
  return [...resources][0];
}

function resourceOf(s: string): string {
  let u: URL;
  try {
    u = new URL(s);
  } catch {
    return s; // api://… or a bare app id: use as given
  }
  if (u.protocol !== 'https:' && u.protocol !== 'http:') return s;
  if (u.pathname === '/' || u.pathname === '') return `${u.origin}/`;
  // A scope: drop the permission after the last '/'.
  const i = s.lastIndexOf('/');
  const r = s.slice(0, i);
  return r.endsWith('/') ? r : `${r}/`;
}

/** v2 scope string for a resource: `{resource}/.default` plus the OIDC scopes that get us an RT and an id_token. */
export function v2ScopeFor(resource: string, withOidc = true): string {
  const def = `${resource}/.default`;
  return withOidc ? `${def} offline_access openid profile` : def;
}
