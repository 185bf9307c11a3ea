import type { StorageNamespaceProvisioner } from '../../core.js';
import type { Db } from '../../store/db.js';
import { migrate } from '../../store/db.js';
import type { NamespaceStore } from '../../store/store.js';
import { FileSystemRegistry, fileSystemMigrations, namespaceKey } from './registry.js';

/**
 * What the Gen2 data plane keeps for a storage account, for Resource Manager (core.storageNamespaces): an account needs nothing prepared (file systems are created by the data plane), and removing it removes
 * every file system with its bytes, so a new account of the same name starts empty.
 */
export function gen2Provisioner(db: Db, store: NamespaceStore): StorageNamespaceProvisioner {
  migrate(db, fileSystemMigrations);
  const registry = new FileSystemRegistry(db);
  return {
    provision: () => {},
    async destroy(account: string): Promise<void> {
      const name = account.toLowerCase();
      for (;;) {
        const page = registry.list(name, { limit: 1000 });
        if (page.length === 0) return;
        for (const fs of page) {
          registry.remove(name, fs.name);
          await store.destroy(namespaceKey(name, fs.name));
        }
      }
    },
  };
}
