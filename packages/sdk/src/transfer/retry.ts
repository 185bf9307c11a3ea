/** Retrying transfer steps whose answer was lost (the HTTP pipeline only retries before the response headers). */
import { setTimeout as sleep } from 'node:timers/promises';
import { AbortError, AdlsError } from '../errors.js';
import { DEFAULT_RETRY, isConnectionError, retryDelay } from '../http/pipeline.js';
import { TRANSFER_DEFAULTS } from './options.js';

/** Connection faults (including a body cut after the headers arrived), throttling and 5xx answers. */
export function isTransient(e: unknown): boolean {
  if (isConnectionError(e)) return true;
  return e instanceof AdlsError && (e.code === 'CONNECTION' || e.code === 'THROTTLED' || (e.status ?? 0) >= 500);
}

/** Waits before retry `attempt`, cut short by the signal. */
export async function backoff(attempt: number, signal?: AbortSignal): Promise<void> {
  try {
    await sleep(retryDelay(attempt, DEFAULT_RETRY), undefined, { signal });
  } catch {
    throw new AbortError();
  }
}

/** Runs an idempotent step, again from scratch after a transient failure. */
export async function retried<T>(signal: AbortSignal | undefined, fn: () => Promise<T>): Promise<T> {
  for (let attempt = 1; ; attempt++) {
    try {
      return await fn();
    } catch (e) {
      if (signal?.aborted) throw new AbortError();
      if (!isTransient(e) || attempt >= TRANSFER_DEFAULTS.maxAttempts) throw e;
      await backoff(attempt, signal);
    }
  }
}
