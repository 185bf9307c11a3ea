import type { ExtentStore } from './extents.js';
import type { MetadataBackend } from './metadata.js';

export interface SweepReport { removed: number; truncated: number; short: string[] }

/**
 * The one collector of unreferenced extents (mark and sweep): nothing else deletes file bytes. An extent is
 * garbage when no file references it and no write is filling it. Transactions that drop extents (delete,
 * overwrite, expiry, failed writes) hand them in as candidates, checked and removed on the next turn of the event
 * loop; a full sweep runs at start-up (which also cuts bytes written past a committed length by a write that never
 * committed, e.g. before a crash) and periodically (anything a candidate list missed).
 */
export class ExtentCollector {
  /** Extents a write is filling right now (by number of writers): never collected, never truncated. */
  private readonly writing = new Map<string, number>();
  private readonly candidates = new Set<string>();
  private pending: Promise<void> | undefined;
  private timer: NodeJS.Timeout | undefined;
  private sweeping: Promise<SweepReport> | undefined;

  constructor(private readonly meta: MetadataBackend, private readonly extents: ExtentStore, private readonly onError: (e: unknown) => void) {}

  /** Marks `id` as being written until the returned function is called; then it is checked like a dropped one. */
  hold(id: string): () => void {
    this.writing.set(id, (this.writing.get(id) ?? 0) + 1);
    let done = false;
    return () => {
      if (done) return;
      done = true;
      const n = (this.writing.get(id) ?? 1) - 1;
      if (n > 0) this.writing.set(id, n); else this.writing.delete(id);
      this.dropped([id]);
    };
  }

  /** Extents that may have lost their last reference: collected soon (after the current transaction). */
  dropped(ids: Iterable<string>): void {
    for (const id of ids) this.candidates.add(id);
    if (this.candidates.size > 0) this.pending ??= new Promise<void>((resolve) => setImmediate(resolve)).then(() => this.collectCandidates());
  }

  /** Waits for the candidates handed in so far to be collected. */
  async settle(): Promise<void> {
    while (this.pending) await this.pending;
  }

  private async collectCandidates(): Promise<void> {
    const batch = [...this.candidates];
    this.candidates.clear();
    try {
      for (const id of batch) {
        if (!this.writing.has(id) && !this.meta.isReferenced(id)) await this.extents.remove(id);
      }
    } catch (e) {
      this.onError(e);
    } finally {
      this.pending = undefined;
      if (this.candidates.size > 0) this.dropped([]);
    }
  }

  /**
   * Mark (every referenced extent with its committed length) and sweep (every extent present). With `repair`
   * (start-up only, before any write runs) extents longer than their committed length are cut back.
   */
  sweep(repair = false): Promise<SweepReport> {
    this.sweeping ??= this.sweepOnce(repair).finally(() => { this.sweeping = undefined; });
    return this.sweeping;
  }

  private async sweepOnce(repair: boolean): Promise<SweepReport> {
    const report: SweepReport = { removed: 0, truncated: 0, short: [] };
    const present: [string, number][] = [];
    for await (const entry of this.extents.list()) present.push(entry);
    const marked = this.meta.read(() => this.meta.allExtents()); // after listing: an extent committed meanwhile is marked
    for (const [id, size] of present) {
      if (this.writing.has(id)) continue;
      const want = marked.get(id);
      if (want === undefined) {
        if (this.meta.isReferenced(id)) continue; // committed after the mark
        await this.extents.remove(id);
        report.removed++;
      } else if (repair && size > want) {
        await this.extents.truncate(id, want);
        report.truncated++;
      } else if (size < want) {
        report.short.push(id);
      }
    }
    return report;
  }

  /** Sweeps every `intervalMs` until stopped. */
  start(intervalMs: number): void {
    this.timer = setInterval(() => { this.sweep().catch(this.onError); }, intervalMs);
    this.timer.unref();
  }

  async stop(): Promise<void> {
    clearInterval(this.timer);
    await this.settle();
    await this.sweeping?.catch(() => undefined);
  }
}
