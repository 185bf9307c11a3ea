import type { TokenCredential } from '../auth/types.js';
import { InvalidArgumentError } from '../errors.js';
import { ArmClient, seg, type ManagementClientOptions } from './arm-client.js';
import { DATALAKE_STORE_API_VERSION } from './constants.js';
import type { OperationOptions } from './lro-options.js';
import type {
  CreateOrUpdateFirewallRuleParameters, CreateOrUpdateTrustedIdProviderParameters, CreateOrUpdateVirtualNetworkRuleParameters,
  FirewallRule, Page, TrustedIdProvider, UpdateFirewallRuleParameters, UpdateTrustedIdProviderParameters,
  UpdateVirtualNetworkRuleParameters, VirtualNetworkRule,
} from './models.js';
import { assertAccountName, assertChildName, assertResourceGroupName, assertSubscriptionId } from './names.js';
import { pagedList, type PagedAsyncIterableIterator } from './paging.js';

/**
 * CRUD + list over one child collection of an account (`…/accounts/{a}/{collection}/{name}`).
 * These are synchronous in ARM: every write answers 200 with the child (spec management-api §6).
 */
abstract class AccountChildClient<TItem, TCreate, TUpdate> {
  private readonly arm: ArmClient;

  protected constructor(
    credential: TokenCredential,
    readonly subscriptionId: string,
    options: ManagementClientOptions,
    private readonly collection: string,
    private readonly kind: string,
  ) {
    assertSubscriptionId(subscriptionId);
    this.arm = new ArmClient(credential, options);
  }

  private url(resourceGroup: string, account: string, name?: string): string {
    assertResourceGroupName(resourceGroup);
    assertAccountName(account);
    if (name !== undefined) assertChildName(this.kind, name);
    const base = `subscriptions/${seg(this.subscriptionId)}/resourceGroups/${seg(resourceGroup)}/providers/Microsoft.DataLakeStore/accounts/${seg(account)}/${this.collection}`;
    return this.arm.url(name === undefined ? base : `${base}/${seg(name)}`, DATALAKE_STORE_API_VERSION);
  }

  /** Creates or replaces the child. */
  async createOrUpdate(resourceGroup: string, account: string, name: string, params: TCreate, options: OperationOptions = {}): Promise<TItem> {
    if (!params || typeof params !== 'object' || !(params as { properties?: unknown }).properties) {
      throw new InvalidArgumentError(`The ${this.kind} needs properties.`);
    }
    const res = await this.arm.send('PUT', this.url(resourceGroup, account, name), {
      body: params, abortSignal: options.abortSignal, operation: `Create ${this.kind} '${name}'`,
    });
    return res.body as TItem;
  }

  async get(resourceGroup: string, account: string, name: string, options: OperationOptions = {}): Promise<TItem> {
    const res = await this.arm.send('GET', this.url(resourceGroup, account, name), { abortSignal: options.abortSignal, operation: `Get ${this.kind} '${name}'` });
    return res.body as TItem;
  }

  /** PATCH: changes only the properties given. */
  async update(resourceGroup: string, account: string, name: string, params: TUpdate, options: OperationOptions = {}): Promise<TItem> {
    const res = await this.arm.send('PATCH', this.url(resourceGroup, account, name), {
      body: params ?? {}, abortSignal: options.abortSignal, operation: `Update ${this.kind} '${name}'`,
    });
    return res.body as TItem;
  }

  /** Deletes the child; true if it existed (200), false if it was already absent (204). */
  async delete(resourceGroup: string, account: string, name: string, options: OperationOptions = {}): Promise<boolean> {
    const res = await this.arm.send('DELETE', this.url(resourceGroup, account, name), { abortSignal: options.abortSignal, operation: `Delete ${this.kind} '${name}'` });
    return res.status !== 204;
  }

  listByAccount(resourceGroup: string, account: string, options: OperationOptions = {}): PagedAsyncIterableIterator<TItem> {
    return pagedList<TItem>(this.url(resourceGroup, account), async (url) => {
      const res = await this.arm.send('GET', url, { abortSignal: options.abortSignal, operation: `List ${this.kind}s of '${account}'` });
      return res.body as Page<TItem>;
    }, (link) => this.arm.trustedServiceUrl(link));
  }

  close(): Promise<void> {
    return this.arm.close();
  }
}

/** Firewall rules: IP ranges allowed to reach the account when its firewall is enabled. */
export class FirewallRulesClient extends AccountChildClient<FirewallRule, CreateOrUpdateFirewallRuleParameters, UpdateFirewallRuleParameters> {
  constructor(credential: TokenCredential, subscriptionId: string, options: ManagementClientOptions = {}) {
    super(credential, subscriptionId, options, 'firewallRules', 'firewall rule');
  }
}

/** Virtual-network rules: subnets allowed to reach the account. */
export class VirtualNetworkRulesClient extends AccountChildClient<VirtualNetworkRule, CreateOrUpdateVirtualNetworkRuleParameters, UpdateVirtualNetworkRuleParameters> {
  constructor(credential: TokenCredential, subscriptionId: string, options: ManagementClientOptions = {}) {
    super(credential, subscriptionId, options, 'virtualNetworkRules', 'virtual network rule');
  }
}

/** Trusted identity providers: token issuers the account accepts when the feature is enabled. */
export class TrustedIdProvidersClient extends AccountChildClient<TrustedIdProvider, CreateOrUpdateTrustedIdProviderParameters, UpdateTrustedIdProviderParameters> {
  constructor(credential: TokenCredential, subscriptionId: string, options: ManagementClientOptions = {}) {
    super(credential, subscriptionId, options, 'trustedIdProviders', 'trusted identity provider');
  }
}
