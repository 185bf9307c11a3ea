/**
 * In-process mutual exclusion per key (file ids): serialises appends to one file, and lets concat wait
 * for in-flight appends of its sources. Keys are locked in ascending order, so multi-key holders never deadlock.
 */
export class KeyedMutex {
  private readonly tails = new Map<number, Promise<void>>();

  async run<T>(keys: readonly number[], fn: () => Promise<T>): Promise<T> {
    const sorted = [...new Set(keys)].sort((a, b) => a - b);
    const releases: (() => void)[] = [];
    try {
      for (const k of sorted) releases.push(await this.acquire(k));
      return await fn();
    } finally {
      for (const r of releases.reverse()) r();
    }
  }

  private async acquire(key: number): Promise<() => void> {
    const prev = this.tails.get(key) ?? Promise.resolve();
    let release!: () => void;
    const mine = new Promise<void>((r) => { release = r; });
    const tail = prev.then(() => mine);
    this.tails.set(key, tail);
    await prev;
    return () => {
      release();
      if (this.tails.get(key) === tail) this.tails.delete(key);
    };
  }
}
