import type { Dispatcher } from 'undici';
import type { TokenCredential } from '../auth/types.js';
import { InvalidArgumentError, RemoteError } from '../errors.js';
import { HttpPipeline, type RetryOptions } from '../http/pipeline.js';
import { armErrorFor } from './arm-errors.js';
import { DEFAULT_MANAGEMENT_ENDPOINT, DEFAULT_POLL_INTERVAL_MS, MANAGEMENT_SCOPES } from './constants.js';

/** Options shared by every management client. */
export interface ManagementClientOptions {
  /** ARM base URL (default https://management.azure.com/); the emulator's origin for local use. */
  endpoint?: string;
  /** Extra trusted CA certificate(s), PEM (e.g. the emulator's CA). */
  ca?: string | string[];
  /** Token scopes (default ['https://management.core.windows.net//.default']). */
  scopes?: string[];
  /** Delay between LRO polls when the service sends no Retry-After (default 2000 ms). */
  pollIntervalMs?: number;
  retry?: Partial<RetryOptions>;
  userAgent?: string;
  /** Share a pipeline (connection pool and token cache) with other clients; it is then not closed by close(). */
  pipeline?: HttpPipeline;
  /** Use this dispatcher for a new pipeline (tests, shared pools). */
  dispatcher?: Dispatcher;
}

export interface ArmRequestOptions {
  body?: unknown;
  abortSignal?: AbortSignal;
  /** Non-2xx statuses that are answers rather than errors (e.g. 404 for HEAD). */
  accept?: number[];
  /** Used in error messages, e.g. "Get account 'x'". */
  operation: string;
}

export interface ArmResponse {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  /** Parsed JSON body, or undefined when empty. */
  body: unknown;
  requestId: string;
}

export interface QueryParams { [name: string]: string | number | boolean | undefined }

const LOOPBACK = new Set(['127.0.0.1', 'localhost', '[::1]']);

/**
 * The JSON-over-HTTP layer of the management clients: builds ARM URLs, sends through the shared pipeline,
 * parses bodies and turns failures into typed errors. Not exported from the package.
 */
export class ArmClient {
  readonly endpoint: URL;
  readonly pollIntervalMs: number;
  readonly pipeline: HttpPipeline;
  private readonly ownsPipeline: boolean;

  constructor(credential: TokenCredential, options: ManagementClientOptions = {}) {
    if (!credential || typeof credential.getToken !== 'function') throw new InvalidArgumentError('A TokenCredential is required.');
    const endpoint = new URL(options.endpoint ?? DEFAULT_MANAGEMENT_ENDPOINT);
    if (endpoint.protocol !== 'https:') throw new InvalidArgumentError(`The management endpoint must use https: ${endpoint.origin}`);
    if (!endpoint.pathname.endsWith('/')) endpoint.pathname += '/';
    this.endpoint = endpoint;
    this.pollIntervalMs = options.pollIntervalMs ?? DEFAULT_POLL_INTERVAL_MS;
    this.ownsPipeline = !options.pipeline;
    this.pipeline = options.pipeline ?? createManagementPipeline(credential, options);
  }

  /** Absolute URL for a path of already-encoded segments below the endpoint, with api-version and query. */
  url(path: string, apiVersion: string, query: QueryParams = {}): string {
    const u = new URL(path.replace(/^\//, ''), this.endpoint);
    u.searchParams.set('api-version', apiVersion);
    for (const [k, v] of Object.entries(query)) if (v !== undefined) u.searchParams.set(k, String(v));
    return u.toString();
  }

  /**
   * Checks that a URL handed out by the service (nextLink, Azure-AsyncOperation, Location) points back at the
   * management endpoint, so the bearer token is never sent elsewhere. Loopback names count as one host
   * (an emulator may answer with `localhost` when called on `127.0.0.1`).
   */
  trustedServiceUrl(raw: string): string {
    let u: URL;
    try { u = new URL(raw, this.endpoint); } catch { throw new RemoteError('BAD_RESPONSE', `The service returned an invalid URL: ${raw}`); }
    const e = this.endpoint;
    const same = u.origin === e.origin ||
      (u.protocol === e.protocol && u.port === e.port && LOOPBACK.has(u.hostname) && LOOPBACK.has(e.hostname));
    if (!same) throw new RemoteError('UNTRUSTED_URL', `Refusing to follow ${u.origin}: not the management endpoint ${e.origin}.`);
    return u.toString();
  }

  async send(method: string, url: string, opts: ArmRequestOptions): Promise<ArmResponse> {
    const headers: Record<string, string> = { accept: 'application/json' };
    let body: string | undefined;
    if (opts.body !== undefined) {
      body = JSON.stringify(opts.body);
      headers['content-type'] = 'application/json';
    }
    const res = await this.pipeline.send({ method, url, headers, body, abortSignal: opts.abortSignal });
    const text = method === 'HEAD' ? '' : await res.body.text();
    if (method === 'HEAD') await res.body.dump?.().catch(() => {});
    let parsed: unknown;
    if (text.trim() !== '') {
      try { parsed = JSON.parse(text); } catch { parsed = undefined; }
    }
    const ok = (res.status >= 200 && res.status < 300) || (opts.accept?.includes(res.status) ?? false);
    if (!ok) {
      throw armErrorFor(res.status, parsed, {
        operation: opts.operation, requestId: res.requestId, wwwAuthenticate: res.headers['www-authenticate'],
      });
    }
    if (text.trim() !== '' && parsed === undefined) {
      throw new RemoteError('BAD_RESPONSE', `${opts.operation}: the service answered with a body that is not JSON.`, { status: res.status, requestId: res.requestId });
    }
    return { status: res.status, headers: res.headers, body: parsed, requestId: res.requestId };
  }

  async close(): Promise<void> {
    if (this.ownsPipeline) await this.pipeline.close();
  }
}

/** A pipeline with ARM's token scopes, to share between several management clients (pass it as `pipeline`). */
export function createManagementPipeline(credential: TokenCredential, options: ManagementClientOptions = {}): HttpPipeline {
  return new HttpPipeline({
    credential, scopes: options.scopes ?? MANAGEMENT_SCOPES, ca: options.ca, retry: options.retry,
    userAgent: options.userAgent ?? 'adls-gen1-ts/0.1.0 management', dispatcher: options.dispatcher,
  });
}

/** Encodes one path segment (resource names may hold '(', ')', '.', unicode). */
export function seg(value: string): string {
  return encodeURIComponent(value);
}
