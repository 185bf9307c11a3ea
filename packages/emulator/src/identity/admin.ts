import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import { AccountRegistry, accountMigrations } from '../accounts/registry.js';
import { migrate, openDatabase, type Db } from '../store/db.js';
import { ConsentStore } from './consents.js';
import { DeviceCodeStore } from './device-codes.js';
import { Directory, directoryMigrations, type NewUser } from './directory.js';
import { identityMigrations } from './migrations.js';
import { RefreshTokenStore } from './refresh-tokens.js';

export interface AdminUser {
  username: string;
  displayName: string;
  oid: string;
  mfa: boolean;
  enabled: boolean;
  subscriptionOwner: boolean;
}

/** An MFA user's current TOTP code, as an authenticator app would show it. */
export interface CurrentTotp {
  username: string;
  code: string;
  /** Seconds until the code changes (the emulator also accepts the previous and next code, RFC 6238 ±1 step). */
  validForSeconds: number;
  /** otpauth:// URI of the user's secret (for an authenticator app). */
  uri: string;
}

export interface AddedUser extends AdminUser {
  password: string;
  /** Base32 TOTP secret and an otpauth:// URI for authenticator apps (MFA users only). */
  totpSecret?: string;
  totpUri?: string;
}

/**
 * Offline administration of the emulator's directory, on the data folder's SQLite through the modules that own
 * each table (for `adls emulator user …` and `adls emulator hosts`). Safe while the emulator runs (WAL + busy
 * timeout).
 */
export class DirectoryAdmin {
  private readonly directory: Directory;

  private constructor(private readonly db: Db) {
    this.directory = new Directory(db);
  }

  /** Opens (creating and seeding on first use, as `start` would) the emulator database in `location`. */
  static open(location: string): DirectoryAdmin {
    mkdirSync(location, { recursive: true, mode: 0o700 });
    const db = openDatabase(location);
    migrate(db, [...directoryMigrations, ...identityMigrations, ...accountMigrations]);
    const admin = new DirectoryAdmin(db);
    admin.directory.seedIfEmpty();
    return admin;
  }

  static exists(location: string): boolean {
    return existsSync(join(location, 'emulator.sqlite'));
  }

  listUsers(): AdminUser[] {
    const sub = this.directory.defaultSubscriptionId();
    return this.directory.listUsers().map((u) => ({
      username: u.upn, displayName: u.displayName, oid: u.oid, mfa: u.mfa, enabled: u.enabled,
      subscriptionOwner: this.directory.isSubscriptionOwner(sub, u.oid),
    }));
  }

  /** Adds a user; generates a password when none is given. Throws when the user name is taken. */
  addUser(u: Omit<NewUser, 'password'> & { password?: string }): AddedUser {
    if (!/^[^@\s]+@[^@\s]+$/.test(u.upn)) throw new Error(`'${u.upn}' is not a user principal name (name@domain)`);
    if (this.directory.userByUpn(u.upn)) throw new Error(`user ${u.upn} already exists`);
    const password = u.password ?? `Emu-${randomBytes(9).toString('base64url')}1!`;
    const user = this.directory.addUser({ ...u, password });
    const added: AddedUser = { ...this.listUsers().find((x) => x.oid === user.oid)!, password };
    if (user.totpSecret) {
      added.totpSecret = user.totpSecret;
      added.totpUri = totpOf(user.upn, user.totpSecret).toString();
    }
    return added;
  }

  /** The current TOTP code (RFC 6238: SHA-1, 6 digits, 30 s) of a user: 'unknown' user, or 'no-mfa' without a secret. */
  currentTotp(upn: string, nowMs = Date.now()): CurrentTotp | 'unknown' | 'no-mfa' {
    const user = this.directory.userByUpn(upn);
    if (!user) return 'unknown';
    if (!user.totpSecret) return 'no-mfa';
    const totp = totpOf(user.upn, user.totpSecret);
    return {
      username: user.upn, code: totp.generate({ timestamp: nowMs }),
      validForSeconds: totp.period - Math.floor(nowMs / 1000) % totp.period, uri: totp.toString(),
    };
  }

  /** Removes a user with their refresh tokens, consents and pending sign-ins. */
  removeUser(upn: string): boolean {
    const user = this.directory.userByUpn(upn);
    if (!user) return false;
    this.db.transaction(() => {
      new RefreshTokenStore(this.db).removeUser(user.oid);
      new ConsentStore(this.db).removeUser(user.oid);
      new DeviceCodeStore(this.db).declineUser(user.oid);
      this.directory.removeUser(upn);
    })();
    return true;
  }

  accountNames(): string[] {
    return new AccountRegistry(this.db).list().map((a) => a.name);
  }

  close(): void {
    this.db.close();
  }
}

/** The emulator's TOTP parameters for a user (the ones the sign-in page checks, see sign-in.ts). */
function totpOf(upn: string, secret: string): TOTP {
  return new TOTP({ issuer: 'adls-gen1 emulator', label: upn, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 });
}

/** `/etc/hosts` lines that make every account's data-plane host name resolve to loopback. */
export function hostsLines(accounts: string[], dataPlaneSuffix: string): string[] {
  return accounts.map((a) => `127.0.0.1 ${a}.${dataPlaneSuffix}`);
}
