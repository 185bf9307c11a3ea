import type { AccountRegistry } from './accounts/registry.js';
import type { RoleAssignmentRegistry } from './authorization/role-assignments.js';
import type { EmulatorOptions } from './config.js';
import type { Directory } from './identity/directory.js';
import type { SigningKeys } from './identity/keys.js';
import type { StorageAccountRegistry } from './storage-accounts/registry.js';
import type { Principal, TokenValidator } from './identity/validator.js';
import type { Logger } from './log.js';
import type { Db } from './store/db.js';
import type { NamespaceStore } from './store/store.js';
import type { LocalCa } from './tls/ca.js';

/** Creates and destroys the data-plane namespace that belongs to an account (implemented by the data plane). */
export interface NamespaceProvisioner {
  /** Creates the account's namespace with `owner` owning `/` (idempotent). */
  provision(account: string, owner: { oid: string; name: string }): void;
  /** Removes the namespace and all of its bytes. */
  destroy(account: string): Promise<void>;
}

/**
 * What the Gen2 data plane keeps for a storage account beyond its registry row (file systems and their bytes).
 * Resource Manager calls it when an account finishes creating and when it is deleted; the Gen2 front end
 * implements it (gen2/filesystems/provisioner.ts).
 */
export interface StorageNamespaceProvisioner {
  /** Prepares the account for data-plane use (idempotent); `owner` is its creator. */
  provision(account: string, owner: { oid: string; name: string }): void;
  /** Removes every file system of the account and all of their bytes. */
  destroy(account: string): Promise<void>;
}

/** Shared state every service of the emulator is built from. */
export interface EmulatorCore {
  options: EmulatorOptions;
  db: Db;
  log: Logger;
  ca: LocalCa;
  keys: SigningKeys;
  directory: Directory;
  accounts: AccountRegistry;
  /** Storage accounts (Gen2), with their keys. */
  storageAccounts: StorageAccountRegistry;
  /** Azure RBAC role assignments (Resource Manager writes them, the Gen2 data plane grants data access by them). */
  roleAssignments: RoleAssignmentRegistry;
  /** Creates and removes storage accounts' file systems (used by Resource Manager). */
  storageNamespaces: StorageNamespaceProvisioner;
  validator: TokenValidator;
  /** The namespaces of all accounts (durable or in memory), shared by every front end of the data plane. */
  store: NamespaceStore;
  /** Creates and removes accounts' namespaces (used by Resource Manager). */
  namespaces: NamespaceProvisioner;
  /** https://{publicHost}:{port}: authority host, management endpoint, issuer base. */
  baseUrl(): string;
  /** The listening port (known after start). */
  port(): number;
  defaultAccount: { name: string; resourceGroup: string; location: string };
  /** System roots + the emulator's CA (for REQUESTS_CA_BUNDLE / SSL_CERT_FILE). */
  caBundlePath: string;
  /** http://host:port of the transparent-mode proxy, when it runs. */
  proxyUrl(): string | undefined;
}

export type { Principal };
