/**
 * Progress accounting. Bytes are credited per committed block with a high-water mark per chunk, so a
 * chunk that is retried from its start is never counted twice; a chunk finished in an earlier
 * (resumed) run is credited once, up front.
 */

export interface TransferProgress {
  bytesDone: number;
  bytesTotal: number;
  filesDone: number;
  filesTotal: number;
  /** Chunks finished so far (all files). */
  chunksDone: number;
}

export class ProgressTracker {
  private bytesDone = 0;
  private bytesTotal = 0;
  private filesDone = 0;
  private filesTotal = 0;
  private chunksDone = 0;
  private readonly credited = new Map<string, number>();

  constructor(private readonly listener?: (p: TransferProgress) => void) {}

  /** Adds files and bytes to the totals (a tree learns its size as it is listed). */
  addTotals(files: number, bytes: number): void {
    this.filesTotal += files;
    this.bytesTotal += bytes;
    this.emit();
  }

  /** Records that `chunkKey` has `committed` bytes on the far side; only growth beyond the mark counts. */
  chunkBytes(chunkKey: string, committed: number): void {
    const before = this.credited.get(chunkKey) ?? 0;
    if (before < 0 || committed <= before) return; // finished already, or no growth
    this.credited.set(chunkKey, committed);
    this.bytesDone += committed - before;
    this.emit();
  }

  /** A chunk is finished: its bytes are all credited (idempotent per chunk). */
  chunkDone(chunkKey: string, length: number): void {
    const before = this.credited.get(chunkKey) ?? 0;
    if (before < 0) return; // already finished
    this.bytesDone += length - before;
    this.credited.set(chunkKey, -1);
    this.chunksDone++;
    this.emit();
  }

  fileDone(): void {
    this.filesDone++;
    this.emit();
  }

  snapshot(): TransferProgress {
    return { bytesDone: this.bytesDone, bytesTotal: this.bytesTotal, filesDone: this.filesDone, filesTotal: this.filesTotal, chunksDone: this.chunksDone };
  }

  private emit(): void {
    if (!this.listener) return;
    try { this.listener(this.snapshot()); } catch { /* a faulty listener must not break the transfer */ }
  }
}
