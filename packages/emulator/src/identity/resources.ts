import { aad } from './errors.js';

/** A resource (API) tokens can be issued for (identity spec §3.2). */
export interface ResourceApp {
  displayName: string;
  /** Identifier URIs; the first is canonical (used as `aud` for v2 requests). */
  identifiers: string[];
  /** Delegated permissions with the text the consent page shows. */
  permissions: { name: string; description: string }[];
  requireMfa: boolean;
}

export const RESOURCES: ResourceApp[] = [
  {
    displayName: 'Windows Azure Service Management API',
    identifiers: ['https://management.core.windows.net/', 'https://management.azure.com/'],
    permissions: [{ name: 'user_impersonation', description: 'Access Azure Service Management as you' }],
    requireMfa: false,
  },
  {
    displayName: 'Azure Data Lake',
    identifiers: ['https://datalake.azure.net/'],
    permissions: [{ name: 'user_impersonation', description: 'Access Azure Data Lake as you' }],
    requireMfa: false,
  },
  {
    displayName: 'Azure Storage',
    identifiers: ['https://storage.azure.com/'],
    permissions: [{ name: 'user_impersonation', description: 'Access Azure Storage as you' }],
    requireMfa: false,
  },
];

/** Default resource when a v2 request names only OIDC scopes (emulator choice, spec §2.5). */
export const DEFAULT_RESOURCE = 'https://datalake.azure.net/';

export const OIDC_SCOPES = new Set(['openid', 'profile', 'offline_access', 'email']);

const strip = (s: string) => s.replace(/\/$/, '').toLowerCase();

/** Finds a registered resource by identifier URI, ignoring one trailing slash and case. */
export function findResource(identifier: string): ResourceApp | undefined {
  const key = strip(identifier);
  return RESOURCES.find((r) => r.identifiers.some((i) => strip(i) === key));
}

/** Stable key for a resource in the consent table (its canonical identifier). */
export const resourceKey = (r: ResourceApp) => r.identifiers[0];

/** What a request asks for, resolved against the registry. */
export interface ResourceRequest {
  resource: ResourceApp;
  /** v1: the `resource` string exactly as sent (echoed in `aud` and the response). v2: `{prefix}` of the scope. */
  requested: string;
  /** v2: the requested resource scopes as sent (e.g. `https://datalake.azure.net//.default`). */
  scopes: string[];
  /** v2: the OIDC scopes present in the request. */
  oidc: Set<string>;
}

/** Resolves a v1 `resource` parameter. */
export function resolveV1Resource(resource: string | null): ResourceRequest {
  if (!resource) throw aad.missingParam('resource');
  const r = findResource(resource);
  if (!r) throw aad.invalidResource(resource);
  return { resource: r, requested: resource, scopes: [], oidc: new Set() };
}

/**
 * Resolves a v2 `scope` list: OIDC scopes are set aside; every other scope is split at its last `/`
 * into resource and permission; at most one resource may be named.
 */
export function resolveV2Scopes(scope: string | null): ResourceRequest {
  if (scope === null || scope.trim() === '') throw aad.missingParam('scope');
  const parts = scope.split(/\s+/).filter(Boolean);
  const oidc = new Set(parts.filter((p) => OIDC_SCOPES.has(p)));
  const rest = parts.filter((p) => !OIDC_SCOPES.has(p));
  if (rest.length === 0) {
    return { resource: findResource(DEFAULT_RESOURCE)!, requested: DEFAULT_RESOURCE.replace(/\/$/, ''), scopes: [], oidc };
  }
  let found: ResourceApp | undefined;
  let prefix = '';
  for (const s of rest) {
    const cut = s.lastIndexOf('/');
    if (cut <= 0 || cut === s.length - 1) throw aad.invalidScope(`The provided value '${s}' for the input parameter 'scope' is not valid.`);
    const id = s.slice(0, cut);
    const r = findResource(id);
    if (!r) throw aad.invalidResource(id);
    const perm = s.slice(cut + 1);
    if (perm !== '.default' && !r.permissions.some((p) => p.name === perm)) {
      throw aad.invalidScope(`The provided value '${s}' for the input parameter 'scope' is not valid. The scope ${perm} is not valid.`);
    }
    if (found && found !== r) {
      throw aad.invalidScope('The provided value for the input parameter \'scope\' is not valid. Scopes for more than one resource were requested.');
    }
    found = r;
    prefix = id;
  }
  return { resource: found!, requested: prefix, scopes: rest, oidc };
}

/** v2 response `scope`: granted permissions as `{prefix}/{perm}` plus the requested `.default` entries. */
export function v2ScopeString(req: ResourceRequest): string {
  const granted = req.resource.permissions.map((p) => `${req.requested}/${p.name}`);
  const extra = req.scopes.filter((s) => !granted.includes(s));
  if (req.scopes.length === 0) extra.push(`${req.requested}/.default`);
  return [...granted, ...extra].join(' ');
}

/** `aud` of a v1-format access token: v1 echoes the resource as sent; v2 uses the canonical identifier. */
export function audienceFor(req: ResourceRequest, v1: boolean): string {
  if (v1) return req.requested;
  const canonical = req.resource.identifiers.find((i) => strip(i) === strip(req.requested));
  return canonical ?? resourceKey(req.resource);
}
