import { OPERATIONS } from 'adls-gen1-protocol';
import { AdlsError } from '../errors.js';
import type { HttpPipeline, HttpResponse, RequestBody } from '../http/pipeline.js';
import { errorFromResponse } from './remote-error.js';
import { encodePath, normalizePath } from './paths.js';

export const API_VERSION = '2018-09-01';

export type ParamValue = string | number | boolean | undefined;

export interface OpRequest {
  op: string;
  path: string;
  params?: Record<string, ParamValue>;
  body?: RequestBody;
  headers?: Record<string, string>;
  abortSignal?: AbortSignal;
  /** Overrides the pipeline's idempotency guess (true for GET/PUT/DELETE). */
  idempotent?: boolean;
  /** false: one attempt, the caller handles retries. */
  retry?: boolean;
  /** Read the (small JSON or empty) answer inside the pipeline's retry loop: a reply cut mid-body is retried. */
  bufferBody?: boolean;
}

/** Sends WebHDFS operations for one account: builds URLs from the shared op table, maps failures to typed errors. */
export class WebHdfsTransport {
  constructor(readonly pipeline: HttpPipeline, readonly baseUrl: string) {}

  url(op: string, path: string, params: Record<string, ParamValue> = {}): string {
    const spec = OPERATIONS[op];
    if (!spec) throw new AdlsError('INVALID_ARGUMENT', `Unknown WebHDFS operation ${op}`);
    const prefix = spec.namespace === 'webhdfsext' ? '/WebHdfsExt' : '/webhdfs/v1';
    // URLSearchParams form-encodes values (space → '+', '/' → '%2F'), as the service expects.
    const q = new URLSearchParams({ op, 'api-version': API_VERSION });
    for (const [k, v] of Object.entries(params)) if (v !== undefined) q.set(k, String(v));
    return `${this.baseUrl}${prefix}${encodePath(path)}?${q.toString()}`;
  }

  /** Sends the op; returns the response when its status is the op's success status, else throws the typed error. */
  async send(req: OpRequest): Promise<HttpResponse> {
    const res = await this.sendRaw(req);
    if (res.status >= 200 && res.status < 300) return res;
    throw await errorFromResponse(res, `${req.op} ${normalizePath(req.path)}`);
  }

  /** Sends the op and returns whatever came back (errors included). */
  sendRaw(req: OpRequest): Promise<HttpResponse> {
    const spec = OPERATIONS[req.op];
    return this.pipeline.send({
      method: spec.method,
      url: this.url(req.op, req.path, req.params),
      headers: req.headers,
      body: req.body,
      abortSignal: req.abortSignal,
      idempotent: req.idempotent,
      retry: req.retry,
      bufferBody: req.bufferBody,
    });
  }

  /** Sends the op and parses its JSON body. */
  async json<T>(req: OpRequest): Promise<T> {
    const res = await this.send({ ...req, bufferBody: true });
    return (await res.body.json()) as T;
  }

  /** Sends the op and discards its (empty) body. */
  async empty(req: OpRequest): Promise<void> {
    const res = await this.send({ ...req, bufferBody: true });
    await drain(res);
  }

  /** Sends an op answering `{"boolean": …}`. */
  async boolean(req: OpRequest): Promise<boolean> {
    return (await this.booleanWithAttempts(req)).value;
  }

  /** Like boolean(), also saying whether the request was retried (a retry may find its own earlier work done). */
  async booleanWithAttempts(req: OpRequest): Promise<{ value: boolean; retried: boolean }> {
    const res = await this.send({ ...req, bufferBody: true });
    const r = (await res.body.json()) as { boolean?: boolean };
    return { value: r.boolean === true, retried: res.attempts > 1 };
  }
}

export async function drain(res: HttpResponse): Promise<void> {
  if (res.body.dump) await res.body.dump().catch(() => {});
  else await res.body.text().catch(() => '');
}
