// Public surface of the management clients (re-exported by the package entry point).
export { AccountsClient, type ListAccountsOptions } from './accounts.js';
export { createManagementPipeline, type ManagementClientOptions } from './arm-client.js';
export { armErrorFor, parseArmError, type ArmErrorBody } from './arm-errors.js';
export { FirewallRulesClient, TrustedIdProvidersClient, VirtualNetworkRulesClient } from './child-resources.js';
export {
  DATALAKE_STORE_API_VERSION, DEFAULT_LOCATION, DEFAULT_MANAGEMENT_ENDPOINT, DEFAULT_POLL_INTERVAL_MS, MANAGEMENT_SCOPES, RESOURCES_API_VERSION,
  STORAGE_API_VERSION,
} from './constants.js';
export type { BeginOperationOptions, OperationOptions } from './lro-options.js';
export { DataLakeStoreAccountManagementClient, ResourceManagementClient, StorageManagementClient } from './management-clients.js';
export type * from './models.js';
export { isValidAccountName, normalizeLocation } from './names.js';
export { collect, type PagedAsyncIterableIterator } from './paging.js';
export { LroPoller, type LroMode, type LroState, type LroStatus, type PollOptions } from './poller.js';
export { ResourceGroupsClient, type ListResourceGroupsOptions, type ResourceGroupsClientOptions } from './resource-groups.js';
export { StorageAccountsClient } from './storage-accounts.js';
export type * from './storage-models.js';
