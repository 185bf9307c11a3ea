/** Bounded concurrency: a semaphore shared by every file of a transfer, and a fail-fast parallel loop. */
import { setMaxListeners } from 'node:events';
import { AbortError } from '../errors.js';

/** Counts free slots; waiters are served in arrival order. */
export class Semaphore {
  private free: number;
  private readonly waiters: { resolve: () => void; reject: (e: unknown) => void; signal?: AbortSignal; onAbort: () => void }[] = [];

  constructor(slots: number) { this.free = slots; }

  async acquire(signal?: AbortSignal): Promise<() => void> {
    if (signal?.aborted) throw new AbortError();
    if (this.free > 0) {
      this.free--;
      return this.releaser();
    }
    await new Promise<void>((resolve, reject) => {
      const w = {
        resolve, reject, signal,
        onAbort: () => {
          const i = this.waiters.indexOf(w);
          if (i >= 0) this.waiters.splice(i, 1);
          reject(new AbortError());
        },
      };
      signal?.addEventListener('abort', w.onAbort, { once: true });
      this.waiters.push(w);
    });
    return this.releaser();
  }

  /** Runs `fn` holding one slot. */
  async run<T>(fn: () => Promise<T>, signal?: AbortSignal): Promise<T> {
    const release = await this.acquire(signal);
    try { return await fn(); } finally { release(); }
  }

  private releaser(): () => void {
    let released = false;
    return () => {
      if (released) return;
      released = true;
      const next = this.waiters.shift();
      if (next) {
        next.signal?.removeEventListener('abort', next.onAbort);
        next.resolve(); // the slot passes straight to the next waiter
      } else {
        this.free++;
      }
    };
  }
}

/** An AbortController that also aborts when `parent` does; `dispose()` detaches it. */
export function linkedController(parent?: AbortSignal): { controller: AbortController; dispose: () => void } {
  const controller = new AbortController();
  // Every request in flight (one per concurrency slot) listens on this signal: more than Node's default
  // of 10 listeners is expected here, not a leak.
  setMaxListeners(0, controller.signal);
  if (!parent) return { controller, dispose: () => {} };
  const onAbort = () => controller.abort(parent.reason);
  if (parent.aborted) controller.abort(parent.reason);
  else parent.addEventListener('abort', onAbort, { once: true });
  return { controller, dispose: () => parent.removeEventListener('abort', onAbort) };
}

/**
 * Runs `fn` over `items`, at most `limit` at a time (or through a shared semaphore). On the first failure it
 * stops scheduling, aborts the tasks in flight through the signal it handed them, waits for them to settle,
 * and throws that first failure (an AbortError when the caller aborted).
 */
export async function forEachLimited<T>(
  items: Iterable<T> | AsyncIterable<T>,
  gate: number | Semaphore,
  fn: (item: T, signal: AbortSignal) => Promise<void>,
  signal?: AbortSignal,
): Promise<void> {
  const sem = typeof gate === 'number' ? new Semaphore(gate) : gate;
  const { controller, dispose } = linkedController(signal);
  const inner = controller.signal;
  const running = new Set<Promise<void>>();
  let failure: { error: unknown } | undefined;
  const fail = (e: unknown) => {
    if (!failure) failure = { error: e };
    controller.abort(e);
  };
  try {
    for await (const item of items as AsyncIterable<T>) {
      if (inner.aborted) break;
      let release: () => void;
      try { release = await sem.acquire(inner); } catch (e) { if (!failure) fail(e); break; }
      const p = (async () => {
        try { await fn(item, inner); } catch (e) { fail(e); } finally { release(); }
      })();
      running.add(p);
      void p.finally(() => running.delete(p));
    }
  } catch (e) {
    fail(e);
  }
  await Promise.all(running);
  dispose();
  if (signal?.aborted) throw new AbortError();
  if (failure) throw failure.error;
}
