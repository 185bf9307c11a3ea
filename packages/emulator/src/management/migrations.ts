import type { Migration } from '../store/db.js';

/** Schema of the management plane. Accounts themselves live in the shared `accounts` table (accounts/registry.ts). */
export const managementMigrations: Migration[] = [{
  id: 'management-001',
  sql: `
    CREATE TABLE mgmt_resource_groups (
      subscription_id TEXT NOT NULL COLLATE NOCASE, name TEXT NOT NULL COLLATE NOCASE, location TEXT NOT NULL,
      tags TEXT NOT NULL DEFAULT '{}', managed_by TEXT, created_at INTEGER NOT NULL,
      PRIMARY KEY (subscription_id, name));
    CREATE TABLE mgmt_operations (
      id TEXT PRIMARY KEY, kind TEXT NOT NULL, subscription_id TEXT NOT NULL, resource_group TEXT NOT NULL,
      account TEXT, seq INTEGER NOT NULL DEFAULT 0, status TEXT NOT NULL, ready_at INTEGER NOT NULL,
      error TEXT, created_at INTEGER NOT NULL);
    CREATE INDEX mgmt_operations_pending ON mgmt_operations (status, ready_at);
    CREATE INDEX mgmt_operations_by_account ON mgmt_operations (account, seq);
  `,
}, {
  // Resource provider registration per subscription; a namespace without a row is in its default state.
  id: 'management-002-provider-registrations',
  sql: `
    CREATE TABLE mgmt_provider_registrations (
      subscription_id TEXT NOT NULL COLLATE NOCASE, namespace TEXT NOT NULL COLLATE NOCASE, state TEXT NOT NULL,
      PRIMARY KEY (subscription_id, namespace));
  `,
}];
