import type { TokenCredential } from '../auth/types.js';
import { InvalidArgumentError } from '../errors.js';
import { ArmClient, seg, type ManagementClientOptions } from './arm-client.js';
import { RESOURCES_API_VERSION } from './constants.js';
import type { BeginOperationOptions, OperationOptions } from './lro-options.js';
import type { Page, ResourceGroup, ResourceGroupCreateParameters, ResourceGroupUpdateParameters } from './models.js';
import { assertResourceGroupName, assertSubscriptionId, normalizeLocation } from './names.js';
import { pagedList, type PagedAsyncIterableIterator } from './paging.js';
import { LroPoller } from './poller.js';

export interface ResourceGroupsClientOptions extends ManagementClientOptions {
  /** Microsoft.Resources api-version (default 2021-04-01). */
  apiVersion?: string;
}

export interface ListResourceGroupsOptions extends OperationOptions {
  /** OData filter, e.g. `tagName eq 'env' and tagValue eq 'test'`. */
  filter?: string;
  top?: number;
}

/** Resource groups of one subscription (Microsoft.Resources), like azure-mgmt-resource's `resource_groups`. */
export class ResourceGroupsClient {
  private readonly arm: ArmClient;
  private readonly apiVersion: string;

  constructor(credential: TokenCredential, readonly subscriptionId: string, options: ResourceGroupsClientOptions = {}) {
    assertSubscriptionId(subscriptionId);
    this.arm = new ArmClient(credential, options);
    this.apiVersion = options.apiVersion ?? RESOURCES_API_VERSION;
  }

  private url(name?: string, query = {}): string {
    const base = `subscriptions/${seg(this.subscriptionId)}/resourcegroups`;
    return this.arm.url(name === undefined ? base : `${base}/${seg(name)}`, this.apiVersion, query);
  }

  /** Creates the group, or updates its tags if it exists (the location of an existing group cannot change). */
  async createOrUpdate(name: string, params: ResourceGroupCreateParameters, options: OperationOptions = {}): Promise<ResourceGroup> {
    assertResourceGroupName(name);
    if (!params?.location) throw new InvalidArgumentError('A location is required to create a resource group.');
    const body = { ...params, location: normalizeLocation(params.location) };
    const res = await this.arm.send('PUT', this.url(name), { body, abortSignal: options.abortSignal, operation: `Create resource group '${name}'` });
    return res.body as ResourceGroup;
  }

  async get(name: string, options: OperationOptions = {}): Promise<ResourceGroup> {
    assertResourceGroupName(name);
    const res = await this.arm.send('GET', this.url(name), { abortSignal: options.abortSignal, operation: `Get resource group '${name}'` });
    return res.body as ResourceGroup;
  }

  /** HEAD: true on 204, false on 404. */
  async exists(name: string, options: OperationOptions = {}): Promise<boolean> {
    assertResourceGroupName(name);
    const res = await this.arm.send('HEAD', this.url(name), { abortSignal: options.abortSignal, accept: [404], operation: `Check resource group '${name}'` });
    return res.status !== 404;
  }

  /** PATCH: replaces tags and/or managedBy. */
  async update(name: string, params: ResourceGroupUpdateParameters, options: OperationOptions = {}): Promise<ResourceGroup> {
    assertResourceGroupName(name);
    const res = await this.arm.send('PATCH', this.url(name), { body: params, abortSignal: options.abortSignal, operation: `Update resource group '${name}'` });
    return res.body as ResourceGroup;
  }

  /** Starts deleting the group and every account in it; returns a poller. */
  async beginDelete(name: string, options: BeginOperationOptions = {}): Promise<LroPoller<void>> {
    assertResourceGroupName(name);
    const spec = {
      arm: this.arm, method: 'DELETE' as const, resourceUrl: this.url(name), operation: `Delete resource group '${name}'`,
      toResult: (): void => undefined, pollIntervalMs: options.pollIntervalMs,
    };
    if (options.resumeFrom) return LroPoller.resume(spec, options.resumeFrom);
    const res = await this.arm.send('DELETE', spec.resourceUrl, { abortSignal: options.abortSignal, operation: spec.operation });
    return LroPoller.fromInitialResponse(spec, res);
  }

  /** Deletes the group and waits until it is gone. */
  async delete(name: string, options: BeginOperationOptions = {}): Promise<void> {
    const poller = await this.beginDelete(name, options);
    await poller.pollUntilDone({ abortSignal: options.abortSignal });
  }

  /** Every group of the subscription, following nextLink. */
  list(options: ListResourceGroupsOptions = {}): PagedAsyncIterableIterator<ResourceGroup> {
    const first = this.url(undefined, { $filter: options.filter, $top: options.top });
    return pagedList<ResourceGroup>(first, async (url) => {
      const res = await this.arm.send('GET', url, { abortSignal: options.abortSignal, operation: 'List resource groups' });
      return res.body as Page<ResourceGroup>;
    }, (link) => this.arm.trustedServiceUrl(link));
  }

  /** Releases connections if this client created its own pipeline. */
  close(): Promise<void> {
    return this.arm.close();
  }
}
