import { randomBytes, randomUUID, scrypt, scryptSync, timingSafeEqual } from 'node:crypto';
import { promisify } from 'node:util';
import { Secret } from 'otpauth';
import { RememberedSecrets } from './remembered-secrets.js';
import { SEED_HASHES } from './seed-hashes.js';
import type { Statement } from 'better-sqlite3';
import type { Db, Migration } from '../store/db.js';

/** Fixed, documented defaults: like Azurite's well-known account key, they make examples copy-pasteable. */
export const SEED = {
  tenantId: '6b1e2a1c-5d3f-4e8a-9b7c-1a2d3e4f5a6b',
  tenantDomain: 'adlsemulator.onmicrosoft.com',
  tenantName: 'ADLS Emulator',
  subscriptionId: '2c4e6a8b-1d3f-4a5b-8c7d-9e0f1a2b3c4d',
  /** The toolkit's own native (public) client app. */
  nativeClientId: '9a6f0f9c-3c5e-4b8f-8f5e-0d1c2b3a4e5f',
  /** Azure CLI's well-known public client id: the default of azure-datalake-store, msrestazure and @azure/identity. */
  azureCliClientId: '04b07795-8ddb-461a-bbee-02f9e1bf7b46',
  /** A confidential app (service principal) with a secret. */
  confidentialClientId: '3d8f2b6e-7a1c-4e9d-b5f0-2c6a8e4d1b7f',
  confidentialClientSecret: 'emulator-app-secret-1',
  users: [
    { upn: 'alice@adlsemulator.onmicrosoft.com', displayName: 'Alice (MFA)', givenName: 'Alice', familyName: 'Admin',
      password: 'Alice-Passw0rd!', mfa: true, totpSecret: 'JBSWY3DPEHPK3PXPALICEMFA', subscriptionOwner: true,
      oid: 'a11ce000-0000-4000-8000-00000000a11c' },
    { upn: 'bob@adlsemulator.onmicrosoft.com', displayName: 'Bob', givenName: 'Bob', familyName: 'Builder',
      password: 'Bob-Passw0rd!', mfa: false, totpSecret: null, subscriptionOwner: false,
      oid: 'b0b00000-0000-4000-8000-000000000b0b' },
  ],
} as const;

export interface Tenant { id: string; domain: string; displayName: string }
export interface User {
  oid: string;
  tenantId: string;
  upn: string;
  displayName: string;
  givenName: string | null;
  familyName: string | null;
  mfa: boolean;
  totpSecret: string | null;
  enabled: boolean;
  /** Emulator convenience: the password as given when the user was created, reported by /_emulator/info. */
  knownPassword: string | null;
}
export interface App {
  clientId: string;
  tenantId: string;
  displayName: string;
  publisher: string;
  isPublic: boolean;
  /** Thumbprints (base64url SHA-1) of registered certificates, for private_key_jwt. */
  certThumbprints: string[];
  certPems: string[];
}

export const directoryMigrations: Migration[] = [{
  id: 'identity-001-directory',
  sql: `
    CREATE TABLE tenants (id TEXT PRIMARY KEY, domain TEXT NOT NULL UNIQUE COLLATE NOCASE, display_name TEXT NOT NULL);
    CREATE TABLE users (
      oid TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), upn TEXT NOT NULL UNIQUE COLLATE NOCASE,
      display_name TEXT NOT NULL, given_name TEXT, family_name TEXT, password_hash TEXT NOT NULL,
      known_password TEXT, mfa INTEGER NOT NULL DEFAULT 0, totp_secret TEXT, enabled INTEGER NOT NULL DEFAULT 1,
      created_at INTEGER NOT NULL);
    CREATE TABLE apps (
      client_id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), display_name TEXT NOT NULL,
      publisher TEXT NOT NULL, is_public INTEGER NOT NULL, sp_oid TEXT NOT NULL);
    CREATE TABLE app_secrets (client_id TEXT NOT NULL REFERENCES apps(client_id) ON DELETE CASCADE, secret_hash TEXT NOT NULL);
    CREATE TABLE app_certs (client_id TEXT NOT NULL REFERENCES apps(client_id) ON DELETE CASCADE, thumbprint TEXT NOT NULL, cert_pem TEXT NOT NULL);
    CREATE TABLE subscriptions (id TEXT PRIMARY KEY, tenant_id TEXT NOT NULL REFERENCES tenants(id), display_name TEXT NOT NULL);
    CREATE TABLE subscription_owners (subscription_id TEXT NOT NULL REFERENCES subscriptions(id), oid TEXT NOT NULL,
      PRIMARY KEY (subscription_id, oid));
  `,
}];

