import type { TokenCredential } from '../auth/types.js';
import type { HttpPipeline } from '../http/pipeline.js';
import { AccountsClient } from './accounts.js';
import { createManagementPipeline, type ManagementClientOptions } from './arm-client.js';
import { FirewallRulesClient, TrustedIdProvidersClient, VirtualNetworkRulesClient } from './child-resources.js';
import { ResourceGroupsClient, type ResourceGroupsClientOptions } from './resource-groups.js';

/** One pipeline for a facade's operation groups, closed with the facade unless the caller supplied it. */
function sharedPipeline(credential: TokenCredential, options: ManagementClientOptions): { pipeline: HttpPipeline; owned: boolean } {
  return options.pipeline ? { pipeline: options.pipeline, owned: false } : { pipeline: createManagementPipeline(credential, options), owned: true };
}

/** Like azure-mgmt-resource's ResourceManagementClient: `client.resourceGroups`. */
export class ResourceManagementClient {
  readonly resourceGroups: ResourceGroupsClient;
  private readonly pipeline: HttpPipeline;
  private readonly ownsPipeline: boolean;

  constructor(credential: TokenCredential, readonly subscriptionId: string, options: ResourceGroupsClientOptions = {}) {
    const { pipeline, owned } = sharedPipeline(credential, options);
    this.pipeline = pipeline;
    this.ownsPipeline = owned;
    this.resourceGroups = new ResourceGroupsClient(credential, subscriptionId, { ...options, pipeline });
  }

  async close(): Promise<void> {
    if (this.ownsPipeline) await this.pipeline.close();
  }
}

/**
 * Like azure-mgmt-datalake-store's DataLakeStoreAccountManagementClient: `accounts`, `firewallRules`,
 * `virtualNetworkRules`, `trustedIdProviders`, all over one connection pool and token cache.
 */
export class DataLakeStoreAccountManagementClient {
  readonly accounts: AccountsClient;
  readonly firewallRules: FirewallRulesClient;
  readonly virtualNetworkRules: VirtualNetworkRulesClient;
  readonly trustedIdProviders: TrustedIdProvidersClient;
  private readonly pipeline: HttpPipeline;
  private readonly ownsPipeline: boolean;

  constructor(credential: TokenCredential, readonly subscriptionId: string, options: ManagementClientOptions = {}) {
    const { pipeline, owned } = sharedPipeline(credential, options);
    this.pipeline = pipeline;
    this.ownsPipeline = owned;
    const shared = { ...options, pipeline };
    this.accounts = new AccountsClient(credential, subscriptionId, shared);
    this.firewallRules = new FirewallRulesClient(credential, subscriptionId, shared);
    this.virtualNetworkRules = new VirtualNetworkRulesClient(credential, subscriptionId, shared);
    this.trustedIdProviders = new TrustedIdProvidersClient(credential, subscriptionId, shared);
  }

  async close(): Promise<void> {
    if (this.ownsPipeline) await this.pipeline.close();
  }
}
