import { randomUUID } from 'node:crypto';
import { setMaxListeners } from 'node:events';
import { Readable } from 'node:stream';
import type { Agent, Dispatcher } from 'undici';
import { AbortError, AdlsError } from '../errors.js';
import type { AccessToken, GetTokenOptions, TokenCredential } from '../auth/types.js';
import { createAgent, type AgentOptions } from './agent.js';
import { parseBearerChallenge } from './challenge.js';
import { SharedFlights } from './shared-flight.js';
import { sleep } from './sleep.js';

export interface RetryOptions {
  /** Retries after the first attempt. */
  maxRetries: number;
  baseDelayMs: number;
  maxDelayMs: number;
}

export const DEFAULT_RETRY: RetryOptions = { maxRetries: 5, baseDelayMs: 200, maxDelayMs: 20_000 };

export interface PipelineOptions extends AgentOptions {
  credential?: TokenCredential;
  /** Scopes to request for the bearer token, e.g. ['https://datalake.azure.net//.default']. */
  scopes?: string[];
  retry?: Partial<RetryOptions>;
  userAgent?: string;
  /** Use this dispatcher instead of creating a pool (shared pools, tests). */
  dispatcher?: Dispatcher;
}

/** A body that can be sent more than once: a buffer/string, or a factory that opens a fresh stream. */
export type RequestBody = Buffer | Uint8Array | string | (() => Readable);

export interface HttpRequest {
  method: string;
  url: string | URL;
  headers?: Record<string, string>;
  body?: RequestBody;
  abortSignal?: AbortSignal;
  /** Whether a retry after a lost response is safe. Default: true for GET/HEAD/PUT/DELETE. */
  idempotent?: boolean;
  /** Set false to get the first answer whatever it is (the caller handles its own retries). */
  retry?: boolean;
  /**
   * Read the whole (small) answer inside the retry loop, so that a connection cut after the headers, in
   * the middle of the body, is retried like one before them (idempotent requests only). The returned
   * body is then in memory. Use for JSON and empty answers, not for file contents.
   */
  bufferBody?: boolean;
}

export interface HttpResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Readable & { text(): Promise<string>; json(): Promise<unknown>; dump?(): Promise<void> };
  requestId: string;
  /** How many attempts it took (1 = no retry). */
  attempts: number;
}

/** Statuses worth retrying: timeouts, throttling and transient server faults. */
export const RETRY_STATUS: ReadonlySet<number> = new Set([408, 429, 500, 502, 503, 504]);
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

/** Delay before retry `attempt` (1-based): Retry-After when given, else exponential backoff with full jitter. */
export function retryDelay(attempt: number, retry: RetryOptions, retryAfter?: string | string[]): number {
  const ra = Array.isArray(retryAfter) ? retryAfter[0] : retryAfter;
  if (ra !== undefined) {
    const secs = Number(ra);
    if (Number.isFinite(secs) && secs >= 0) return Math.min(secs * 1000, retry.maxDelayMs);
    const date = Date.parse(ra);
    if (!Number.isNaN(date)) return Math.min(Math.max(0, date - Date.now()), retry.maxDelayMs);
  }
  const cap = Math.min(retry.maxDelayMs, retry.baseDelayMs * 2 ** (attempt - 1));
  return Math.round(cap / 2 + Math.random() * (cap / 2));
}

/**
 * Caches one bearer token and refreshes it ahead of expiry, one refresh at a time
 * (the token cycler of @azure/core-rest-pipeline, reduced to what we need). Concurrent requests share the
 * refresh in flight, which runs without any one request's signal: each request stops waiting when its own
 * signal fires, and the refresh is cancelled only once every request waiting for it has aborted.
 */
export class TokenCycler {
  private current?: AccessToken;
  /** Plain refreshes and forced ones (after a 401) are shared separately: a forced one must not join a plain one. */
  private readonly refreshes = new SharedFlights<'plain' | 'force', AccessToken>();

  constructor(private readonly credential: TokenCredential, private readonly scopes: string[], private readonly refreshWindowMs = 120_000) {}

  async token(options: GetTokenOptions & { forceRefresh?: boolean } = {}): Promise<string> {
    const now = Date.now();
    const cur = this.current;
    const fresh = cur && !options.forceRefresh && !options.claims &&
      now < cur.expiresOnTimestamp - this.refreshWindowMs && (cur.refreshAfterTimestamp === undefined || now < cur.refreshAfterTimestamp);
    if (fresh) return cur.token;
    // A claims challenge wants a token of its own: never share a plain refresh in flight.
    if (options.claims !== undefined) return (await this.fetch(options)).token;
    const { abortSignal, ...rest } = options;
    const t = await this.refreshes.join(options.forceRefresh ? 'force' : 'plain', (signal) => this.fetch({ ...rest, abortSignal: signal }), abortSignal);
    return t.token;
  }

