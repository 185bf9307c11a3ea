import type { Dispatcher } from 'undici';
import { HttpPipeline } from '../http/pipeline.js';
import { requestIdPolicy, REQUEST_ID_POLICY } from '../http/policies/request-id.js';
import { RETRY_POLICY, retryPolicy } from '../http/policies/retry.js';
import { USER_AGENT_POLICY } from '../http/policies/user-agent.js';
import { logger } from '../http/log.js';
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

const THROTTLE_STATUS: ReadonlySet<number> = new Set([429, 503]);

/**
 * The few HTTP calls an OAuth client makes: GET JSON (discovery, user realm) and POST a form
 * (device code, token), through the SDK's pipeline with Azure AD's request-id header and a retry policy of
 * its own: 429/503 a bounded number of times (Retry-After honoured, waits on the credential's clock).
 * Every body must be JSON. The pipeline logs method, URL and status only: these bodies carry secrets.
 */
export class OAuthHttp {
  private readonly pipeline: HttpPipeline;

  constructor(opts: OAuthHttpOptions) {
    this.pipeline = new HttpPipeline({ dispatcher: opts.dispatcher, userAgent: opts.userAgent });
    this.pipeline.removePolicy(REQUEST_ID_POLICY);
    this.pipeline.addPolicy(requestIdPolicy('client-request-id'), { beforePolicies: [USER_AGENT_POLICY] });
    this.pipeline.removePolicy(RETRY_POLICY);
    this.pipeline.addPolicy(retryPolicy({
      maxRetries: opts.maxThrottleRetries ?? 3, baseDelayMs: 2_000, maxDelayMs: opts.maxRetryAfterMs ?? 60_000,
      statuses: THROTTLE_STATUS, now: () => opts.clock.now(), sleep: (ms, signal) => opts.clock.sleep(ms, signal), logger,
    }), { phase: 'Retry' });
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
    const res = await this.pipeline.send({
      method, url, body, abortSignal: signal, bufferBody: true, headers: { accept: 'application/json', ...headers },
    });
    const requestId = headerValue(res.headers['x-ms-request-id']);
    if (THROTTLE_STATUS.has(res.status)) {
      throw authError(AUTH_CODES.THROTTLED, `The identity service is ${res.status === 429 ? 'throttling requests' : 'unavailable'} (HTTP ${res.status}) after ${res.attempts} attempts.`);
    }
    const text = await res.body.text();
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch {
      throw authError(AUTH_CODES.BAD_RESPONSE, `${method} ${new URL(url).pathname} answered HTTP ${res.status} with a body that is not JSON.`);
    }
    if (parsed === null || typeof parsed !== 'object' || Array.isArray(parsed)) {
      throw authError(AUTH_CODES.BAD_RESPONSE, `${method} ${new URL(url).pathname} answered HTTP ${res.status} with a JSON value that is not an object.`);
    }
    return { status: res.status, body: parsed as Record<string, unknown>, requestId };
  }
}

function headerValue(v: string | string[] | undefined): string | undefined {
  return Array.isArray(v) ? v[0] : v;
}
