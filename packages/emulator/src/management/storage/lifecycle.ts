import { storageAccountScope } from '../../authorization/scopes.js';
import type { EmulatorCore } from '../../core.js';

/** Making a storage account usable and removing it with everything the data plane keeps for it. */

/** Marks a created account Succeeded once its data plane is ready; the error when it cannot be. */
export function activateStorageAccount(core: EmulatorCore, name: string): { code: string; message: string } | undefined {
  const a = core.storageAccounts.get(name);
  if (!a) return { code: 'StorageAccountNotFound', message: `The storage account ${name} was deleted before it finished creating.` };
  try {
    const owner = core.directory.userByOid(a.ownerOid);
    core.storageNamespaces.provision(a.name, { oid: a.ownerOid, name: owner?.upn ?? a.ownerOid });
  } catch (e) {
    core.log.warn(`provisioning the storage account ${name} failed: ${(e as Error).message}`);
    core.storageAccounts.update(name, { provisioningState: 'Failed' }, core.options.now());
    return { code: 'InternalServerError', message: 'Provisioning the storage account failed.' };
  }
  core.storageAccounts.update(name, { provisioningState: 'Succeeded' }, core.options.now());
  return undefined;
}

/** Removes the account (its keys stop working at once), then its file systems and their bytes. */
export async function destroyStorageAccount(core: EmulatorCore, name: string): Promise<void> {
  const a = core.storageAccounts.get(name);
  // Azure removes the role assignments of a deleted resource: a new account of the same name starts without them.
  if (a) core.roleAssignments.removeWithin(storageAccountScope(a.subscriptionId, a.resourceGroup, a.name));
  core.storageAccounts.remove(name);
  try {
    await core.storageNamespaces.destroy(name);
  } catch (e) {
    core.log.warn(`removing the file systems of storage account ${name} failed: ${(e as Error).message}`);
  }
}
