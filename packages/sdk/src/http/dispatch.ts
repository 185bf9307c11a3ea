import { Readable } from 'node:stream';
import type { Dispatcher } from 'undici';
import { AbortError, AdlsError, CertificateError } from '../errors.js';
import { isSizedBody, type HttpResponse, type PipelineRequest, type RequestBody } from './policy.js';
import { untrustedCertificateCode, untrustedCertificateMessage } from './tls-trust.js';

/** Buffers above this size are sent in slices of it. */
const BODY_SLICE = 256 * 1024;

/**
 * The transport at the end of every pipeline: one send through the undici dispatcher. Network failures
 * become `CONNECTION` errors (the retry policy decides whether to send again) and an untrusted server
 * certificate a `CERTIFICATE_UNTRUSTED` error naming the fix; the original error is the `cause`.
 */
export async function dispatch(dispatcher: Dispatcher, req: PipelineRequest): Promise<HttpResponse> {
  req.attempts++;
  const headers = { ...req.headers };
  let res: Dispatcher.ResponseData;
  try {
    const body = sliced(opened(req.body, headers), headers);
    res = await dispatcher.request({
      method: req.method as Dispatcher.HttpMethod,
      origin: req.url.origin,
      path: req.url.pathname + req.url.search,
      headers,
      // undici sends async iterables too (documented for Dispatcher bodies), though its typings omit them.
      body: body as Dispatcher.RequestOptions['body'],
      signal: req.abortSignal,
    });
  } catch (e) {
    if (isSizedBody(req.body) && req.body.failure !== undefined) throw req.body.failure; // our side, not the network
    throw networkError(e, req, '');
  }
  const response: HttpResponse = {
    status: res.statusCode,
    headers: res.headers as HttpResponse['headers'],
    body: res.body as unknown as HttpResponse['body'],
    requestId: String(res.headers['x-ms-request-id'] ?? req.clientRequestId),
    attempts: req.attempts,
  };
  if (req.bufferBody) {
    try {
      response.body = bufferedBody(Buffer.from(await res.body.arrayBuffer()));
    } catch (e) {
      throw networkError(e, req, 'the answer was cut short: ');
    }
  }
  return response;
}

function networkError(e: unknown, req: PipelineRequest, what: string): AdlsError {
  if (req.abortSignal?.aborted || (e as Error).name === 'AbortError') return new AbortError();
  const untrusted = untrustedCertificateCode(e);
  if (untrusted) return new CertificateError(untrustedCertificateMessage(req.url.origin, untrusted), { cause: e });
  return new AdlsError('CONNECTION', `${req.method} ${req.url.host}: ${what}${(e as Error).message}`, { cause: e });
}

/** An in-memory answer with the body helpers of undici's BodyReadable. */
function bufferedBody(buf: Buffer): HttpResponse['body'] {
  const body = Readable.from(buf.length > 0 ? [buf] : [], { objectMode: false }) as Readable & Partial<HttpResponse['body']>;
  body.text = async () => buf.toString('utf8');
  body.json = async () => JSON.parse(buf.toString('utf8'));
  body.dump = async () => { body.destroy(); };
  return body as HttpResponse['body'];
}

/** A fresh stream for bodies that are opened per attempt; a sized one announces its Content-Length. */
function opened(body: RequestBody | undefined, headers: Record<string, string>): Buffer | Uint8Array | string | Readable | AsyncIterable<Uint8Array> | undefined {
  if (typeof body === 'function') return body();
  if (!isSizedBody(body)) return body;
  headers['content-length'] = String(body.length);
  return body.open();
}

/**
 * A large buffer body goes out as a stream of slices (with its Content-Length), so that TLS encrypts it
 * slice by slice under backpressure instead of holding a ciphertext copy of the whole buffer per request:
 * with 16 parallel 4 MiB appends that copy alone is 64 MiB. The caller keeps the buffer (retries, lengths).
 */
function sliced<T>(body: T | Uint8Array, headers: Record<string, string>): T | Uint8Array | Readable {
  if (!(body instanceof Uint8Array) || body.length <= BODY_SLICE) return body;
  headers['content-length'] = String(body.length);
  const whole = body;
  return Readable.from((function* () {
    for (let i = 0; i < whole.length; i += BODY_SLICE) yield whole.subarray(i, Math.min(i + BODY_SLICE, whole.length));
  })(), { objectMode: false });
}
