/** Options of every begin* method. */
export interface BeginOperationOptions {
  abortSignal?: AbortSignal;
  /** Delay between polls when the service sends no Retry-After (overrides the client's). */
  pollIntervalMs?: number;
  /** A poller's toString() from an earlier run: continue that operation instead of starting a new one. */
  resumeFrom?: string;
}

export interface OperationOptions {
  abortSignal?: AbortSignal;
}
