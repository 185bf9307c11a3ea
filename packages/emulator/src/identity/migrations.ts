import type { Migration } from '../store/db.js';

/**
 * Identity state that outlives a request: device codes (survive restarts, spec §2.8), refresh
 * tokens (stored as SHA-256 hashes), consents, and browser sessions of the sign-in pages.
 * Timestamps are milliseconds from the emulator clock.
 */
export const identityMigrations: Migration[] = [{
  id: 'identity-002-flows',
  sql: `
    CREATE TABLE device_codes (
      device_code_hash TEXT PRIMARY KEY, user_code TEXT NOT NULL, client_id TEXT NOT NULL, tenant TEXT NOT NULL,
      version INTEGER NOT NULL, resource TEXT NOT NULL, scopes TEXT NOT NULL, claims TEXT, requester_ip TEXT NOT NULL,
      issued_at INTEGER NOT NULL, expires_at INTEGER NOT NULL, interval_s INTEGER NOT NULL, state TEXT NOT NULL,
      last_poll_at INTEGER, user_oid TEXT, amr TEXT, auth_time INTEGER, wrong_otp INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX device_codes_by_user_code ON device_codes (user_code);
    CREATE TABLE refresh_tokens (
      token_hash TEXT PRIMARY KEY, family_id TEXT NOT NULL, client_id TEXT NOT NULL, tid TEXT NOT NULL, oid TEXT NOT NULL,
      amr TEXT NOT NULL, auth_time INTEGER NOT NULL, issued_at INTEGER NOT NULL, last_used_at INTEGER NOT NULL,
      revoked INTEGER NOT NULL DEFAULT 0);
    CREATE INDEX refresh_tokens_by_oid ON refresh_tokens (oid);
    CREATE TABLE consents (
      oid TEXT NOT NULL, client_id TEXT NOT NULL COLLATE NOCASE, resource TEXT NOT NULL, granted_at INTEGER NOT NULL,
      PRIMARY KEY (oid, client_id, resource));
    CREATE TABLE browser_sessions (
      id_hash TEXT PRIMARY KEY, csrf TEXT NOT NULL, device_code_hash TEXT, user_oid TEXT, amr TEXT,
      wrong_codes INTEGER NOT NULL DEFAULT 0, finished_client_id TEXT, finished_state TEXT, created_at INTEGER NOT NULL, expires_at INTEGER NOT NULL);
  `,
}, {
  // When a refresh token was revoked, so dead rows can be purged after a while (refresh-tokens.ts).
  id: 'identity-003-refresh-revoked-at',
  sql: 'ALTER TABLE refresh_tokens ADD COLUMN revoked_at INTEGER;',
}];
