import type { NamespaceProvisioner } from '../core.js';
import type { Directory } from '../identity/directory.js';
import type { AclEntry } from '../store/acl.js';
import type { NamespaceStore } from '../store/store.js';

/** Group of every account root: nobody belongs to it, so group bits grant nothing until a SETOWNER changes it. */
export const ROOT_GROUP = '00000000-0000-0000-0000-000000000000';

/**
 * How a Gen1 account's namespace starts: its creator owns `/` (770). The default account's root is 1771 with a
 * named rwx entry for every other directory user, so they can create their own items (sticky: nobody removes
 * another's) but not read the owner's 770 files.
 */
export function gen1Provisioner(store: NamespaceStore, directory: Directory, defaultAccount: string): NamespaceProvisioner {
  return {
    provision: (account, owner) => {
      const isDefault = account === defaultAccount;
      const acl: AclEntry[] = isDefault
        ? directory.listUsers().filter((u) => u.oid !== owner.oid).map((u) => ({ scope: 'access', type: 'user', name: u.oid, perm: 7 }))
        : [];
      if (acl.length > 0) acl.push({ scope: 'access', type: 'mask', name: '', perm: 7 });
      store.provision(account, owner.oid, ROOT_GROUP, { mode: isDefault ? 0o1771 : 0o770, acl });
    },
    destroy: (account) => store.destroy(account),
  };
}
