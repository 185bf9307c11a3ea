import { randomUUID } from 'node:crypto';
import type { AccountRecord } from '../accounts/registry.js';
import type { EmulatorCore } from '../core.js';
import type { Headers } from './reply.js';
import { activateStorageAccount } from './storage/lifecycle.js';
import { OperationStore, type Operation, type OperationKind } from './operations.js';

/** How long (clock ms) an asynchronous operation stays InProgress. Real clients wait Retry-After (1 s) between polls. */
export const LRO_DURATION_MS = 500;

/** Retry-After for every in-progress answer. Never 0: Python then sleeps its 30 s default (management-api.md §3.3). */
export const RETRY_AFTER = '1';

export const DLS_API_VERSION = '2016-11-01';

/**
 * Long-running operations of the management plane (management-api.md §3). Operations are rows with a
 * completion time on the injectable clock; `settle()` applies every operation that is due (called at the start
 * of each management request, and by a real-time timer so accounts also settle when nobody polls).
 */
export class LroEngine {
  readonly ops: OperationStore;
  private readonly timers = new Set<NodeJS.Timeout>();
  private settling: Promise<void> = Promise.resolve();

  constructor(private readonly core: EmulatorCore) {
    this.ops = new OperationStore(core.db);
  }

  get mode() { return this.core.options.lroMode; }

  /** Records an operation; InProgress until `LRO_DURATION_MS` of clock time have passed. */
  start(kind: OperationKind, at: { subscriptionId: string; resourceGroup: string; account?: AccountRecord }, done = false): Operation {
    const now = this.core.options.now();
    const account = at.account;
    const seq = account ? this.ops.nextSeq(account.id) : 0;
    const op: Operation = {
      id: account ? `${account.id}_${seq}` : groupDeletionJobId(at.resourceGroup, now),
      kind, subscriptionId: at.subscriptionId, resourceGroup: at.resourceGroup, seq,
      ...(account ? { account: account.name } : {}),
      status: done ? 'Succeeded' : 'InProgress', readyAt: done ? now : now + LRO_DURATION_MS, createdAt: now,
    };
    this.ops.insert(op);
    if (!done) this.schedule();
    return op;
  }

  /** A storage-account create: its own id (the `{id}` of `…/asyncoperations/{id}`), InProgress for LRO_DURATION_MS. */
  startStorageCreate(at: { subscriptionId: string; resourceGroup: string; account: string }): Operation {
    const now = this.core.options.now();
    const op: Operation = {
      id: randomUUID(), kind: 'storage-account-create', subscriptionId: at.subscriptionId, resourceGroup: at.resourceGroup,
      account: at.account, seq: 0, status: 'InProgress', readyAt: now + LRO_DURATION_MS, createdAt: now,
    };
    this.ops.insert(op);
    this.schedule();
    return op;
  }

  /** `Azure-AsyncOperation` (status resource, A9) + `Location` (A10) + `Retry-After` for an account operation. */
  accountHeaders(origin: string, op: Operation, location: string): Headers {
    const s = op.subscriptionId;
    return {
      'Azure-AsyncOperation': `${origin}/subscriptions/${s}/providers/Microsoft.DataLakeStore/locations/${location}/operationResults/${op.id}?api-version=${DLS_API_VERSION}`,
      Location: `${origin}/subscriptions/${s}/resourcegroups/${op.resourceGroup}/providers/Microsoft.DataLakeStore/accounts/${op.account}/operationresults/${op.seq}?api-version=${DLS_API_VERSION}`,
      'Retry-After': RETRY_AFTER,
    };
  }

  /** Applies every due operation. Serialised so concurrent requests never apply one twice. */
  settle(): Promise<void> {
    this.settling = this.settling.then(() => this.settleDue()).catch((e) => this.core.log.warn(`settling operations failed: ${(e as Error).message}`));
    return this.settling;
  }

  private async settleDue(): Promise<void> {
    for (const op of this.ops.due(this.core.options.now())) {
      if (op.kind === 'account-create' && op.account) {
        const failure = this.activate(op.account);
        this.ops.finish(op.id, failure ? 'Failed' : 'Succeeded', failure);
      } else if (op.kind === 'storage-account-create' && op.account) {
        const failure = activateStorageAccount(this.core, op.account);
        this.ops.finish(op.id, failure ? 'Failed' : 'Succeeded', failure);
      } else if (op.kind === 'account-delete' && op.account) {
        this.ops.finish(op.id, 'Succeeded');
        await this.destroy(op.account);
      } else {
        this.ops.finish(op.id, 'Succeeded');
      }
    }
  }

  /** Makes a created account usable: provisions its namespace (creator owns `/`) and marks it Succeeded. */
  activate(name: string): { code: string; message: string } | undefined {
    const a = this.core.accounts.get(name);
    if (!a) return { code: 'ResourceNotFound', message: `The account '${name}' no longer exists.` };
    // Deleted while still creating: the delete wins; never flip a Deleting account back to Succeeded.
    if (a.provisioningState === 'Deleting') return { code: 'Canceled', message: `The account '${name}' was deleted before it finished creating.` };
    try {
      const owner = this.core.directory.userByOid(a.ownerOid);
      this.core.namespaces.provision(a.name, { oid: a.ownerOid, name: owner?.upn ?? a.ownerOid });
    } catch (e) {
      this.core.log.warn(`provisioning the namespace of ${name} failed: ${(e as Error).message}`);
      this.core.accounts.update(name, { provisioningState: 'Failed' }, this.core.options.now());
      return { code: 'InternalServerError', message: 'Provisioning the account namespace failed.' };
    }
    this.core.accounts.update(name, { provisioningState: 'Succeeded' }, this.core.options.now());
    return undefined;
  }

  /** Removes an account and its data-plane namespace. */
  async destroy(name: string): Promise<void> {
    this.core.accounts.remove(name);
    try {
      await this.core.namespaces.destroy(name);
    } catch (e) {
      this.core.log.warn(`destroying the namespace of ${name} failed: ${(e as Error).message}`);
    }
  }

  /** With the real clock, settle shortly after an operation is due even if no client polls. */
  private schedule(): void {
    const t = setTimeout(() => {
      this.timers.delete(t);
      void this.settle();
    }, LRO_DURATION_MS + 50);
    t.unref();
    this.timers.add(t);
  }

  async close(): Promise<void> {
    for (const t of this.timers) clearTimeout(t);
    this.timers.clear();
    await this.settling;
  }
}

/** Opaque id in the real service's form: base64url of `{"jobId":"RESOURCEGROUPDELETIONJOB-<RG>-…","jobLocation":…}`. */
function groupDeletionJobId(resourceGroup: string, now: number): string {
  const job = { jobId: `RESOURCEGROUPDELETIONJOB-${resourceGroup.toUpperCase()}-${now.toString(36).toUpperCase()}${Math.random().toString(36).slice(2, 8).toUpperCase()}` };
  return Buffer.from(JSON.stringify(job)).toString('base64url');
}
