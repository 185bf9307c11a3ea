/**
 * Backoff for the download loop, which resumes a chunk from its last byte after the pipeline and read()
 * gave up (single requests, replies cut mid-body included, are retried by the pipeline itself).
 */
import { setTimeout as sleep } from 'node:timers/promises';
import { AbortError, AdlsError } from '../errors.js';
import { DEFAULT_RETRY, isConnectionError, retryDelay } from '../http/pipeline.js';

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
