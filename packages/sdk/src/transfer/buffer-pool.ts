/**
 * Reusable block buffers for uploads. A buffer is taken inside a concurrency slot and given back when its
 * chunk is done, so at most `concurrency` buffers ever exist: memory stays bounded, and the garbage
 * collector never has dozens of dead 4 MiB buffers to catch up with.
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
