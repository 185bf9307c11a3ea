import type { TokenCredential } from '../auth/types.js';
import { InvalidArgumentError } from '../errors.js';
import { ArmClient, seg, type ManagementClientOptions } from './arm-client.js';
import { STORAGE_ACCOUNT_TYPE, STORAGE_API_VERSION } from './constants.js';
import type { BeginOperationOptions, OperationOptions } from './lro-options.js';
import type { Page } from './models.js';
import { assertResourceGroupName, assertStorageAccountName, assertSubscriptionId, normalizeLocation } from './names.js';
import { pagedList, type PagedAsyncIterableIterator } from './paging.js';
import { LroPoller, type LroSpec } from './poller.js';
import type {
  StorageAccount, StorageAccountCreateParameters, StorageAccountKey, StorageAccountUpdateParameters, StorageKeyName, StorageNameAvailability,
} from './storage-models.js';

/**
 * Storage accounts (Microsoft.Storage/storageAccounts): ADLS Gen2 accounts are those with `isHnsEnabled`.
 * Like azure-mgmt-storage's `storage_accounts`: create (long-running), get, update, delete, list, keys, names.
 */
export class StorageAccountsClient {
  private readonly arm: ArmClient;

  constructor(credential: TokenCredential, readonly subscriptionId: string, options: ManagementClientOptions = {}) {
    assertSubscriptionId(subscriptionId);
    this.arm = new ArmClient(credential, options);
  }

  private accountUrl(resourceGroup: string, name: string, action = ''): string {
    assertResourceGroupName(resourceGroup);
    assertStorageAccountName(name);
    return this.arm.url(
      `subscriptions/${seg(this.subscriptionId)}/resourceGroups/${seg(resourceGroup)}/providers/Microsoft.Storage/storageAccounts/${seg(name)}${action}`,
      STORAGE_API_VERSION,
    );
  }

  /** Starts creating an account; the poller resolves with the ready account. `location`, `sku` and `kind` are required. */
  async beginCreate(resourceGroup: string, name: string, params: StorageAccountCreateParameters, options: BeginOperationOptions = {}): Promise<LroPoller<StorageAccount>> {
    const url = this.accountUrl(resourceGroup, name);
    const spec: LroSpec<StorageAccount> = {
      arm: this.arm, method: 'PUT', resourceUrl: url, operation: `Create storage account '${name}'`,
      toResult: (b) => b as StorageAccount, pollIntervalMs: options.pollIntervalMs,
    };
    if (options.resumeFrom) return LroPoller.resume(spec, options.resumeFrom);
    if (!params?.location) throw new InvalidArgumentError('A location is required to create a storage account.');
    if (!params.sku?.name) throw new InvalidArgumentError('A SKU (e.g. Standard_LRS) is required to create a storage account.');
    if (!params.kind) throw new InvalidArgumentError('A kind (e.g. StorageV2) is required to create a storage account.');
    const body = { ...params, location: normalizeLocation(params.location) };
    const res = await this.arm.send('PUT', url, { body, abortSignal: options.abortSignal, operation: spec.operation });
    return LroPoller.fromInitialResponse(spec, res);
  }

  /** Creates an account and waits until it is ready. */
  async create(resourceGroup: string, name: string, params: StorageAccountCreateParameters, options: BeginOperationOptions = {}): Promise<StorageAccount> {
    return (await this.beginCreate(resourceGroup, name, params, options)).pollUntilDone({ abortSignal: options.abortSignal });
  }

  async get(resourceGroup: string, name: string, options: OperationOptions = {}): Promise<StorageAccount> {
    const res = await this.arm.send('GET', this.accountUrl(resourceGroup, name), { abortSignal: options.abortSignal, operation: `Get storage account '${name}'` });
    return res.body as StorageAccount;
  }

  /** PATCH: tags replace the whole map; settings given in `properties` change, the others stay. */
  async update(resourceGroup: string, name: string, params: StorageAccountUpdateParameters, options: OperationOptions = {}): Promise<StorageAccount> {
    const res = await this.arm.send('PATCH', this.accountUrl(resourceGroup, name), {
      body: params ?? {}, abortSignal: options.abortSignal, operation: `Update storage account '${name}'`,
    });
    return res.body as StorageAccount;
  }

  /** Deletes the account with all of its data; resolves whether it existed (false: nothing to delete). */
  async delete(resourceGroup: string, name: string, options: OperationOptions = {}): Promise<boolean> {
    const res = await this.arm.send('DELETE', this.accountUrl(resourceGroup, name), { abortSignal: options.abortSignal, operation: `Delete storage account '${name}'` });
    return res.status !== 204;
  }

  /** Every storage account of the subscription, following nextLink. */
  list(options: OperationOptions = {}): PagedAsyncIterableIterator<StorageAccount> {
    return this.listAt(`subscriptions/${seg(this.subscriptionId)}/providers/Microsoft.Storage/storageAccounts`, 'List storage accounts', options);
  }

  listByResourceGroup(resourceGroup: string, options: OperationOptions = {}): PagedAsyncIterableIterator<StorageAccount> {
    assertResourceGroupName(resourceGroup);
    return this.listAt(
      `subscriptions/${seg(this.subscriptionId)}/resourceGroups/${seg(resourceGroup)}/providers/Microsoft.Storage/storageAccounts`,
      `List storage accounts of '${resourceGroup}'`, options,
    );
  }

  private listAt(path: string, operation: string, o: OperationOptions): PagedAsyncIterableIterator<StorageAccount> {
    return pagedList<StorageAccount>(this.arm.url(path, STORAGE_API_VERSION), async (url) => {
      const res = await this.arm.send('GET', url, { abortSignal: o.abortSignal, operation });
      return res.body as Page<StorageAccount>;
    }, (link) => this.arm.trustedServiceUrl(link));
  }

  /** Both access keys. They are secrets: hand them to a credential, never to a log. */
  async listKeys(resourceGroup: string, name: string, options: OperationOptions = {}): Promise<StorageAccountKey[]> {
    const res = await this.arm.send('POST', this.accountUrl(resourceGroup, name, '/listKeys'), {
      abortSignal: options.abortSignal, operation: `List keys of storage account '${name}'`,
    });
    return (res.body as { keys: StorageAccountKey[] }).keys;
  }

  /** Replaces one key with a fresh one (the other keeps working); resolves with both keys. */
  async regenerateKey(resourceGroup: string, name: string, keyName: StorageKeyName, options: OperationOptions = {}): Promise<StorageAccountKey[]> {
    if (keyName !== 'key1' && keyName !== 'key2') throw new InvalidArgumentError(`Invalid key name '${String(keyName)}': use key1 or key2.`);
    const res = await this.arm.send('POST', this.accountUrl(resourceGroup, name, '/regenerateKey'), {
      body: { keyName }, abortSignal: options.abortSignal, operation: `Regenerate ${keyName} of storage account '${name}'`,
    });
    return (res.body as { keys: StorageAccountKey[] }).keys;
  }

  /** Whether `name` is free (storage account names are global: they become DNS labels). */
  async checkNameAvailability(name: string, options: OperationOptions = {}): Promise<StorageNameAvailability> {
    const url = this.arm.url(`subscriptions/${seg(this.subscriptionId)}/providers/Microsoft.Storage/checkNameAvailability`, STORAGE_API_VERSION);
    const res = await this.arm.send('POST', url, {
      body: { name, type: STORAGE_ACCOUNT_TYPE }, abortSignal: options.abortSignal, operation: `Check storage account name '${name}'`,
    });
    return res.body as StorageNameAvailability;
  }

  close(): Promise<void> {
    return this.arm.close();
  }
}