  private async fetch(options: GetTokenOptions & { forceRefresh?: boolean }): Promise<AccessToken> {
    const t = await this.credential.getToken(this.scopes, options);
    if (!t) throw new AdlsError('AUTH_NO_TOKEN', 'The credential returned no token.');
    this.current = t;
    return t;
  }
}

/** Per caller signal, one linked signal (without a listener limit) shared by that caller's requests in flight. */
class SharedSignals {
  private readonly links = new WeakMap<AbortSignal, { signal: AbortSignal; users: number; detach(): void }>();

  acquire(parent: AbortSignal): { signal: AbortSignal; release: () => void } {
    let link = this.links.get(parent);
    if (!link) {
      const ac = new AbortController();
      setMaxListeners(0, ac.signal);
      const onAbort = () => ac.abort(parent.reason);
      if (parent.aborted) ac.abort(parent.reason);
      else parent.addEventListener('abort', onAbort, { once: true });
      const created = { signal: ac.signal, users: 0, detach: () => parent.removeEventListener('abort', onAbort) };
      this.links.set(parent, created);
      link = created;
    }
    const l = link;
    l.users++;
    let released = false;
    return {
      signal: l.signal,
      release: () => {
        if (released) return;
        released = true;
        if (--l.users === 0) {
          l.detach();
          if (this.links.get(parent) === l) this.links.delete(parent);
        }
      },
    };
  }
}

/**
 * The shared HTTP pipeline of every client: request id ▸ bearer token (refresh once on a 401) ▸
 * retry with backoff on throttling, 5xx and connection faults (honouring Retry-After) ▸ undici pool.
 */
export class HttpPipeline {
  readonly dispatcher: Dispatcher;
  private readonly ownsDispatcher: boolean;
  /** Retry settings (defaults filled in); clients sharing this pipeline use them for their own retries too. */
  readonly retry: Readonly<RetryOptions>;
  private readonly cycler?: TokenCycler;
  private readonly userAgent: string;
  private readonly signals = new SharedSignals();

  constructor(opts: PipelineOptions = {}) {
    this.ownsDispatcher = !opts.dispatcher;
    this.dispatcher = opts.dispatcher ?? createAgent(opts);
    this.retry = { ...DEFAULT_RETRY, ...opts.retry };
    this.cycler = opts.credential && opts.scopes ? new TokenCycler(opts.credential, opts.scopes) : undefined;
    this.userAgent = opts.userAgent ?? 'adls-gen1-ts/0.1.0';
  }

  /**
   * Sends with retries. A caller's AbortSignal gets one listener however many requests share it (undici adds
   * one per request, which warned past 10 concurrent requests); it is removed once the last of them is done
   * (for a streamed body: when the body closes).
   */
  async send(req: HttpRequest): Promise<HttpResponse> {
    if (!req.abortSignal) return this.sendWithRetries(req);
    const link = this.signals.acquire(req.abortSignal);
    let res: HttpResponse;
    try {
      res = await this.sendWithRetries({ ...req, abortSignal: link.signal });
    } catch (e) {
      link.release();
      throw e;
    }
    if (req.bufferBody || res.body.destroyed || res.body.readableEnded) link.release();
    else res.body.once('close', link.release);
    return res;
  }

