import { randomUUID } from 'node:crypto';
import { requestBody } from '../../datalake/request-body.js';
import type { Inode } from '../../store/inode.js';
import { Gen2Error, gen2Errors } from '../errors.js';
import { requiredHeader, type Gen2Request } from '../request.js';
import { metaHeaders } from '../shapes/properties.js';
import { contentHeadersFrom } from './blob-headers.js';
import { sendEmpty } from '../reply.js';
import { etagOf } from './blob-view.js';
import { BLOB_FILE_MODE, BLOB_UMASK, blobPath, isUncommitted, requireContainer, statBlob } from './containers.js';
import { checkBlobLease } from './lease-blob.js';
import { contentMd5Of, hashedBody, type HashedBody } from './md5-body.js';
import { checkWriteConditions } from './write-conditions.js';

/** `x-ms-blob-type`: hierarchical accounts hold block blobs here; page and append blobs are not served. */
export function requireBlockBlob(r: Gen2Request): void {
  const type = requiredHeader(r, 'x-ms-blob-type');
  if (type === 'BlockBlob') return;
  if (type === 'PageBlob' || type === 'AppendBlob') throw gen2Errors.unsupportedOperation(`Put Blob of a ${type}`);
  throw gen2Errors.invalidHeader('x-ms-blob-type', type);
}

/**
 * Put Blob (`PUT /{container}/{blob}` with `x-ms-blob-type: BlockBlob`): the body becomes the whole content,
 * missing parent directories are created as a hierarchical account does, a `Content-MD5` is checked before
 * anything is committed, and the stored Content-MD5 is the declared `x-ms-blob-content-md5` or the body's.
 * Uncommitted blocks are dropped.
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
  const body = () => hashedBody(requestBody(r.ctx), contentMd5Of(r.ctx.header('content-md5')));
  let node: Inode;
  let sent: HashedBody;
  if (existing) {
    // Replacing a file keeps it (owner, ACL, leases): the body is staged, then made the whole content in one change.
    sent = body();
    const key = `put:${randomUUID()}`;
    await r.core.store.stage(ns, path, caller, key, sent.body);
    node = await r.core.store.commitStaged(ns, path, caller, [key], { mode: 'replace', props: { metadata, content: { ...content, contentMd5: content.contentMd5 ?? sent.md5() } } });
  } else {
    // Without `If-None-Match: *`, a blob created meanwhile by another writer is replaced (the last writer wins).
    const create = { overwrite: r.ctx.header('if-none-match')?.trim() !== '*', createParent: true, mode: BLOB_FILE_MODE, umask: BLOB_UMASK };
    r.core.store.checkCreate(ns, path, caller, create);
    sent = body();
    node = await r.core.store.createFile(ns, path, caller, { ...create, props: { metadata, content } }, sent.body);
    if (content.contentMd5 === undefined) node = r.core.store.setProps(ns, path, caller, { content: { ...content, contentMd5: sent.md5() } });
  }
  sendEmpty(r, 201, {
    ETag: etagOf(node), 'Last-Modified': new Date(node.mtime).toUTCString(), 'Content-MD5': sent.md5(), 'x-ms-request-server-encrypted': 'true',
  });
}
