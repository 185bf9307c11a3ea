import type { Db } from '../store/db.js';

export type OperationKind = 'account-create' | 'account-delete' | 'group-delete' | 'storage-account-create';
export type OperationStatus = 'InProgress' | 'Succeeded' | 'Failed';

/**
 * A long-running operation. Rows are never deleted, so every status URL the emulator handed out keeps
 * answering (a 404 would fail the client's poller), across restarts too.
 */
export interface Operation {
  id: string;
  kind: OperationKind;
  subscriptionId: string;
  resourceGroup: string;
  account?: string;
  /** Per-account sequence number: the `{n}` of `…/accounts/{a}/operationresults/{n}`. */
  seq: number;
  status: OperationStatus;
  /** Clock time (ms) at which the operation completes. */
  readyAt: number;
  error?: { code: string; message: string };
  createdAt: number;
}

interface Row {
  id: string; kind: OperationKind; subscription_id: string; resource_group: string; account: string | null; seq: number;
  status: OperationStatus; ready_at: number; error: string | null; created_at: number;
}

const toOp = (r: Row): Operation => ({
  id: r.id, kind: r.kind, subscriptionId: r.subscription_id, resourceGroup: r.resource_group,
  ...(r.account ? { account: r.account } : {}), seq: r.seq, status: r.status, readyAt: r.ready_at,
  ...(r.error ? { error: JSON.parse(r.error) } : {}), createdAt: r.created_at,
});

export class OperationStore {
  constructor(private readonly db: Db) {}

  insert(op: Operation): void {
    this.db.prepare('INSERT INTO mgmt_operations VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)').run(
      op.id, op.kind, op.subscriptionId, op.resourceGroup, op.account ?? null, op.seq, op.status, op.readyAt,
      op.error ? JSON.stringify(op.error) : null, op.createdAt);
  }

  get(id: string): Operation | undefined {
    const r = this.db.prepare('SELECT * FROM mgmt_operations WHERE id = ? COLLATE NOCASE').get(id) as Row | undefined;
    return r && toOp(r);
  }

  /**
   * The latest operation with sequence number `seq` on a Data Lake Store account name (names can be reused after a
   * delete; a storage account may share the name, so only `account-*` kinds count).
   */
  forAccount(account: string, seq: number): Operation | undefined {
    const r = this.db.prepare("SELECT * FROM mgmt_operations WHERE account = ? AND seq = ? AND kind LIKE 'account-%' ORDER BY created_at DESC, rowid DESC LIMIT 1")
      .get(account.toLowerCase(), seq) as Row | undefined;
    return r && toOp(r);
  }

  /** The operation still running on a Data Lake Store account, if any. */
  pendingForAccount(account: string): Operation | undefined {
    const r = this.db.prepare("SELECT * FROM mgmt_operations WHERE account = ? AND status = 'InProgress' AND kind LIKE 'account-%' ORDER BY rowid DESC LIMIT 1")
      .get(account.toLowerCase()) as Row | undefined;
    return r && toOp(r);
  }

  /** Operations of one account instance are numbered `{accountId}_0`, `{accountId}_1`, … */
  nextSeq(accountId: string): number {
    const r = this.db.prepare('SELECT COUNT(*) AS n FROM mgmt_operations WHERE id LIKE ?').get(`${accountId}%`) as { n: number };
    return r.n;
  }

  due(now: number): Operation[] {
    return (this.db.prepare("SELECT * FROM mgmt_operations WHERE status = 'InProgress' AND ready_at <= ? ORDER BY ready_at, rowid")
      .all(now) as Row[]).map(toOp);
  }

  /** Marks an operation finished; false when someone else already finished it. */
  finish(id: string, status: Exclude<OperationStatus, 'InProgress'>, error?: { code: string; message: string }): boolean {
    return this.db.prepare("UPDATE mgmt_operations SET status = ?, error = ? WHERE id = ? AND status = 'InProgress'")
      .run(status, error ? JSON.stringify(error) : null, id).changes > 0;
  }
}
