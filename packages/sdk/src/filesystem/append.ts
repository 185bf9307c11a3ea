import { AbortError, AdlsError, BadOffsetError, InvalidArgumentError } from '../errors.js';
import { isConnectionError, knownLength, retryDelay, RETRY_STATUS, type RequestBody, type RetryOptions, type SizedBody } from '../http/pipeline.js';
import { sleep } from '../http/sleep.js';
import { errorFromResponse } from './remote-error.js';
import { drain, type WebHdfsTransport } from './transport.js';
import { normalizePath } from './paths.js';
import type { SyncFlag } from './types.js';

/** The service's limit for one CREATE/APPEND body. */
export const MAX_APPEND_BYTES = 4 * 1024 * 1024;

export interface AppendRequest {
  path: string;
  data: Buffer | (() => import('node:stream').Readable) | SizedBody;
  offset: number;
  syncFlag?: SyncFlag;
  leaseId?: string;
  fileSessionId?: string;
  abortSignal?: AbortSignal;
}

/**
 * APPEND at an explicit offset, retried safely. A retry after a lost reply may find the bytes already there:
 * the service then answers BadOffset, and a zero-length APPEND at `offset + length` (Python's recovery,
 * filesystem-api.md §6.2) tells whether they landed. Data is never written twice.
 */
export async function appendAtOffset(t: WebHdfsTransport, retry: RetryOptions, req: AppendRequest): Promise<void> {
  const length = knownLength(req.data);
  if (length !== undefined && length > MAX_APPEND_BYTES) {
    throw new InvalidArgumentError(`An APPEND carries at most ${MAX_APPEND_BYTES} bytes (got ${length}).`);
  }
  const params = appendParams(req, req.offset);
  const context = `APPEND ${normalizePath(req.path)}`;
  /** Whether an earlier attempt may have reached the server (its reply was lost or was a 5xx). */
  let uncertain = false;
  for (let attempt = 1; ; attempt++) {
    if (req.abortSignal?.aborted) throw new AbortError();
    let status: number;
    let failure: AdlsError | undefined;
    try {
      const res = await t.sendRaw({ op: 'APPEND', path: req.path, params, body: req.data as RequestBody, abortSignal: req.abortSignal, retry: false });
      status = res.status;
      if (status >= 200 && status < 300) { await drain(res); return; }
      failure = await errorFromResponse(res, context);
    } catch (e) {
      if (e instanceof AbortError) throw e;
      if (!isConnectionError(e)) throw e;
      status = 0;
      failure = e as AdlsError;
    }
    if (failure instanceof BadOffsetError && uncertain) {
      if (await landed(t, req, length, context)) return;
      throw failure;
    }
    const retriable = status === 0 || RETRY_STATUS.has(status);
    if (!retriable || attempt > retry.maxRetries) throw failure;
    // 429/503 are refusals before processing; anything else may have applied the bytes.
    if (status !== 429 && status !== 503) uncertain = true;
    await sleep(retryDelay(attempt, retry), req.abortSignal);
  }
}

/** After a BadOffset on a retry: did an earlier attempt write our bytes? */
async function landed(t: WebHdfsTransport, req: AppendRequest, length: number | undefined, context: string): Promise<boolean> {
  if (length === undefined) return false; // an unsized stream's length is unknown: we cannot tell, so report the error
  const res = await t.sendRaw({
    op: 'APPEND', path: req.path, params: appendParams(req, req.offset + length), body: Buffer.alloc(0),
    abortSignal: req.abortSignal, retry: false,
  });
  if (res.status >= 200 && res.status < 300) { await drain(res); return true; }
  const err = await errorFromResponse(res, context);
  if (err instanceof BadOffsetError) return false;
  throw err;
}

function appendParams(req: Omit<AppendRequest, 'offset' | 'data' | 'path'>, offset: number): Record<string, string | number | undefined> {
  const leaseId = req.leaseId ?? req.fileSessionId;
  return {
    append: 'true',
    offset,
    syncFlag: req.syncFlag,
    leaseid: leaseId,
    filesessionid: req.fileSessionId ?? leaseId,
  };
}