export function hashSecret(secret: string): string {
  const salt = randomBytes(16);
  const hash = scryptSync(secret, salt, 32);
  return `scrypt$${salt.toString('base64')}$${hash.toString('base64')}`;
}

const scryptAsync = promisify(scrypt) as (secret: string, salt: Buffer, keylen: number) => Promise<Buffer>;

/** Checks a secret against its stored hash on libuv's thread pool: scrypt is slow on purpose (tens of ms). */
export async function verifySecret(secret: string, stored: string): Promise<boolean> {
  const [scheme, saltB64, hashB64] = stored.split('$');
  if (scheme !== 'scrypt' || !saltB64 || !hashB64) return false;
  const expected = Buffer.from(hashB64, 'base64');
  const actual = await scryptAsync(secret, Buffer.from(saltB64, 'base64'), expected.length);
  return timingSafeEqual(actual, expected);
}

interface UserRow {
  oid: string; tenant_id: string; upn: string; display_name: string; given_name: string | null; family_name: string | null;
  password_hash: string; known_password: string | null; mfa: number; totp_secret: string | null; enabled: number;
}

function toUser(r: UserRow): User {
  return {
    oid: r.oid, tenantId: r.tenant_id, upn: r.upn, displayName: r.display_name, givenName: r.given_name,
    familyName: r.family_name, mfa: r.mfa === 1, totpSecret: r.totp_secret, enabled: r.enabled === 1,
    knownPassword: r.known_password,
  };
}

export interface NewUser {
  upn: string;
  password: string;
  displayName?: string;
  mfa?: boolean;
  /** Base32 TOTP secret; generated when mfa is on and none is given. */
  totpSecret?: string;
  oid?: string;
  subscriptionOwner?: boolean;
  /** Home tenant (default: the first tenant). */
  tenantId?: string;
}

/** Tenants, users, applications and subscriptions, persisted in SQLite. */
export class Directory {
  /** Statements by SQL text, compiled once: SQLite's prepare costs far more than the look-ups (some run per request). */
  private readonly statements = new Map<string, Statement>();
  /** Right password checks of the last minute, by stored hash and password (checkPassword). */
  private readonly passwordsOk = new RememberedSecrets(Date.now);

  constructor(private readonly db: Db) {}

  private sql(text: string): Statement {
    let s = this.statements.get(text);
    if (!s) {
      s = this.db.prepare(text);
      this.statements.set(text, s);
    }
    return s;
  }

  /** Creates the documented seed directory on first start (empty database). */
  seedIfEmpty(): void {
    const n = (this.sql('SELECT COUNT(*) AS n FROM tenants').get() as { n: number }).n;
    if (n > 0) return;
    this.db.transaction(() => {
      this.sql('INSERT INTO tenants VALUES (?, ?, ?)').run(SEED.tenantId, SEED.tenantDomain, SEED.tenantName);
      this.sql('INSERT INTO subscriptions VALUES (?, ?, ?)').run(SEED.subscriptionId, SEED.tenantId, 'ADLS Emulator Subscription');
      const addApp = this.sql('INSERT INTO apps VALUES (?, ?, ?, ?, ?, ?)');
      addApp.run(SEED.nativeClientId, SEED.tenantId, 'adls-gen1 toolkit', 'adls-gen1 (emulator)', 1, randomUUID());
      addApp.run(SEED.azureCliClientId, SEED.tenantId, 'Microsoft Azure CLI', 'Microsoft Corporation (emulated)', 1, randomUUID());
      addApp.run(SEED.confidentialClientId, SEED.tenantId, 'adls-gen1 automation', 'adls-gen1 (emulator)', 0, randomUUID());
      this.sql('INSERT INTO app_secrets VALUES (?, ?)').run(SEED.confidentialClientId, SEED_HASHES.confidentialClientSecret);
      for (const u of SEED.users) {
        this.insertUser({ upn: u.upn, password: u.password, displayName: u.displayName, mfa: u.mfa,
          totpSecret: u.totpSecret ?? undefined, oid: u.oid, subscriptionOwner: u.subscriptionOwner },
        { givenName: u.givenName, familyName: u.familyName }, SEED_HASHES.users[u.upn] ?? hashSecret(u.password));
      }
    })();
  }

