import type { TokenCredential } from '../auth/types.js';
import { InvalidArgumentError } from '../errors.js';
import { ArmClient, seg, type ManagementClientOptions } from './arm-client.js';
import { DATALAKE_STORE_ACCOUNT_TYPE, DATALAKE_STORE_API_VERSION } from './constants.js';
import type { BeginOperationOptions, OperationOptions } from './lro-options.js';
import type {
  CreateDataLakeStoreAccountParameters, DataLakeStoreAccount, DataLakeStoreAccountBasic, NameAvailabilityInformation, Page,
  UpdateDataLakeStoreAccountParameters,
} from './models.js';
import { assertAccountName, assertResourceGroupName, assertSubscriptionId, normalizeLocation } from './names.js';
import { pagedList, type PagedAsyncIterableIterator } from './paging.js';
import { LroPoller, type LroSpec } from './poller.js';

export interface ListAccountsOptions extends OperationOptions {
  /** OData query options (the service must honour top/skip; the rest may be ignored). */
  filter?: string;
  top?: number;
  skip?: number;
  select?: string;
  orderby?: string;
  count?: boolean;
}

/** Data Lake Store Gen1 accounts (Microsoft.DataLakeStore/accounts, api-version 2016-11-01), like the Python `accounts`. */
export class AccountsClient {
  private readonly arm: ArmClient;

  constructor(credential: TokenCredential, readonly subscriptionId: string, options: ManagementClientOptions = {}) {
    assertSubscriptionId(subscriptionId);
    this.arm = new ArmClient(credential, options);
  }

  private accountUrl(resourceGroup: string, name: string): string {
    assertResourceGroupName(resourceGroup);
    assertAccountName(name);
    return this.arm.url(
      `subscriptions/${seg(this.subscriptionId)}/resourceGroups/${seg(resourceGroup)}/providers/Microsoft.DataLakeStore/accounts/${seg(name)}`,
      DATALAKE_STORE_API_VERSION,
    );
  }

  private spec<T>(method: LroSpec<T>['method'], url: string, operation: string, toResult: (b: unknown) => T, options: BeginOperationOptions): LroSpec<T> {
    return { arm: this.arm, method, resourceUrl: url, operation, toResult, pollIntervalMs: options.pollIntervalMs };
  }

  /** Starts creating an account; the poller resolves with the provisioned account. `location` is required. */
  async beginCreate(resourceGroup: string, name: string, params: CreateDataLakeStoreAccountParameters, options: BeginOperationOptions = {}): Promise<LroPoller<DataLakeStoreAccount>> {
    const url = this.accountUrl(resourceGroup, name);
    const spec = this.spec('PUT', url, `Create account '${name}'`, (b) => b as DataLakeStoreAccount, options);
    if (options.resumeFrom) return LroPoller.resume(spec, options.resumeFrom);
    if (!params?.location) throw new InvalidArgumentError('A location is required to create an account.');
    const body = { ...params, location: normalizeLocation(params.location) };
    const res = await this.arm.send('PUT', url, { body, abortSignal: options.abortSignal, operation: spec.operation });
    return LroPoller.fromInitialResponse(spec, res);
  }

  /** Creates an account and waits until it is provisioned. */
  async create(resourceGroup: string, name: string, params: CreateDataLakeStoreAccountParameters, options: BeginOperationOptions = {}): Promise<DataLakeStoreAccount> {
    return (await this.beginCreate(resourceGroup, name, params, options)).pollUntilDone({ abortSignal: options.abortSignal });
  }

  async get(resourceGroup: string, name: string, options: OperationOptions = {}): Promise<DataLakeStoreAccount> {
    const res = await this.arm.send('GET', this.accountUrl(resourceGroup, name), { abortSignal: options.abortSignal, operation: `Get account '${name}'` });
    return res.body as DataLakeStoreAccount;
  }

  /** Starts a PATCH (tags replace the whole map; child arrays replace their sets). */
  async beginUpdate(resourceGroup: string, name: string, params: UpdateDataLakeStoreAccountParameters, options: BeginOperationOptions = {}): Promise<LroPoller<DataLakeStoreAccount>> {
    const url = this.accountUrl(resourceGroup, name);
    const spec = this.spec('PATCH', url, `Update account '${name}'`, (b) => b as DataLakeStoreAccount, options);
    if (options.resumeFrom) return LroPoller.resume(spec, options.resumeFrom);
    const res = await this.arm.send('PATCH', url, { body: params ?? {}, abortSignal: options.abortSignal, operation: spec.operation });
    return LroPoller.fromInitialResponse(spec, res);
  }

