import { Gen2Error } from '../errors.js';
import { checkedBody } from '../body.js';
import { sendEmpty } from '../reply.js';
import type { Gen2Handler, Gen2Request } from '../request.js';
import { checkConditions } from '../shapes/conditions.js';
import { etag } from '../shapes/http-dates.js';
import { requestedContentHeaders, versionHeaders } from '../shapes/path-headers.js';
import { parseDfsProperties } from '../shapes/properties.js';
import { targetOf } from '../target.js';
import { checkPathLease } from '../leases/path-leases.js';
import { takeWriteLease } from './write-lease.js';

/** Staged DFS appends are keyed by position, zero-padded so that key order is position order. */
export const positionKey = (p: number) => p.toString().padStart(16, '0');

function position(r: Gen2Request): number {
  const v = r.query.get('position');
  if (v === null) throw new Gen2Error(400, 'MissingRequiredQueryParameter', 'A query parameter that\'s mandatory for this request is not specified.', { 'x-ms-missing-query-parameter-name': 'position' });
  if (!/^\d{1,15}$/.test(v)) throw new Gen2Error(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.', { 'x-ms-invalid-query-parameter-name': 'position', 'x-ms-invalid-query-parameter-value': v.slice(0, 64) });
  return Number(v);
}

const bool = (r: Gen2Request, name: string) => r.query.get(name)?.toLowerCase() === 'true';

/**
 * Path_AppendData: PATCH ?action=append&position=P with the bytes (Content-MD5 checked). The bytes are staged at P
 * (durable, invisible); `flush=true` commits them at once. 202.
 */
export const appendData: Gen2Handler = async (r) => {
  const t = targetOf(r);
  const at = position(r);
  const flush = bool(r, 'flush');
  const lease = takeWriteLease(r, t, flush);
  try {
    const n = await r.core.store.stage(t.ns, t.path, t.caller, positionKey(at), checkedBody(r.ctx));
    // The service answers 202 even when flush=true committed the data (the recorded sessions).
    const headers = flush ? versionHeaders(await flushTo(r, at + n)) : { 'Content-MD5': r.ctx.header('content-md5') };
    lease.done();
    sendEmpty(r, 202, { ...headers, 'x-ms-request-server-encrypted': 'true' });
  } catch (e) {
    lease.failed();
    throw e;
  }
};

/**
 * Path_FlushData: PATCH ?action=flush&position=F[&retainUncommittedData][&close] (content headers). Commits the staged
 * pieces that exactly cover [length, F); anything else is 400 InvalidFlushPosition. 200.
 */
export const flushData: Gen2Handler = async (r) => {
  if (Number(r.ctx.header('content-length') ?? 0) > 0) throw new Gen2Error(400, 'InvalidFlushOperation', 'A flush must not carry a request body.');
  const at = position(r);
  const lease = takeWriteLease(r, targetOf(r), true);
  try {
    const node = await flushTo(r, at);
    lease.done();
    sendEmpty(r, 200, { ...versionHeaders(node), 'x-ms-request-server-encrypted': 'false' });
  } catch (e) {
    lease.failed();
    throw e;
  }
};

async function flushTo(r: Gen2Request, end: number) {
  const t = targetOf(r);
  const store = r.core.store;
  const cur = store.stat(t.ns, t.path, t.caller);
  checkConditions(r.ctx.req.headers, { etag: etag(cur.id, cur.version), lastModified: cur.mtime }, false);
  const invalid = () => new Gen2Error(400, 'InvalidFlushPosition', 'The uploaded data is not contiguous or the position query parameter value is not equal to the length of the file after appending the uploaded data.');
  if (end < cur.length) throw invalid();
  const pieces = new Map(store.listStaged(t.ns, t.path, t.caller).filter((p) => p.length > 0).map((p) => [p.key, p.length]));
  const keys: string[] = [];
  for (let pos = cur.length; pos < end;) {
    const len = pieces.get(positionKey(pos));
    if (len === undefined) throw invalid();
    keys.push(positionKey(pos));
    pos += len;
    if (pos > end) throw invalid();
  }
  const content = requestedContentHeaders((n) => r.ctx.header(n));
  return store.commitStaged(t.ns, t.path, t.caller, keys, {
    mode: 'append', expectLength: cur.length, retainOthers: bool(r, 'retainUncommittedData'),
    ...(content ? { props: { content: { ...cur.props.content, ...content } } } : {}),
  });
}

/** Path_Update action=setProperties: x-ms-properties (replaces the metadata) and content headers. 200. */
export const setProperties: Gen2Handler = (r) => {
  const t = targetOf(r);
  const store = r.core.store;
  const cur = store.stat(t.ns, t.path, t.caller);
  checkConditions(r.ctx.req.headers, { etag: etag(cur.id, cur.version), lastModified: cur.mtime }, false);
  checkPathLease(r, t.ns, t.path, 'dfs');
  const metadata = parseDfsProperties(r.ctx.header('x-ms-properties'));
  const content = requestedContentHeaders((n) => r.ctx.header(n));
  const node = store.setProps(t.ns, t.path, t.caller, { ...(metadata ? { metadata } : {}), ...(content ? { content: { ...cur.props.content, ...content } } : {}) });
  sendEmpty(r, 200, versionHeaders(node));
};