  defaultTenant(): Tenant {
    const r = this.sql('SELECT id, domain, display_name FROM tenants ORDER BY rowid LIMIT 1').get() as
      { id: string; domain: string; display_name: string };
    return { id: r.id, domain: r.domain, displayName: r.display_name };
  }

  /** Finds a tenant by GUID or verified domain (case-insensitive). */
  findTenant(idOrDomain: string): Tenant | undefined {
    const r = this.sql('SELECT id, domain, display_name FROM tenants WHERE id = ? COLLATE NOCASE OR domain = ?')
      .get(idOrDomain, idOrDomain) as { id: string; domain: string; display_name: string } | undefined;
    return r && { id: r.id, domain: r.domain, displayName: r.display_name };
  }

  tenantIds(): string[] {
    return (this.sql('SELECT id FROM tenants').all() as { id: string }[]).map((r) => r.id);
  }

  defaultSubscriptionId(): string {
    return (this.sql('SELECT id FROM subscriptions ORDER BY rowid LIMIT 1').get() as { id: string }).id;
  }

  subscription(id: string): { id: string; tenantId: string; displayName: string } | undefined {
    const r = this.sql('SELECT id, tenant_id, display_name FROM subscriptions WHERE id = ? COLLATE NOCASE').get(id) as
      { id: string; tenant_id: string; display_name: string } | undefined;
    return r && { id: r.id, tenantId: r.tenant_id, displayName: r.display_name };
  }

  isSubscriptionOwner(subscriptionId: string, oid: string): boolean {
    return !!this.sql('SELECT 1 FROM subscription_owners WHERE subscription_id = ? COLLATE NOCASE AND oid = ?').get(subscriptionId, oid);
  }

  /** The subscriptions of `tenantId` on which `oid` holds a role (the only ones Resource Manager lets it see). */
  subscriptionsOf(oid: string, tenantId: string): { id: string; tenantId: string; displayName: string }[] {
    const rows = this.sql(`SELECT s.id, s.tenant_id, s.display_name FROM subscriptions s
      JOIN subscription_owners o ON o.subscription_id = s.id WHERE o.oid = ? AND s.tenant_id = ? COLLATE NOCASE ORDER BY s.rowid`)
      .all(oid, tenantId) as { id: string; tenant_id: string; display_name: string }[];
    return rows.map((r) => ({ id: r.id, tenantId: r.tenant_id, displayName: r.display_name }));
  }

  /** Adds another tenant (tests of cross-tenant sign-in). */
  addTenant(t: Tenant): void {
    this.sql('INSERT INTO tenants VALUES (?, ?, ?)').run(t.id, t.domain, t.displayName);
  }

  /** Disables or re-enables a user; a disabled user can neither sign in nor refresh. */
  setUserEnabled(upn: string, enabled: boolean): boolean {
    return this.sql('UPDATE users SET enabled = ? WHERE upn = ?').run(enabled ? 1 : 0, upn).changes > 0;
  }

  addUser(u: NewUser, names: { givenName?: string; familyName?: string } = {}): User {
    return this.insertUser(u, names, hashSecret(u.password));
  }

