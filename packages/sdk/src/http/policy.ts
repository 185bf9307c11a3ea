import type { Readable } from 'node:stream';

/**
 * A body of known length that is opened afresh for every attempt (e.g. a range of a local file): it goes out
 * with its Content-Length, streamed, so that no attempt needs the whole body in memory. An async iterable is
 * pulled one piece at a time: the next piece is asked for only once the socket has taken the previous ones
 * (less than its high-water mark of them left unwritten).
 */
export interface SizedBody {
  readonly length: number;
  open(): Readable | AsyncIterable<Uint8Array>;
  /** Set when the body could not be produced on this side (a local read failed): the request fails with it, not retried. */
  readonly failure?: Error;
}

/** A body that can be sent more than once: a buffer/string, a factory that opens a fresh stream, or a sized one. */
export type RequestBody = Buffer | Uint8Array | string | (() => Readable) | SizedBody;

export function isSizedBody(body: unknown): body is SizedBody {
  return typeof body === 'object' && body !== null && typeof (body as SizedBody).open === 'function';
}

/** The byte length of a body when it is known before sending (buffers, strings, sized bodies). */
export function knownLength(body: RequestBody | undefined): number | undefined {
  if (body === undefined) return 0;
  if (typeof body === 'string') return Buffer.byteLength(body);
  return typeof body === 'function' ? undefined : body.length;
}

/** What a caller hands to `HttpPipeline.send`. */
export interface HttpRequest {
  method: string;
  url: string | URL;
  headers?: Record<string, string>;
  body?: RequestBody;
  abortSignal?: AbortSignal;
  /** Whether a retry after a lost response is safe. Default: true for GET/HEAD/PUT/DELETE/OPTIONS. */
  idempotent?: boolean;
  /** Set false to get the first answer whatever it is (the caller handles its own retries and 401s). */
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
  /** How many times it was sent (1 = no retry, no token refresh). */
  attempts: number;
}

/** The request as policies see it: defaults filled in, headers owned by this request (policies may set them). */
export interface PipelineRequest {
  readonly method: string;
  readonly url: URL;
  readonly headers: Record<string, string>;
  readonly body?: RequestBody;
  readonly abortSignal?: AbortSignal;
  readonly idempotent: boolean;
  /** False when the caller handles retries and 401s itself (`HttpRequest.retry === false`). */
  readonly allowRetry: boolean;
  readonly bufferBody: boolean;
  /** The client request id (sent as `x-ms-client-request-id`, or the header the request-id policy names). */
  readonly clientRequestId: string;
  /** Sends so far; the transport counts them. */
  attempts: number;
}

export type SendRequest = (request: PipelineRequest) => Promise<HttpResponse>;

/** One step of the pipeline (the shape of @azure/core-rest-pipeline's PipelinePolicy). */
export interface PipelinePolicy {
  /** Unique within a pipeline: other policies are placed before or after it by this name. */
  readonly name: string;
  sendRequest(request: PipelineRequest, next: SendRequest): Promise<HttpResponse>;
}

/**
 * Where a policy runs, outermost first: `Serialize` (once per call: request id, user agent), policies
 * without a phase (once per call: logging), `Deserialize`, `Retry` (the retry loop), `Sign` (once per send:
 * bearer token, tracing).
 */
export type PipelinePhase = 'Serialize' | 'Deserialize' | 'Retry' | 'Sign';

/** Where to add a policy. At most one of the four; none puts it at the end of the phase-less policies. */
export interface AddPolicyOptions {
  /** Just before the first of these named policies. */
  beforePolicies?: string[];
  /** Just after the last of these named policies. */
  afterPolicies?: string[];
  /** At the end of this phase. */
  phase?: PipelinePhase;
  /** At the start of what follows this phase. */
  afterPhase?: PipelinePhase;
}
