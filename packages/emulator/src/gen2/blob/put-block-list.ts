import { BodyTooLargeError } from '../../http/context.js';
import type { Inode } from '../../store/inode.js';
import { StoreError } from '../../store/errors.js';
import { Gen2Error } from '../errors.js';
import type { Gen2Request } from '../request.js';
import { metaHeaders } from '../shapes/properties.js';
import { contentHeadersFrom } from './blob-headers.js';
import { blockIdOf, restagedKey, stagedKey } from './block-ids.js';
import { parseBlockList, type BlockRef } from './block-list-xml.js';
import { sendEmpty } from '../reply.js';
import { etagOf } from './blob-view.js';
import { BLOB_FILE_MODE, BLOB_UMASK, blobPath, isUncommitted, requireContainer, statBlob } from './containers.js';
import { checkBlobLease } from './lease-blob.js';
import { checkWriteConditions } from './write-conditions.js';

/** Azure's ceiling on the blocks of one blob. */
const MAX_BLOCKS = 50_000;
/** A 50,000-entry list of 64-byte ids with its markup stays well below this. */
const MAX_BODY = 16 * 1024 * 1024;

const invalidBlockList = () => new Gen2Error(400, 'InvalidBlockList', 'The specified block list is invalid.');

/**
 * Put Block List (`PUT /{container}/{blob}?comp=blocklist`): the listed blocks, in order, become the blob's
 * content in one change; blocks staged but not listed are dropped. `<Uncommitted>` names a staged block,
 * `<Committed>` a block of the current content, `<Latest>` the staged one if any, else the committed one.
 * Content headers and metadata are replaced by the request's. Creates the blob (and its parents) if missing.
 */
export async function putBlockList(r: Gen2Request): Promise<void> {
  requireContainer(r);
  const { ns, path } = blobPath(r);
  const caller = r.identity.caller;
  const metadata = metaHeaders(r.ctx.req.headers);
  const content = contentHeadersFrom(r.ctx.req);
  const refs = parseBlockList((await readList(r)).toString('utf8'));
  if (!refs) throw new Gen2Error(400, 'InvalidXmlDocument', 'XML specified is not syntactically valid.');
  if (refs.length > MAX_BLOCKS) throw new Gen2Error(400, 'BlockListTooLong', 'The block list may not contain more than 50,000 blocks.');
  let node = statBlob(r, ns, path);
  checkWriteConditions(r, node && !isUncommitted(r, ns, path, node) ? node : undefined);
  checkBlobLease(r, ns, path);
  if (node?.kind === 'dir') throw new Gen2Error(409, 'OperationNotSupportedOnDirectory', 'The requested operation is not supported on a directory.');
  const props = { metadata, content };
  if (!node) {
    if (refs.length > 0) throw invalidBlockList();
    node = await r.core.store.createFile(ns, path, caller, { overwrite: false, createParent: true, mode: BLOB_FILE_MODE, umask: BLOB_UMASK, props });
  } else {
    const keys = await resolve(r, ns, path, node, refs);
    try {
      node = await r.core.store.commitStaged(ns, path, caller, keys, { mode: 'replace', props });
    } catch (e) {
      if (e instanceof StoreError && e.code === 'InvalidArgument') throw invalidBlockList();
      throw e;
    }
  }
  sendEmpty(r, 201, { ETag: etagOf(node), 'Last-Modified': new Date(node.mtime).toUTCString(), 'x-ms-request-server-encrypted': 'true' });
}

async function readList(r: Gen2Request): Promise<Buffer> {
  try {
    return await r.ctx.readBody(MAX_BODY);
  } catch (e) {
    if (e instanceof BodyTooLargeError) throw new Gen2Error(413, 'RequestBodyTooLarge', 'The request body is too large and exceeds the maximum permissible limit.');
    throw e;
  }
}

/**
 * The staged keys to commit for `refs`. A committed block named again is first staged anew from the bytes it
 * holds in the current content (the store's replace commit starts from an empty file), under its own key.
 */
async function resolve(r: Gen2Request, ns: string, path: string[], node: Inode, refs: BlockRef[]): Promise<string[]> {
  const caller = r.identity.caller;
  const staged = new Set(r.core.store.listStaged(ns, path, caller).map((s) => s.key));
  const committed = new Map<string, { offset: number; length: number }>();
  let offset = 0;
  for (const p of node.props.pieces ?? []) {
    const id = blockIdOf(p.key);
    if (id !== undefined && !committed.has(id)) committed.set(id, { offset, length: p.length });
    offset += p.length;
  }
  const keys: string[] = [];
  const restage = new Map<string, { offset: number; length: number }>();
  for (const ref of refs) {
    const fromStaged = ref.source !== 'committed' && staged.has(stagedKey(ref.id));
    if (fromStaged) {
      keys.push(stagedKey(ref.id));
      continue;
    }
    const old = ref.source !== 'uncommitted' ? committed.get(ref.id) : undefined;
    if (!old) throw invalidBlockList();
    keys.push(restagedKey(ref.id));
    restage.set(ref.id, old);
  }
  for (const [id, at] of restage) {
    const handle = r.core.store.openRead(ns, path, caller, at.offset, at.length);
    await r.core.store.stage(ns, path, caller, restagedKey(id), handle.stream());
  }
  return keys;
}
