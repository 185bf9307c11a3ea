import type { AzureLogger } from '@azure/logger';
import { AdlsError, throwIfAborted } from '../../errors.js';
import type { PipelinePolicy } from '../policy.js';
import { redactUrl } from '../redact.js';
import { retryAfterMs } from '../retry-after.js';
import { sleep as realSleep } from '../sleep.js';

export const RETRY_POLICY = 'retry';

export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  /** Cap on any one wait, a Retry-After included. */
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 5, baseDelayMs: 200, maxDelayMs: 20_000 };

/** Statuses worth retrying: timeouts, throttling and transient server faults. */
export const RETRY_STATUS: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
/** Of those, the ones that say the request was not processed, so that even a non-idempotent one is sent again. */
const NOT_PROCESSED_STATUS: ReadonlySet<number> = new Set([429, 503]);

const RETRY_CODES = new Set(['ECONNRESET', 'ECONNREFUSED', 'EPIPE', 'ETIMEDOUT', 'UND_ERR_SOCKET', 'UND_ERR_CLOSED',
  'UND_ERR_CONNECT_TIMEOUT', 'UND_ERR_HEADERS_TIMEOUT', 'UND_ERR_BODY_TIMEOUT', 'EAI_AGAIN']);

/** True for network faults where the request may or may not have reached the server. */
export function isConnectionError(e: unknown): boolean {
  let cur: any = e;
  for (let i = 0; cur && i < 4; i++, cur = cur.cause) {
    if (typeof cur.code === 'string' && RETRY_CODES.has(cur.code)) return true;
  }
  return false;
}

/**
 * Delay before retry `attempt` (1-based): what the response's Retry-After asks for (the SDK's one rule,
 * `retryAfterMs`), else exponential backoff with full jitter; never more than `maxDelayMs`.
 */
export function retryDelay(attempt: number, retry: RetryOptions, headers?: Record<string, string | string[] | undefined>, now = Date.now()): number {
  const asked = headers ? retryAfterMs(headers, now) : undefined;
  if (asked !== undefined) return Math.min(asked, retry.maxDelayMs);
  const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(cap / 2 + Math.random() * (cap / 2));
}

export interface RetryPolicyOptions extends RetryOptions {
  /** Statuses to retry. Default RETRY_STATUS. */
  statuses?: ReadonlySet<number>;
  logger?: AzureLogger;
  /** Time source and wait (tests inject a fake clock). */
  now?: () => number;
  sleep?: (ms: number, signal?: AbortSignal) => Promise<void>;
}

/**
 * Sends again after throttling, transient 5xx and connection faults: any request when the answer says it
 * was not processed (429, 503), otherwise idempotent ones only. After the last retry the last answer is
 * returned (or its error thrown) for the caller to turn into a typed error.
 */
export function retryPolicy(opts: RetryPolicyOptions): PipelinePolicy {
  const statuses = opts.statuses ?? RETRY_STATUS;
  const now = opts.now ?? Date.now;
  const wait = opts.sleep ?? realSleep;
  return {
    name: RETRY_POLICY,
    async sendRequest(req, next) {
      const max = req.allowRetry ? opts.maxRetries : 0;
      for (let retries = 0; ; retries++) {
        throwIfAborted(req.abortSignal);
        const last = retries >= max;
        let delay: number;
        let why: string;
        try {
          const res = await next(req);
          if (last || !statuses.has(res.status) || !(req.idempotent || NOT_PROCESSED_STATUS.has(res.status))) return res;
          await res.body.dump?.().catch(() => {});
          delay = retryDelay(retries + 1, opts, res.headers, now());
          why = `HTTP ${res.status}`;
        } catch (e) {
          const retriable = e instanceof AdlsError && e.code === 'CONNECTION' && isConnectionError(e) && req.idempotent;
          if (last || !retriable) throw e;
          delay = retryDelay(retries + 1, opts);
          why = 'a connection fault';
        }
        opts.logger?.verbose(`${req.method} ${redactUrl(req.url)}: retry ${retries + 1} of ${max} after ${why}, in ${delay} ms`);
        await wait(delay, req.abortSignal);
      }
    },
  };
}
