import { requestBody } from '../../datalake/request-body.js';
import { StoreError } from '../../store/errors.js';
import { Gen2Error } from '../errors.js';
import type { Gen2Request } from '../request.js';
import { checkSameLength, blockIdOf, stagedKey, UNCOMMITTED_MARK, validBlockId } from './block-ids.js';
import { sendEmpty } from '../reply.js';
import { BLOB_FILE_MODE, BLOB_UMASK, blobPath, requireContainer, statBlob } from './containers.js';
import { checkBlobLease } from './lease-blob.js';
import { contentMd5Of, hashedBody } from './md5-body.js';

/**
 * Put Block (`PUT /{container}/{blob}?comp=block&blockid=…`): stages the body under the block id, durable but not
 * part of the blob until a Put Block List commits it. On a hierarchical account the path must exist to hold staged
 * data: a first block creates the blob empty (parents included), as several blocks may arrive at once.
 */
export async function putBlock(r: Gen2Request): Promise<void> {
  requireContainer(r);
  const id = validBlockId(r.query.get('blockid'));
  const { ns, path } = blobPath(r);
  const caller = r.identity.caller;
  const node = statBlob(r, ns, path);
  checkBlobLease(r, ns, path);
  if (node?.kind === 'dir') throw new Gen2Error(409, 'OperationNotSupportedOnDirectory', 'The requested operation is not supported on a directory.');
  if (!node) {
    try {
      await r.core.store.createFile(ns, path, caller, { overwrite: false, createParent: true, mode: BLOB_FILE_MODE, umask: BLOB_UMASK });
      await r.core.store.stage(ns, path, caller, UNCOMMITTED_MARK);
    } catch (e) {
      // Another block of the same upload created it first.
      if (!(e instanceof StoreError && e.code === 'AlreadyExists')) throw e;
    }
  } else {
    const known = [...r.core.store.listStaged(ns, path, caller).map((s) => blockIdOf(s.key)), ...(node.props.pieces ?? []).map((p) => blockIdOf(p.key))];
    checkSameLength(id, known.filter((k): k is string => k !== undefined));
  }
  // Since version 2019-02-02 the service answers a block's Content-MD5 only when the request sent one (Put Block,
  // Blob REST reference); otherwise it sends x-ms-content-crc64, which we do not compute (README, Gen2 "not built").
  // So a block without one is stored unhashed: MD5 cost 1.7 s of CPU per GiB uploaded through the Blob API.
  const expected = contentMd5Of(r.ctx.header('content-md5'));
  if (expected === undefined) {
    await r.core.store.stage(ns, path, caller, stagedKey(id), requestBody(r.ctx));
    return sendEmpty(r, 201, { 'x-ms-request-server-encrypted': 'true' });
  }
  const body = hashedBody(requestBody(r.ctx), expected);
  await r.core.store.stage(ns, path, caller, stagedKey(id), body.body);
  sendEmpty(r, 201, { 'Content-MD5': body.md5(), 'x-ms-request-server-encrypted': 'true' });
}
