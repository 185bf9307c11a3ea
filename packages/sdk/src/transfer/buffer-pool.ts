/**
 * Reusable piece buffers for upload bodies. Each request in flight takes two and gives them back when it is
 * over, so at most two per concurrency slot ever exist: memory stays bounded, and the garbage collector
 * never has a gigabyte of dead pieces per gigabyte uploaded to catch up with.
 */
export class BufferPool {
  private readonly free: Buffer[] = [];

  constructor(readonly size: number) {}

  take(): Buffer {
    return this.free.pop() ?? Buffer.allocUnsafe(this.size);
  }

  give(buf: Buffer): void {
    if (buf.length === this.size) this.free.push(buf);
  }
}
