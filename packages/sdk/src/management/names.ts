import { InvalidArgumentError } from '../errors.js';

// Client-side name checks (spec management-api §4.1, §5.1, §6) so that obvious mistakes fail before any request.

const ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
const RESOURCE_GROUP_NAME = /^[-\p{L}\p{N}_.()]{1,90}$/u;
const CHILD_NAME = /^[-_a-zA-Z0-9]{3,50}$/;
const SUBSCRIPTION_ID = /^[0-9a-fA-F]{8}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{4}-[0-9a-fA-F]{12}$/;

export function isValidAccountName(name: string): boolean {
  return ACCOUNT_NAME.test(name);
}

export function assertAccountName(name: string): void {
  if (!isValidAccountName(name)) {
    throw new InvalidArgumentError(`Invalid account name '${name}': use 3-24 lowercase letters and digits.`);
  }
}

/** Storage account names follow the same rule as Data Lake Store accounts: 3-24 lowercase letters and digits. */
export function assertStorageAccountName(name: string): void {
  if (!isValidAccountName(name)) {
    throw new InvalidArgumentError(`Invalid storage account name '${name}': use 3-24 lowercase letters and digits.`);
  }
}

export function assertResourceGroupName(name: string): void {
  if (!RESOURCE_GROUP_NAME.test(name) || name.endsWith('.')) {
    throw new InvalidArgumentError(`Invalid resource group name '${name}': use 1-90 letters, digits, '_', '-', '.', '(' or ')', not ending with '.'.`);
  }
}

export function assertChildName(kind: string, name: string): void {
  if (!CHILD_NAME.test(name)) {
    throw new InvalidArgumentError(`Invalid ${kind} name '${name}': use 3-50 letters, digits, '-' and '_'.`);
  }
}

export function assertSubscriptionId(id: string): void {
  if (!SUBSCRIPTION_ID.test(id)) throw new InvalidArgumentError(`Invalid subscription id '${id}': expected a GUID.`);
}

/** ARM location names are lower case without spaces ("East US 2" → "eastus2"). */
export function normalizeLocation(location: string): string {
  return location.replace(/\s+/g, '').toLowerCase();
}
