import type { Statement } from 'better-sqlite3';
import type { Db } from '../store/db.js';
import { hashSecret, newSecret, newUserCode, normalizeUserCode } from './user-codes.js';

/**
 * States of a device-code record (spec §2.8). `expired` is derived from the clock, never stored. `mfa_failed`:
 * too many wrong verification codes (the sign-in ended, but the user did not decline anything).
 */
export type DeviceState = 'pending' | 'code_entered' | 'authenticating' | 'mfa_required' | 'consent_required'
  | 'approved' | 'declined' | 'mfa_failed';

export interface DeviceCodeRecord {
  hash: string;
  userCode: string;
  clientId: string;
  /** Tenant GUID or alias (`common` / `organizations`) the code was requested on. */
  tenant: string;
  version: 1 | 2;
  /** v1: the `resource` as sent; v2: the resource prefix of the scope. */
  resource: string;
  /** The full requested scope list (v2) so polls need not resend it. */
  scopes: string[];
  claims: string | null;
  requesterIp: string;
  issuedAt: number;
  expiresAt: number;
  intervalS: number;
  state: DeviceState;
  lastPollAt: number | null;
  userOid: string | null;
  amr: string[];
  authTime: number | null;
  wrongOtp: number;
}

interface Row {
  device_code_hash: string; user_code: string; client_id: string; tenant: string; version: number; resource: string;
  scopes: string; claims: string | null; requester_ip: string; issued_at: number; expires_at: number; interval_s: number;
  state: string; last_poll_at: number | null; user_oid: string | null; amr: string | null; auth_time: number | null; wrong_otp: number;
}

const toRecord = (r: Row): DeviceCodeRecord => ({
  hash: r.device_code_hash, userCode: r.user_code, clientId: r.client_id, tenant: r.tenant, version: r.version === 1 ? 1 : 2,
  resource: r.resource, scopes: JSON.parse(r.scopes), claims: r.claims, requesterIp: r.requester_ip, issuedAt: r.issued_at,
  expiresAt: r.expires_at, intervalS: r.interval_s, state: r.state as DeviceState, lastPollAt: r.last_poll_at,
  userOid: r.user_oid, amr: r.amr ? JSON.parse(r.amr) : [], authTime: r.auth_time, wrongOtp: r.wrong_otp,
});

/** Records are kept this long past expiry so late polls still get `expired_token`, then purged. */
const RETAIN_AFTER_EXPIRY_MS = 3600_000;

/** Device-code records in SQLite (spec §2.5, §2.8). */
export class DeviceCodeStore {
  private readonly q;
  /** UPDATE statements by the column list they set (at most one per combination of patch fields). */
  private readonly updates = new Map<string, Statement>();

  constructor(private readonly db: Db) {
    this.q = {
      purge: db.prepare('DELETE FROM device_codes WHERE expires_at < ?'),
      liveUserCode: db.prepare('SELECT 1 FROM device_codes WHERE user_code = ? AND expires_at > ?'),
      insert: db.prepare(`INSERT INTO device_codes (device_code_hash, user_code, client_id, tenant, version, resource, scopes, claims,
        requester_ip, issued_at, expires_at, interval_s, state) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?, 'pending')`),
      byHash: db.prepare('SELECT * FROM device_codes WHERE device_code_hash = ?'),
      byUserCode: db.prepare('SELECT * FROM device_codes WHERE user_code = ? ORDER BY issued_at DESC LIMIT 1'),
      redeem: db.prepare("DELETE FROM device_codes WHERE device_code_hash = ? AND state = 'approved'"),
    };
  }

  create(input: Omit<DeviceCodeRecord, 'hash' | 'userCode' | 'state' | 'lastPollAt' | 'userOid' | 'amr' | 'authTime' | 'wrongOtp'>):
    { deviceCode: string; record: DeviceCodeRecord } {
    this.q.purge.run(input.issuedAt - RETAIN_AFTER_EXPIRY_MS);
    const deviceCode = newSecret();
    let userCode = newUserCode();
    // Unique among live codes (31^9 makes a clash unlikely, but check anyway).
    while (this.q.liveUserCode.get(userCode, input.issuedAt)) {
      userCode = newUserCode();
    }
    const hash = hashSecret(deviceCode);
    this.q.insert.run(
      hash, userCode, input.clientId, input.tenant, input.version, input.resource, JSON.stringify(input.scopes), input.claims,
      input.requesterIp, input.issuedAt, input.expiresAt, input.intervalS);
    return { deviceCode, record: this.byHash(hash)! };
  }

  /** Declines every sign-in bound to a user (the user is being removed): their pending device codes never redeem. */
  declineUser(oid: string): number {
    return this.db.prepare("UPDATE device_codes SET state = 'declined' WHERE user_oid = ?").run(oid).changes;
  }

  byHash(hash: string): DeviceCodeRecord | undefined {
    const r = this.q.byHash.get(hash) as Row | undefined;
    return r && toRecord(r);
  }

  byDeviceCode(deviceCode: string): DeviceCodeRecord | undefined {
    return this.byHash(hashSecret(deviceCode));
  }

  /** The newest record with this user code (as typed: case and dashes ignored). */
  byUserCode(typed: string): DeviceCodeRecord | undefined {
    const code = normalizeUserCode(typed);
    if (!/^[A-Z0-9]{6,12}$/.test(code)) return undefined;
    const r = this.q.byUserCode.get(code) as Row | undefined;
    return r && toRecord(r);
  }

  update(hash: string, patch: Partial<Pick<DeviceCodeRecord, 'state' | 'lastPollAt' | 'userOid' | 'amr' | 'authTime' | 'wrongOtp' | 'intervalS'>>): void {
    const cols: string[] = [];
    const vals: unknown[] = [];
    const set = (col: string, v: unknown) => { cols.push(`${col} = ?`); vals.push(v); };
    if (patch.state !== undefined) set('state', patch.state);
    if (patch.lastPollAt !== undefined) set('last_poll_at', patch.lastPollAt);
    if (patch.userOid !== undefined) set('user_oid', patch.userOid);
    if (patch.amr !== undefined) set('amr', JSON.stringify(patch.amr));
    if (patch.authTime !== undefined) set('auth_time', patch.authTime);
    if (patch.wrongOtp !== undefined) set('wrong_otp', patch.wrongOtp);
    if (patch.intervalS !== undefined) set('interval_s', patch.intervalS);
    if (cols.length === 0) return;
    const key = cols.join(', ');
    let stmt = this.updates.get(key);
    if (!stmt) {
      stmt = this.db.prepare(`UPDATE device_codes SET ${key} WHERE device_code_hash = ?`);
      this.updates.set(key, stmt);
    }
    stmt.run(...vals, hash);
  }

  /** One-time redemption: true only for the caller that removed an approved record. */
  redeem(hash: string): boolean {
    return this.q.redeem.run(hash).changes === 1;
  }
}

export const isExpired = (r: DeviceCodeRecord, nowMs: number) => nowMs > r.expiresAt;
