import { aad } from './errors.js';
import type { Directory, Tenant } from './directory.js';

/** The `{tenant}` path segment, resolved (identity spec §1: GUID, verified domain, or an alias). */
export interface TenantRef {
  /** As written in the path. */
  segment: string;
  /** `common` / `organizations`: the tenant is the signing-in user's home tenant. */
  alias: string | null;
  /** The concrete tenant (undefined for aliases). */
  tenant?: Tenant;
}

export const TENANT_ALIASES = new Set(['common', 'organizations']);

export function resolveTenant(directory: Directory, segment: string): TenantRef {
  const lower = segment.toLowerCase();
  if (TENANT_ALIASES.has(lower)) return { segment, alias: lower };
  if (lower === 'consumers') {
    throw aad.invalidRequest('The emulator has no Microsoft accounts: the \'consumers\' authority is not supported.', 9002331);
  }
  const tenant = directory.findTenant(segment);
  if (!tenant) throw aad.tenantNotFound(segment);
  return { segment, alias: null, tenant };
}

/** `{tid}` for endpoint URLs: the GUID for concrete tenants, the alias kept as is. */
export const tenantPathId = (t: TenantRef) => t.tenant?.id ?? t.alias!;
