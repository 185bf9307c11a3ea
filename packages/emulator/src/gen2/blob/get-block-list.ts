import { Gen2Error, gen2Errors } from '../errors.js';
import type { Gen2Request } from '../request.js';
import { blockIdOf } from './block-ids.js';
import { blockListXml, type BlockInfo } from './block-list-xml.js';
import { sendXml } from '../reply.js';
import { etagOf } from './blob-view.js';
import { blobPath, requireContainer, statBlob } from './containers.js';

const TYPES = ['committed', 'uncommitted', 'all'];

/**
 * Get Block List (`GET /{container}/{blob}?comp=blocklist&blocklisttype=committed|uncommitted|all`): the blocks
 * of the last Put Block List and the blocks staged since. A blob written otherwise (Put Blob, DFS) has none.
 */
export function getBlockList(r: Gen2Request): void {
  requireContainer(r);
  const type = (r.query.get('blocklisttype') ?? 'committed').toLowerCase();
  if (!TYPES.includes(type)) throw gen2Errors.invalidQuery('blocklisttype', r.query.get('blocklisttype')!);
  const { ns, path } = blobPath(r);
  const node = statBlob(r, ns, path);
  if (!node) throw new Gen2Error(404, 'BlobNotFound', 'The specified blob does not exist.');
  if (node.kind === 'dir') throw new Gen2Error(400, 'OperationNotSupportedOnDirectory', 'The requested operation is not supported on a directory.');
  const blocks = (list: readonly { key: string; length: number }[]): BlockInfo[] =>
    list.flatMap((p) => {
      const id = blockIdOf(p.key);
      return id === undefined ? [] : [{ id, size: p.length }];
    });
  const committed = type === 'uncommitted' ? undefined : blocks(node.props.pieces ?? []);
  const uncommitted = type === 'committed' ? undefined : blocks(r.core.store.listStaged(ns, path, r.identity.caller));
  sendXml(r, 200, blockListXml({ committed, uncommitted }), {
    ETag: etagOf(node), 'Last-Modified': new Date(node.mtime).toUTCString(), 'x-ms-blob-content-length': node.length,
  });
}
