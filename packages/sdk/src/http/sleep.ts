import { setTimeout as delay } from 'node:timers/promises';
import { AbortError } from '../errors.js';

/** Waits `ms` milliseconds; rejects with AbortError when the signal fires (or has already fired). */
export async function sleep(ms: number, signal?: AbortSignal): Promise<void> {
  if (signal?.aborted) throw new AbortError();
  try {
    await delay(ms, undefined, { signal });
  } catch {
    throw new AbortError();
  }
}
