import { RESOURCES, scopeForResource } from '../auth/types.js';

/** Public Azure Resource Manager. */
export const DEFAULT_MANAGEMENT_ENDPOINT = 'https://management.azure.com/';

/** Token scope of ARM in the v1 form the guide uses (the emulator and Azure AD accept both audiences). */
export const MANAGEMENT_SCOPES = [scopeForResource(RESOURCES.management)];

/** Microsoft.Resources api-version for resource groups (any published version works against ARM). */
export const RESOURCES_API_VERSION = '2021-04-01';

/** Microsoft.DataLakeStore api-version (the only stable one). */
export const DATALAKE_STORE_API_VERSION = '2016-11-01';

export const DATALAKE_STORE_ACCOUNT_TYPE = 'Microsoft.DataLakeStore/accounts';

/** Microsoft.Storage api-version of the storage-account calls (azure-mgmt-storage's and the emulator's). */
export const STORAGE_API_VERSION = '2023-05-01';

export const STORAGE_ACCOUNT_TYPE = 'Microsoft.Storage/storageAccounts';

/** Delay between polls of a long-running operation when the service sends no usable Retry-After. */
export const DEFAULT_POLL_INTERVAL_MS = 2000;

/** Location used when a caller names none (the guide's region). */
export const DEFAULT_LOCATION = 'eastus2';
