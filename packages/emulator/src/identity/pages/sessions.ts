import { timingSafeEqual } from 'node:crypto';
import type { Db } from '../../store/db.js';
import { hashSecret, newSecret } from '../user-codes.js';

/** A browser working through /devicelogin: bound to one device-code record, with its CSRF token. */
export interface BrowserSession {
  idHash: string;
  csrf: string;
  deviceCodeHash: string | null;
  wrongCodes: number;
  /** Set when the flow ended, so the final page still knows the app after the code was redeemed. */
  finishedClientId: string | null;
  finishedState: string | null;
}

const SESSION_LIFETIME_MS = 3600_000;
export const SESSION_COOKIE = 'adls_emu_login';

interface Row {
  id_hash: string; csrf: string; device_code_hash: string | null; wrong_codes: number;
  finished_client_id: string | null; finished_state: string | null; expires_at: number;
}

export class BrowserSessionStore {
  private readonly q;

  constructor(db: Db, private readonly now: () => number) {
    this.q = {
      purge: db.prepare('DELETE FROM browser_sessions WHERE expires_at < ?'),
      insert: db.prepare('INSERT INTO browser_sessions (id_hash, csrf, created_at, expires_at) VALUES (?, ?, ?, ?)'),
      get: db.prepare('SELECT * FROM browser_sessions WHERE id_hash = ?'),
      bind: db.prepare('UPDATE browser_sessions SET device_code_hash = ?, finished_client_id = NULL, finished_state = NULL WHERE id_hash = ?'),
      wrongCode: db.prepare('UPDATE browser_sessions SET wrong_codes = wrong_codes + 1 WHERE id_hash = ?'),
      finish: db.prepare('UPDATE browser_sessions SET device_code_hash = NULL, finished_client_id = ?, finished_state = ? WHERE id_hash = ?'),
    };
  }

  create(): { id: string; session: BrowserSession } {
    const now = this.now();
    this.q.purge.run(now);
    const id = newSecret();
    this.q.insert.run(hashSecret(id), newSecret(), now, now + SESSION_LIFETIME_MS);
    return { id, session: this.get(id)! };
  }

  get(id: string | undefined): BrowserSession | undefined {
    if (!id) return undefined;
    const r = this.q.get.get(hashSecret(id)) as Row | undefined;
    if (!r || r.expires_at < this.now()) return undefined;
    return { idHash: r.id_hash, csrf: r.csrf, deviceCodeHash: r.device_code_hash, wrongCodes: r.wrong_codes,
      finishedClientId: r.finished_client_id, finishedState: r.finished_state };
  }

  bind(s: BrowserSession, deviceCodeHash: string): void {
    this.q.bind.run(deviceCodeHash, s.idHash);
  }

  /** Counts a wrong user code; returns the new count. */
  wrongCode(s: BrowserSession): number {
    this.q.wrongCode.run(s.idHash);
    return s.wrongCodes + 1;
  }

  finish(s: BrowserSession, clientId: string, state: string): void {
    this.q.finish.run(clientId, state, s.idHash);
  }
}

/** Constant-time CSRF comparison. */
export function csrfMatches(s: BrowserSession, sent: string | null): boolean {
  if (!sent) return false;
  const a = Buffer.from(s.csrf);
  const b = Buffer.from(sent);
  return a.length === b.length && timingSafeEqual(a, b);
}

export function readCookie(header: string | undefined, name: string): string | undefined {
  for (const part of (header ?? '').split(';')) {
    const i = part.indexOf('=');
    if (i > 0 && part.slice(0, i).trim() === name) return part.slice(i + 1).trim();
  }
  return undefined;
}
