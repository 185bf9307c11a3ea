import { requestBody } from '../../datalake/request-body.js';
import { Gen2Error, gen2Errors } from '../errors.js';
import type { Gen2Request } from '../request.js';
import { metaHeaders } from '../shapes/properties.js';
import { contentHeadersFrom } from './blob-headers.js';
import { sendEmpty } from '../reply.js';
import { etagOf } from './blob-view.js';
import { BLOB_FILE_MODE, BLOB_UMASK, blobPath, isUncommitted, requireContainer, statBlob } from './containers.js';
import { checkBlobLease } from './lease-blob.js';
import { contentMd5Of, hashedBody } from './md5-body.js';
import { checkWriteConditions } from './write-conditions.js';

/** `x-ms-blob-type`: hierarchical accounts hold block blobs here; page and append blobs are not served. */
export function requireBlockBlob(r: Gen2Request): void {
  const type = r.ctx.header('x-ms-blob-type');
  if (type === undefined) throw gen2Errors.missingHeader('x-ms-blob-type');
  if (type === 'BlockBlob') return;
  if (type === 'PageBlob' || type === 'AppendBlob') throw gen2Errors.unsupportedOperation(`Put Blob of a ${type}`);
  throw gen2Errors.invalidHeader('x-ms-blob-type', type);
}

/**
 * Put Blob (`PUT /{container}/{blob}` with `x-ms-blob-type: BlockBlob`): the body becomes the whole content,
 * missing parent directories are created as a hierarchical account does, a `Content-MD5` is checked before
 * anything is committed, and the stored Content-MD5 is the declared `x-ms-blob-content-md5` or the body's.
 */
export async function putBlob(r: Gen2Request): Promise<void> {
  requireContainer(r);
  requireBlockBlob(r);
  const { ns, path } = blobPath(r);
  const metadata = metaHeaders(r.ctx.req.headers);
  const content = contentHeadersFrom(r.ctx.req);
  content.contentType ??= r.ctx.header('content-type') ?? 'application/octet-stream';
  const existing = statBlob(r, ns, path);
  const committed = existing && !isUncommitted(r, ns, path, existing) ? existing : undefined;
  checkWriteConditions(r, committed);
  checkBlobLease(r, ns, path);
  if (existing?.kind === 'dir') throw new Gen2Error(409, 'OperationNotSupportedOnDirectory', 'The requested operation is not supported on a directory.');
  const caller = r.identity.caller;
  // `If-None-Match: *` was checked above; between then and now another writer's blob is not replaced.
  const create = { overwrite: r.ctx.header('if-none-match')?.trim() !== '*' || (existing !== undefined && !committed), createParent: true, mode: BLOB_FILE_MODE, umask: BLOB_UMASK };
  r.core.store.checkCreate(ns, path, caller, create);
  const body = hashedBody(requestBody(r.ctx), contentMd5Of(r.ctx.header('content-md5')));
  let node = await r.core.store.createFile(ns, path, caller, { ...create, props: { metadata, content } }, body.body);
  if (content.contentMd5 === undefined) node = r.core.store.setProps(ns, path, caller, { content: { ...content, contentMd5: body.md5() } });
  sendEmpty(r, 201, {
    ETag: etagOf(node), 'Last-Modified': new Date(node.mtime).toUTCString(), 'Content-MD5': body.md5(), 'x-ms-request-server-encrypted': 'true',
  });
}
