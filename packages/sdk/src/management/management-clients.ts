import type { TokenCredential } from '../auth/types.js';
import type { HttpPipeline } from '../http/pipeline.js';
import { AccountsClient } from './accounts.js';
import { createManagementPipeline, type ManagementClientOptions } from './arm-client.js';
import { FirewallRulesClient, TrustedIdProvidersClient, VirtualNetworkRulesClient } from './child-resources.js';
import { ResourceGroupsClient, type ResourceGroupsClientOptions } from './resource-groups.js';
import { StorageAccountsClient } from './storage-accounts.js';

/** A facade over several operation groups: one pipeline for all of them, closed with the facade unless the caller supplied it. */
abstract class ManagementFacade {
  protected readonly pipeline: HttpPipeline;
  private readonly ownsPipeline: boolean;

  protected constructor(credential: TokenCredential, options: ManagementClientOptions) {
    this.ownsPipeline = !options.pipeline;
    this.pipeline = options.pipeline ?? createManagementPipeline(credential, options);
  }

  /** Releases the connection pool (when this facade created it). */
  async close(): Promise<void> {
    if (this.ownsPipeline) await this.pipeline.close();
  }
}

/** Like azure-mgmt-resource's ResourceManagementClient: `client.resourceGroups`. */
export class ResourceManagementClient extends ManagementFacade {
  readonly resourceGroups: ResourceGroupsClient;

  constructor(credential: TokenCredential, readonly subscriptionId: string, options: ResourceGroupsClientOptions = {}) {
    super(credential, options);
    this.resourceGroups = new ResourceGroupsClient(credential, subscriptionId, { ...options, pipeline: this.pipeline });
  }
}

/**
 * Like azure-mgmt-datalake-store's DataLakeStoreAccountManagementClient: `accounts`, `firewallRules`,
 * `virtualNetworkRules`, `trustedIdProviders`, all over one connection pool and token cache.
 */
export class DataLakeStoreAccountManagementClient extends ManagementFacade {
  readonly accounts: AccountsClient;
  readonly firewallRules: FirewallRulesClient;
  readonly virtualNetworkRules: VirtualNetworkRulesClient;
  readonly trustedIdProviders: TrustedIdProvidersClient;

  constructor(credential: TokenCredential, readonly subscriptionId: string, options: ManagementClientOptions = {}) {
    super(credential, options);
    const shared = { ...options, pipeline: this.pipeline };
    this.accounts = new AccountsClient(credential, subscriptionId, shared);
    this.firewallRules = new FirewallRulesClient(credential, subscriptionId, shared);
    this.virtualNetworkRules = new VirtualNetworkRulesClient(credential, subscriptionId, shared);
    this.trustedIdProviders = new TrustedIdProvidersClient(credential, subscriptionId, shared);
  }
}

/** Like azure-mgmt-storage's StorageManagementClient: `storageAccounts` (ADLS Gen2 accounts and the others). */
export class StorageManagementClient extends ManagementFacade {
  readonly storageAccounts: StorageAccountsClient;

  constructor(credential: TokenCredential, readonly subscriptionId: string, options: ManagementClientOptions = {}) {
    super(credential, options);
    this.storageAccounts = new StorageAccountsClient(credential, subscriptionId, { ...options, pipeline: this.pipeline });
  }
}
