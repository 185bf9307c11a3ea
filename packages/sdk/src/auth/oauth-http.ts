import { randomUUID } from 'node:crypto';
import { request, type Dispatcher } from 'undici';
import { AbortError, AdlsError } from '../errors.js';
import { AUTH_CODES, authError, OAuthError, type OAuthErrorBody } from './auth-errors.js';
import type { Clock } from './clock.js';

export interface OAuthHttpOptions {
  dispatcher: Dispatcher;
  clock: Clock;
  /** Retries after a 429/503 (honouring Retry-After). Default 3. */
  maxThrottleRetries?: number;
  /** Cap on a single Retry-After wait. Default 60 s. */
  maxRetryAfterMs?: number;
  userAgent?: string;
}

export interface OAuthReply {
  status: number;
  body: Record<string, unknown>;
  requestId?: string;
}

const THROTTLE_STATUS = new Set([429, 503]);

/** Delay asked for by a Retry-After header (seconds or HTTP date), capped; default when absent. */
export function retryAfterMs(header: string | string[] | undefined, now: number, capMs: number, fallbackMs = 2_000): number {
  const v = Array.isArray(header) ? header[0] : header;
  if (v !== undefined) {
    const secs = Number(v);
    if (Number.isFinite(secs) && secs >= 0) return Math.min(secs * 1000, capMs);
    const date = Date.parse(v);
    if (!Number.isNaN(date)) return Math.min(Math.max(0, date - now), capMs);
  }
  return Math.min(fallbackMs, capMs);
}

/**
 * The few HTTP calls an OAuth client makes: GET JSON (discovery, user realm) and POST a form
 * (device code, token). Every body must be JSON; 429/503 are retried a bounded number of times.
 * Nothing here logs: bodies carry secrets.
 */
export class OAuthHttp {
  private readonly maxRetries: number;
  private readonly maxRetryAfterMs: number;

  constructor(private readonly opts: OAuthHttpOptions) {
    this.maxRetries = opts.maxThrottleRetries ?? 3;
    this.maxRetryAfterMs = opts.maxRetryAfterMs ?? 60_000;
  }

  getJson(url: string, signal?: AbortSignal): Promise<OAuthReply> {
    return this.send('GET', url, undefined, {}, signal);
  }

  /** POSTs a form; undefined values are left out. */
  postForm(url: string, form: Record<string, string | undefined>, signal?: AbortSignal, headers: Record<string, string> = {}): Promise<OAuthReply> {
    const body = new URLSearchParams();
    for (const [k, v] of Object.entries(form)) if (v !== undefined) body.set(k, v);
    return this.send('POST', url, body.toString(), { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', ...headers }, signal);
  }

  /** Like postForm, but a non-2xx answer becomes a typed OAuthError. */
  async postFormOk(url: string, form: Record<string, string | undefined>, signal?: AbortSignal, headers?: Record<string, string>): Promise<OAuthReply> {
    const reply = await this.postForm(url, form, signal, headers);
    if (reply.status >= 200 && reply.status < 300 && reply.body.error === undefined) return reply;
    throw new OAuthError(reply.status, reply.body as OAuthErrorBody, reply.requestId);
  }

  private async send(method: 'GET' | 'POST', url: string, body: string | undefined, headers: Record<string, string>, signal?: AbortSignal): Promise<OAuthReply> {
    for (let attempt = 0; ; attempt++) {
      if (signal?.aborted) throw new AbortError();
      let res: Dispatcher.ResponseData;
      try {
        res = await request(url, {
          method, body, signal, dispatcher: this.opts.dispatcher,
          headers: {
            accept: 'application/json',
            'user-agent': this.opts.userAgent ?? 'adls-gen1-ts/0.1.0',
            'client-request-id': randomUUID(),
            ...headers,
          },
        });
      } catch (e) {
        if (signal?.aborted || (e as Error).name === 'AbortError') throw new AbortError();
        throw new AdlsError('CONNECTION', `${method} ${new URL(url).host}: ${(e as Error).message}`, { cause: e });
      }
      const requestId = headerValue(res.headers['x-ms-request-id']);
      if (THROTTLE_STATUS.has(res.statusCode)) {
        await res.body.dump().catch(() => {});
        if (attempt >= this.maxRetries) {
          throw authError(AUTH_CODES.THROTTLED, `The identity service is ${res.statusCode === 429 ? 'throttling requests' : 'unavailable'} (HTTP ${res.statusCode}) after ${attempt + 1} attempts.`);
        }
        await this.opts.clock.sleep(retryAfterMs(res.headers['retry-after'], this.opts.clock.now(), this.maxRetryAfterMs), signal);
        continue;
      }
      let text: string;
      try {
        text = await res.body.text();
      } catch (e) {
        if (signal?.aborted) throw new AbortError();
        throw new AdlsError('CONNECTION', `${method} ${new URL(url).host}: ${(e as Error).message}`, { cause: e });
      }
      let parsed: unknown;
      try {
        parsed = JSON.parse(text);
      } catch {
        throw authError(AUTH_CODES.BAD_RESPONSE, `${method} ${new URL(url).pathname} answered HTTP ${res.statusCode} with a body that is not JSON.`);
      }
      if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
        throw authError(AUTH_CODES.BAD_RESPONSE, `${method} ${new URL(url).pathname} answered HTTP ${res.statusCode} with a JSON value that is not an object.`);
      }
      return { status: res.statusCode, body: parsed as Record<string, unknown>, requestId };
    }
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