  private insertUser(u: NewUser, names: { givenName?: string; familyName?: string }, passwordHash: string): User {
    const tenant = u.tenantId ? { id: u.tenantId } : this.defaultTenant();
    const oid = u.oid ?? randomUUID();
    const totp = u.mfa ? (u.totpSecret ?? new Secret({ size: 20 }).base32) : null;
    this.sql(`INSERT INTO users (oid, tenant_id, upn, display_name, given_name, family_name, password_hash, known_password,
      mfa, totp_secret, enabled, created_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 1, ?)`).run(
      oid, tenant.id, u.upn, u.displayName ?? u.upn.split('@')[0], names.givenName ?? null, names.familyName ?? null,
      passwordHash, u.password, u.mfa ? 1 : 0, totp, Date.now());
    if (u.subscriptionOwner) {
      this.sql('INSERT OR IGNORE INTO subscription_owners VALUES (?, ?)').run(this.defaultSubscriptionId(), oid);
    }
    return this.userByOid(oid)!;
  }

  removeUser(upn: string): boolean {
    const user = this.userByUpn(upn);
    if (!user) return false;
    this.db.transaction(() => {
      this.sql('DELETE FROM subscription_owners WHERE oid = ?').run(user.oid);
      this.sql('DELETE FROM users WHERE oid = ?').run(user.oid);
    })();
    return true;
  }

  listUsers(): User[] {
    return (this.sql('SELECT * FROM users ORDER BY created_at, upn').all() as UserRow[]).map(toUser);
  }

  userByUpn(upn: string): User | undefined {
    const r = this.sql('SELECT * FROM users WHERE upn = ?').get(upn) as UserRow | undefined;
    return r && toUser(r);
  }

  userByOid(oid: string): User | undefined {
    const r = this.sql('SELECT * FROM users WHERE oid = ?').get(oid) as UserRow | undefined;
    return r && toUser(r);
  }

  /**
   * Checks a password; undefined when the user does not exist or the password is wrong. A right password is
   * remembered for a minute (as ClientAuthenticator does for client secrets): each scrypt costs ~50 ms of a core,
   * and a client signing in again and again kept up to one of a 2-core machine's cores hashing (bench/FINDINGS.md
   * "Event-loop stalls"). It is remembered with the stored hash, so a changed password no longer matches.
   */
  async checkPassword(upn: string, password: string): Promise<User | undefined> {
    const r = this.sql('SELECT * FROM users WHERE upn = ?').get(upn) as UserRow | undefined;
    if (!r) return undefined;
    if (!this.passwordsOk.has(r.password_hash, password)) {
      if (!await verifySecret(password, r.password_hash)) return undefined;
      this.passwordsOk.remember(r.password_hash, password);
    }
    return toUser(r);
  }

  app(clientId: string): App | undefined {
    const r = this.sql('SELECT * FROM apps WHERE client_id = ? COLLATE NOCASE').get(clientId) as
      { client_id: string; tenant_id: string; display_name: string; publisher: string; is_public: number } | undefined;
    if (!r) return undefined;
    const certs = this.sql('SELECT thumbprint, cert_pem FROM app_certs WHERE client_id = ?').all(r.client_id) as
      { thumbprint: string; cert_pem: string }[];
    return {
      clientId: r.client_id, tenantId: r.tenant_id, displayName: r.display_name, publisher: r.publisher,
      isPublic: r.is_public === 1, certThumbprints: certs.map((c) => c.thumbprint), certPems: certs.map((c) => c.cert_pem),
    };
  }

  /** Service principal object id of an app (the `oid` of its app-only tokens). */
  appObjectId(clientId: string): string | undefined {
    return (this.sql('SELECT sp_oid FROM apps WHERE client_id = ? COLLATE NOCASE').get(clientId) as { sp_oid: string } | undefined)?.sp_oid;
  }

  async checkAppSecret(clientId: string, secret: string): Promise<boolean> {
    const rows = this.sql('SELECT secret_hash FROM app_secrets WHERE client_id = ? COLLATE NOCASE').all(clientId) as { secret_hash: string }[];
    for (const r of rows) if (await verifySecret(secret, r.secret_hash)) return true;
    return false;
  }

  addAppCertificate(clientId: string, thumbprint: string, certPem: string): void {
    this.sql('INSERT INTO app_certs VALUES (?, ?, ?)').run(clientId, thumbprint, certPem);
  }
}
