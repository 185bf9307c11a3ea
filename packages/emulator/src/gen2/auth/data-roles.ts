import { BUILT_IN_ROLES, type DataAccess } from '../../authorization/role-definitions.js';
import { scopeChain } from '../../authorization/scopes.js';
import type { EmulatorCore } from '../../core.js';
import type { Caller } from '../../store/access.js';
import type { StorageAccountRecord } from '../../storage-accounts/registry.js';

const STRENGTH: Record<DataAccess, number> = { reader: 1, contributor: 2, owner: 3 };

/**
 * The strongest Blob data role `oid` holds on the account (or on the container `filesystem`) through a role
 * assignment at that scope or any parent (subscription, resource group, account).
 */
export function dataAccessOf(core: EmulatorCore, account: StorageAccountRecord, filesystem: string | undefined, oid: string): DataAccess | undefined {
  const scopes = scopeChain(account.subscriptionId, account.resourceGroup, account.name, filesystem);
  let best: DataAccess | undefined;
  for (const id of core.roleAssignments.rolesOf(oid, scopes)) {
    const access = BUILT_IN_ROLES.find((r) => r.id === id.toLowerCase())?.dataAccess;
    if (access && (!best || STRENGTH[access] > STRENGTH[best])) best = access;
  }
  return best;
}

/**
 * An Azure AD caller as the store sees it. Azure checks RBAC first, then ACLs: the account owner and holders of
 * "Storage Blob Data Owner" are super-users; "Contributor" and "Reader" pass the checks they cover (store/access.ts).
 */
export function bearerCaller(core: EmulatorCore, account: StorageAccountRecord, filesystem: string | undefined, oid: string): Caller {
  const access = oid === account.ownerOid ? 'owner' : dataAccessOf(core, account, filesystem, oid);
  return { oid, groups: [oid], superUser: access === 'owner', ...(access === 'contributor' || access === 'reader' ? { dataRole: access } : {}) };
}
