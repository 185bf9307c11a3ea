import type { Db } from '../store/db.js';
import { hashSecret, newSecret } from './user-codes.js';

/** A refresh token's server-side record: bound to (client, user, tenant), not to a resource (spec §4.1). */
export interface RefreshTokenRecord {
  familyId: string;
  clientId: string;
  tid: string;
  oid: string;
  amr: string[];
  authTime: number;
  issuedAt: number;
  lastUsedAt: number;
  revoked: boolean;
}

/** Sliding lifetime: 90 days since last use. */
export const RT_SLIDING_MS = 90 * 24 * 3600_000;

interface Row {
  family_id: string; client_id: string; tid: string; oid: string; amr: string; auth_time: number;
  issued_at: number; last_used_at: number; revoked: number;
}

/**
 * Dead rows (revoked, or past the sliding lifetime) are kept this long, so a late use still gets the precise
 * "expired or revoked" answer (70008) rather than "not valid", then purged.
 */
const RETAIN_DEAD_MS = 24 * 3600_000;
/** The purge runs from issue() at most this often. */
const PURGE_EVERY_MS = 60_000;

export class RefreshTokenStore {
  private readonly q;
  private nextPurge = 0;

  constructor(private readonly db: Db) {
    this.q = {
      insert: db.prepare(`INSERT INTO refresh_tokens (token_hash, family_id, client_id, tid, oid, amr, auth_time, issued_at, last_used_at)
        VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`),
      find: db.prepare('SELECT * FROM refresh_tokens WHERE token_hash = ?'),
      touch: db.prepare('UPDATE refresh_tokens SET last_used_at = ? WHERE token_hash = ?'),
      revokeUser: db.prepare('UPDATE refresh_tokens SET revoked = 1, revoked_at = ? WHERE oid = ? AND revoked = 0'),
      purge: db.prepare('DELETE FROM refresh_tokens WHERE last_used_at < ? OR (revoked = 1 AND COALESCE(revoked_at, 0) < ?)'),
    };
  }

  /** Deletes every refresh token of a user (the user is being removed). */
  removeUser(oid: string): number {
    return this.db.prepare('DELETE FROM refresh_tokens WHERE oid = ?').run(oid).changes;
  }

  /** Issues a new opaque RT (prefix `0.` like AAD's), stored hashed. Purges long-dead rows now and then. */
  issue(rec: Omit<RefreshTokenRecord, 'revoked' | 'lastUsedAt'>): string {
    this.purgeIfDue(rec.issuedAt);
    const token = newSecret('0.AEMU.');
    this.q.insert.run(hashSecret(token), rec.familyId, rec.clientId, rec.tid, rec.oid,
      JSON.stringify(rec.amr), rec.authTime, rec.issuedAt, rec.issuedAt);
    return token;
  }

  find(token: string): RefreshTokenRecord | undefined {
    const r = this.q.find.get(hashSecret(token)) as Row | undefined;
    return r && {
      familyId: r.family_id, clientId: r.client_id, tid: r.tid, oid: r.oid, amr: JSON.parse(r.amr), authTime: r.auth_time,
      issuedAt: r.issued_at, lastUsedAt: r.last_used_at, revoked: r.revoked === 1,
    };
  }

  touch(token: string, nowMs: number): void {
    this.q.touch.run(nowMs, hashSecret(token));
  }

  /** Revokes every RT of a user (password change, disabled user, the revoke endpoint). Returns how many. */
  revokeUser(oid: string, nowMs: number): number {
    return this.q.revokeUser.run(nowMs, oid).changes;
  }

  /** Deletes rows dead (expired or revoked) for longer than RETAIN_DEAD_MS. Returns how many. */
  purge(nowMs: number): number {
    return this.q.purge.run(nowMs - RT_SLIDING_MS - RETAIN_DEAD_MS, nowMs - RETAIN_DEAD_MS).changes;
  }

  private purgeIfDue(nowMs: number): void {
    if (nowMs < this.nextPurge) return;
    this.nextPurge = nowMs + PURGE_EVERY_MS;
    this.purge(nowMs);
  }
}

export const isLive = (r: RefreshTokenRecord, nowMs: number) => !r.revoked && nowMs < r.lastUsedAt + RT_SLIDING_MS;
