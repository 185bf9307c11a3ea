import { setTimeout as sleep } from 'node:timers/promises';
import { AbortError } from '../errors.js';

/** Time source for credentials: injectable so tests can run polling and expiry logic without real waits. */
export interface Clock {
  /** Milliseconds since the epoch. */
  now(): number;
  /** Waits `ms` milliseconds; rejects with AbortError when the signal fires. */
  sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
  now: () => Date.now(),
  async sleep(ms, signal) {
    if (signal?.aborted) throw new AbortError();
    try {
      await sleep(ms, undefined, { signal });
    } catch {
      throw new AbortError();
    }
  },
};