  async update(resourceGroup: string, name: string, params: UpdateDataLakeStoreAccountParameters, options: BeginOperationOptions = {}): Promise<DataLakeStoreAccount> {
    return (await this.beginUpdate(resourceGroup, name, params, options)).pollUntilDone({ abortSignal: options.abortSignal });
  }

  /** Starts deleting an account (an absent account answers 204: already done). */
  async beginDelete(resourceGroup: string, name: string, options: BeginOperationOptions = {}): Promise<LroPoller<void>> {
    const url = this.accountUrl(resourceGroup, name);
    const spec = this.spec<void>('DELETE', url, `Delete account '${name}'`, () => undefined, options);
    if (options.resumeFrom) return LroPoller.resume(spec, options.resumeFrom);
    const res = await this.arm.send('DELETE', url, { abortSignal: options.abortSignal, operation: spec.operation });
    return LroPoller.fromInitialResponse(spec, res);
  }

  async delete(resourceGroup: string, name: string, options: BeginOperationOptions = {}): Promise<void> {
    await (await this.beginDelete(resourceGroup, name, options)).pollUntilDone({ abortSignal: options.abortSignal });
  }

  /** Every account of the subscription (basic objects), following nextLink. */
  list(options: ListAccountsOptions = {}): PagedAsyncIterableIterator<DataLakeStoreAccountBasic> {
    return this.listAt(`subscriptions/${seg(this.subscriptionId)}/providers/Microsoft.DataLakeStore/accounts`, 'List accounts', options);
  }

  /** Accounts of one resource group (basic objects), following nextLink. */
  listByResourceGroup(resourceGroup: string, options: ListAccountsOptions = {}): PagedAsyncIterableIterator<DataLakeStoreAccountBasic> {
    assertResourceGroupName(resourceGroup);
    return this.listAt(
      `subscriptions/${seg(this.subscriptionId)}/resourceGroups/${seg(resourceGroup)}/providers/Microsoft.DataLakeStore/accounts`,
      `List accounts of '${resourceGroup}'`, options,
    );
  }

  private listAt(path: string, operation: string, o: ListAccountsOptions): PagedAsyncIterableIterator<DataLakeStoreAccountBasic> {
    const first = this.arm.url(path, DATALAKE_STORE_API_VERSION, {
      $filter: o.filter, $top: o.top, $skip: o.skip, $select: o.select, $orderby: o.orderby, $count: o.count,
    });
    return pagedList<DataLakeStoreAccountBasic>(first, async (url) => {
      const res = await this.arm.send('GET', url, { abortSignal: o.abortSignal, operation });
      return res.body as Page<DataLakeStoreAccountBasic>;
    }, (link) => this.arm.trustedServiceUrl(link));
  }

  /** Whether `name` is free for a new account (names are global: they become the endpoint's DNS label). */
  async checkNameAvailability(location: string, name: string, options: OperationOptions = {}): Promise<NameAvailabilityInformation> {
    if (!location) throw new InvalidArgumentError('A location is required.');
    const url = this.arm.url(
      `subscriptions/${seg(this.subscriptionId)}/providers/Microsoft.DataLakeStore/locations/${seg(normalizeLocation(location))}/checkNameAvailability`,
      DATALAKE_STORE_API_VERSION,
    );
    const res = await this.arm.send('POST', url, {
      body: { name, type: DATALAKE_STORE_ACCOUNT_TYPE }, abortSignal: options.abortSignal, operation: `Check name '${name}'`,
    });
    return res.body as NameAvailabilityInformation;
  }

  /** Attempts to enable a user-managed Key Vault for encryption. */
  async enableKeyVault(resourceGroup: string, name: string, options: OperationOptions = {}): Promise<void> {
    const url = this.accountUrl(resourceGroup, name).replace('?', '/enableKeyVault?');
    await this.arm.send('POST', url, { abortSignal: options.abortSignal, operation: `Enable Key Vault for '${name}'` });
  }

  close(): Promise<void> {
    return this.arm.close();
  }
}
