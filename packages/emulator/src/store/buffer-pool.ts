/**
 * Fixed-size buffers handed out and taken back, so that streaming a file does not allocate (and the garbage
 * collector does not reclaim) a fresh buffer per read. At most `keep` idle buffers are held; the pool starts empty.
 */
export class BufferPool {
  private readonly idle: Buffer[] = [];

  constructor(readonly size: number, private readonly keep: number) {}

  take(): Buffer {
    return this.idle.pop() ?? Buffer.allocUnsafeSlow(this.size);
  }

  /** Gives a buffer back; its contents may be overwritten from now on. */
  give(b: Buffer): void {
    if (b.length === this.size && this.idle.length < this.keep) this.idle.push(b);
  }

  get idleCount(): number {
    return this.idle.length;
  }
}
