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

export class RefreshTokenStore {
  constructor(private readonly db: Db) {}

  /** Issues a new opaque RT (prefix `0.` like AAD's), stored hashed. */
  issue(rec: Omit<RefreshTokenRecord, 'revoked' | 'lastUsedAt'>): string {
    const token = newSecret('0.AEMU.');
    this.db.prepare(`INSERT INTO refresh_tokens (token_hash, family_id, client_id, tid, oid, amr, auth_time, issued_at, last_used_at)
      VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?)`).run(hashSecret(token), rec.familyId, rec.clientId, rec.tid, rec.oid,
      JSON.stringify(rec.amr), rec.authTime, rec.issuedAt, rec.issuedAt);
    return token;
  }

  find(token: string): RefreshTokenRecord | undefined {
    const r = this.db.prepare('SELECT * FROM refresh_tokens WHERE token_hash = ?').get(hashSecret(token)) as Row | undefined;
    return r && {
      familyId: r.family_id, clientId: r.client_id, tid: r.tid, oid: r.oid, amr: JSON.parse(r.amr), authTime: r.auth_time,
      issuedAt: r.issued_at, lastUsedAt: r.last_used_at, revoked: r.revoked === 1,
    };
  }

  touch(token: string, nowMs: number): void {
    this.db.prepare('UPDATE refresh_tokens SET last_used_at = ? WHERE token_hash = ?').run(nowMs, hashSecret(token));
  }

  /** Revokes every RT of a user (password change, disabled user, the revoke endpoint). Returns how many. */
  revokeUser(oid: string): number {
    return this.db.prepare('UPDATE refresh_tokens SET revoked = 1 WHERE oid = ? AND revoked = 0').run(oid).changes;
  }
}

export const isLive = (r: RefreshTokenRecord, nowMs: number) => !r.revoked && nowMs < r.lastUsedAt + RT_SLIDING_MS;
