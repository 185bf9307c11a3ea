import type { Db } from '../store/db.js';

/** Delegated consent given by a user to a client for a resource (keyed by the resource's canonical id). */
export class ConsentStore {
  constructor(private readonly db: Db) {}

  has(oid: string, clientId: string, resource: string): boolean {
    return !!this.db.prepare('SELECT 1 FROM consents WHERE oid = ? AND client_id = ? AND resource = ?').get(oid, clientId, resource);
  }

  grant(oid: string, clientId: string, resources: string[], nowMs: number): void {
    const ins = this.db.prepare('INSERT OR IGNORE INTO consents VALUES (?, ?, ?, ?)');
    this.db.transaction(() => { for (const r of resources) ins.run(oid, clientId, r, nowMs); })();
  }

  revoke(oid: string, clientId: string, resource?: string): number {
    return resource === undefined
      ? this.db.prepare('DELETE FROM consents WHERE oid = ? AND client_id = ?').run(oid, clientId).changes
      : this.db.prepare('DELETE FROM consents WHERE oid = ? AND client_id = ? AND resource = ?').run(oid, clientId, resource).changes;
  }

  /** Deletes every consent a user gave (the user is being removed). */
  removeUser(oid: string): number {
    return this.db.prepare('DELETE FROM consents WHERE oid = ?').run(oid).changes;
  }
}
