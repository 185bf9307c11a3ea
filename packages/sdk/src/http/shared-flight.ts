import type { AbortSignalLike } from '../auth/types.js';
import { AbortError } from '../errors.js';

/** `promise`, or an AbortError as soon as `signal` fires (the promise itself goes on; its outcome is then ignored). */
export function raceAbort<T>(promise: Promise<T>, signal?: AbortSignalLike): Promise<T> {
  if (!signal) return promise;
  if (signal.aborted) {
    promise.catch(() => {});
    return Promise.reject(new AbortError());
  }
  return new Promise<T>((resolve, reject) => {
    const onAbort = () => reject(new AbortError());
    signal.addEventListener('abort', onAbort, { once: true });
    void promise.then(resolve, reject).finally(() => signal.removeEventListener('abort', onAbort));
  });
}

interface Flight<T> {
  promise: Promise<T>;
  controller: AbortController;
  /** Callers waiting for it that have not aborted. */
  live: number;
}

/**
 * At most one operation per key in flight; callers that arrive meanwhile share it. The operation runs with
 * a signal of its own that fires only once every caller waiting for it has aborted: each caller races its
 * own signal, so one caller giving up never fails the others.
 */
export class SharedFlights<K, T> {
  private readonly flights = new Map<K, Flight<T>>();

  async join(key: K, start: (signal: AbortSignal) => Promise<T>, signal?: AbortSignalLike): Promise<T> {
    if (signal?.aborted) throw new AbortError();
    let flight = this.flights.get(key);
    if (!flight) {
      const controller = new AbortController();
      const created: Flight<T> = { controller, live: 0, promise: Promise.resolve() as Promise<never> };
      created.promise = Promise.resolve()
        .then(() => start(controller.signal))
        .finally(() => { if (this.flights.get(key) === created) this.flights.delete(key); });
      this.flights.set(key, created);
      flight = created;
    }
    const f = flight;
    f.live++;
    const leave = () => {
      if (--f.live > 0) return;
      // Nobody wants it any more: cancel it, and let the next caller start afresh.
      if (this.flights.get(key) === f) this.flights.delete(key);
      f.controller.abort();
    };
    signal?.addEventListener('abort', leave, { once: true });
    try {
      return await raceAbort(f.promise, signal);
    } finally {
      signal?.removeEventListener('abort', leave);
    }
  }
}
