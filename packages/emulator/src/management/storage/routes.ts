import type { Route } from '../routes.js';
import * as accounts from './accounts.js';
import * as keys from './keys.js';
import { STORAGE_ACCOUNT_TYPE } from './model.js';

const PROVIDER = '/subscriptions/{s}/providers/microsoft.storage';
const GROUP_ACCOUNTS = '/subscriptions/{s}/resourcegroups/{rg}/providers/microsoft.storage/storageaccounts';
const ACCOUNT = `${GROUP_ACCOUNTS}/{a}`;

/** The storage resource provider's routes for storage accounts (api-versions: STORAGE_API_VERSIONS). */
export const STORAGE_ROUTES: Route[] = [
  { pattern: `${PROVIDER}/storageaccounts`, provider: 'storage', type: STORAGE_ACCOUNT_TYPE, methods: { GET: accounts.listStorageAccounts } },
  { pattern: `${PROVIDER}/checknameavailability`, provider: 'storage', type: 'Microsoft.Storage/checkNameAvailability', methods: { POST: keys.checkStorageNameAvailability } },
  { pattern: `${PROVIDER}/locations/{loc}/asyncoperations/{op}`, provider: 'storage', type: 'Microsoft.Storage/locations/asyncoperations', methods: { GET: accounts.storageOperationResult } },
  { pattern: `${PROVIDER}/locations/{loc}/usages`, provider: 'storage', type: 'Microsoft.Storage/locations/usages', methods: { GET: accounts.storageUsages } },
  { pattern: GROUP_ACCOUNTS, provider: 'storage', type: STORAGE_ACCOUNT_TYPE, methods: { GET: accounts.listStorageAccountsByGroup } },
  {
    pattern: ACCOUNT, provider: 'storage', type: STORAGE_ACCOUNT_TYPE,
    methods: {
      PUT: accounts.createStorageAccount, GET: accounts.getStorageAccount, HEAD: accounts.storageAccountExists, PATCH: accounts.updateStorageAccount, DELETE: accounts.deleteStorageAccount,
    },
  },
  { pattern: `${ACCOUNT}/listkeys`, provider: 'storage', type: `${STORAGE_ACCOUNT_TYPE}/listKeys`, methods: { POST: keys.listStorageKeys } },
  { pattern: `${ACCOUNT}/regeneratekey`, provider: 'storage', type: `${STORAGE_ACCOUNT_TYPE}/regenerateKey`, methods: { POST: keys.regenerateStorageKey } },
];
