// How `adls storage account …` prints storage accounts and their keys.
import type { StorageAccount, StorageAccountKey } from 'adls-gen1';
import { resourceGroupOf } from './management-format.js';
import type { CommandIo } from './management-session.js';
import { table } from './output.js';

const tagsText = (tags: Record<string, string> | undefined) =>
  tags && Object.keys(tags).length ? Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(', ') : '';

export function printStorageAccounts(io: CommandIo, accounts: StorageAccount[]): void {
  if (accounts.length === 0) return;
  io.out(table([['NAME', 'RESOURCE GROUP', 'LOCATION', 'KIND', 'SKU', 'HNS', 'STATE'], ...accounts.map((a) => [
    a.name, resourceGroupOf(a.id), a.location, a.kind, a.sku?.name ?? '', a.properties?.isHnsEnabled ? 'yes' : 'no', a.properties?.provisioningState ?? '',
  ])]) + '\n');
}

export function printStorageAccount(io: CommandIo, a: StorageAccount): void {
  const p = a.properties ?? {};
  const rows: [string, unknown][] = [
    ['name', a.name], ['resource group', resourceGroupOf(a.id)], ['location', a.location], ['kind', a.kind], ['sku', a.sku?.name],
    ['hierarchical namespace', p.isHnsEnabled ? 'yes (ADLS Gen2)' : 'no'], ['provisioning', p.provisioningState],
    ['dfs endpoint', p.primaryEndpoints?.dfs], ['blob endpoint', p.primaryEndpoints?.blob], ['access tier', p.accessTier],
    ['shared key access', p.allowSharedKeyAccess === undefined ? undefined : p.allowSharedKeyAccess ? 'allowed' : 'refused'],
    ['minimum TLS', p.minimumTlsVersion], ['tags', tagsText(a.tags)], ['created', p.creationTime], ['id', a.id],
  ];
  io.out(table(rows.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [`${k}:`, String(v)])) + '\n');
}

/** Keys as a table; the values only when `reveal` (they are secrets), masked otherwise. */
export function printStorageKeys(io: CommandIo, keys: StorageAccountKey[], reveal: boolean): void {
  io.out(table([['KEY', 'PERMISSIONS', 'CREATED', 'VALUE'], ...keys.map((k) => [
    k.keyName, k.permissions, k.creationTime ?? '', reveal ? k.value : '(hidden: add --show-values)',
  ])]) + '\n');
}

/** Keys for --json: the values only when `reveal`. */
export const storageKeysJson = (keys: StorageAccountKey[], reveal: boolean) =>
  keys.map(({ value, ...rest }) => (reveal ? { ...rest, value } : rest));