  private async sendWithRetries(req: HttpRequest): Promise<HttpResponse> {
    const idempotent = req.idempotent ?? ['GET', 'HEAD', 'PUT', 'DELETE', 'OPTIONS'].includes(req.method.toUpperCase());
    const maxRetries = req.retry === false ? 0 : this.retry.maxRetries;
    const clientRequestId = randomUUID();
    /** One forced refresh after a plain 401, one token request with the claims of a claims challenge. */
    let refreshed = false;
    let claimsSent = false;
    let forceRefresh = false;
    let claims: string | undefined;
    for (let attempt = 1; ; attempt++) {
      if (req.abortSignal?.aborted) throw new AbortError();
      const headers: Record<string, string> = {
        'user-agent': this.userAgent,
        'x-ms-client-request-id': clientRequestId,
        ...req.headers,
      };
      if (this.cycler) {
        headers.authorization = `Bearer ${await this.cycler.token({ abortSignal: req.abortSignal, forceRefresh: forceRefresh || claims !== undefined, claims })}`;
        forceRefresh = false;
        claims = undefined;
      }
      let res: Dispatcher.ResponseData;
      try {
        const body = sliced(typeof req.body === 'function' ? req.body() : req.body, headers);
        res = await this.dispatcher.request({
          method: req.method as Dispatcher.HttpMethod,
          origin: new URL(req.url).origin,
          path: pathOf(req.url),
          headers,
          body,
          signal: req.abortSignal,
        });
      } catch (e) {
        if (req.abortSignal?.aborted || (e as Error).name === 'AbortError') throw new AbortError();
        if (isConnectionError(e) && idempotent && attempt <= maxRetries) {
          await sleep(retryDelay(attempt, this.retry), req.abortSignal);
          continue;
        }
        throw new AdlsError('CONNECTION', `${req.method} ${new URL(req.url).host}: ${(e as Error).message}`, { cause: e });
      }
      const response: HttpResponse = {
        status: res.statusCode,
        headers: res.headers as HttpResponse['headers'],
        body: res.body as unknown as HttpResponse['body'],
        requestId: String(res.headers['x-ms-request-id'] ?? clientRequestId),
        attempts: attempt,
      };
      if (res.statusCode === 401 && this.cycler && req.retry !== false) {
        const challenge = parseBearerChallenge(res.headers['www-authenticate']);
        if (challenge?.error === 'insufficient_claims') {
          // Claims challenge (identity spec §7): ask the credential once for a token satisfying the claims.
          if (challenge.claims && !claimsSent) {
            claimsSent = true;
            claims = challenge.claims;
            await res.body.dump().catch(() => {});
            continue;
          }
        } else if (!refreshed) {
          refreshed = forceRefresh = true;
          await res.body.dump().catch(() => {});
          continue;
        }
      }
      if (RETRY_STATUS.has(res.statusCode) && attempt <= maxRetries && (idempotent || res.statusCode === 429 || res.statusCode === 503)) {
        await res.body.dump().catch(() => {});
        await sleep(retryDelay(attempt, this.retry, res.headers['retry-after']), req.abortSignal);
        continue;
      }
      if (req.bufferBody) {
        try {
          response.body = bufferedBody(Buffer.from(await res.body.arrayBuffer()));
        } catch (e) {
          if (req.abortSignal?.aborted || (e as Error).name === 'AbortError') throw new AbortError();
          if (isConnectionError(e) && idempotent && attempt <= maxRetries) {
            await sleep(retryDelay(attempt, this.retry), req.abortSignal);
            continue;
          }
          throw new AdlsError('CONNECTION', `${req.method} ${new URL(req.url).host}: the answer was cut short: ${(e as Error).message}`, { cause: e });
        }
      }
      return response;
    }
  }

  async close(): Promise<void> {
    if (this.ownsDispatcher) await (this.dispatcher as Agent).close();
  }
}

/** An in-memory answer with the body helpers of undici's BodyReadable. */
function bufferedBody(buf: Buffer): HttpResponse['body'] {
  const body = Readable.from(buf.length > 0 ? [buf] : [], { objectMode: false }) as Readable & Partial<HttpResponse['body']>;
  body.text = async () => buf.toString('utf8');
  body.json = async () => JSON.parse(buf.toString('utf8'));
  body.dump = async () => { body.destroy(); };
  return body as HttpResponse['body'];
}

/** Buffers above this size are sent in slices of it. */
const BODY_SLICE = 256 * 1024;

/**
 * A large buffer body goes out as a stream of slices (with its Content-Length), so that TLS encrypts it
 * slice by slice under backpressure instead of holding a ciphertext copy of the whole buffer per request:
 * with 16 parallel 4 MiB appends that copy alone is 64 MiB. The caller keeps the buffer (retries, lengths).
 */
function sliced(body: Buffer | Uint8Array | string | Readable | undefined, headers: Record<string, string>): Buffer | Uint8Array | string | Readable | undefined {
  if (!(body instanceof Uint8Array) || body.length <= BODY_SLICE) return body;
  headers['content-length'] = String(body.length);
  const whole = body;
  return Readable.from((function* () {
    for (let i = 0; i < whole.length; i += BODY_SLICE) yield whole.subarray(i, Math.min(i + BODY_SLICE, whole.length));
  })(), { objectMode: false });
}

function pathOf(url: string | URL): string {
  const u = typeof url === 'string' ? new URL(url) : url;
  return u.pathname + u.search;
}
