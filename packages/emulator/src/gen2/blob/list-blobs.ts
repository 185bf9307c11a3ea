import type { Inode } from '../../store/inode.js';
import { StoreError } from '../../store/errors.js';
import type { Gen2Request } from '../request.js';
import { type BlobEntry, blobListXml } from './blob-list-xml.js';
import { listBlobs, type TreeReader } from './blob-listing.js';
import { blobView } from './blob-view.js';
import { sendXml } from '../reply.js';
import { serviceEndpoint } from './service-endpoint.js';
import { isUncommitted, namespaceOf, requireContainer } from './containers.js';
import { leasesOf } from './lease-blob.js';
import { BLOB_INCLUDES, includeOf, maxResultsOf } from './list-params.js';

/** Children read from the store per call while walking a directory. */
const PAGE = 1000;

/**
 * List Blobs (`GET /{container}?restype=container&comp=list`): every file and directory of the file system as a
 * blob (directories with `hdi_isfolder=true`), flat or grouped by `delimiter`, with `prefix`, `marker`,
 * `maxresults` and `include=metadata|permissions|uncommittedblobs`. The caller needs the usual read/traverse rights on what is walked.
 */
export function listBlobsHandler(r: Gen2Request): void {
  const container = requireContainer(r);
  const maxResults = maxResultsOf(r.query);
  const include = includeOf(r.query, BLOB_INCLUDES);
  const delimiter = r.query.get('delimiter') || undefined;
  const prefix = r.query.get('prefix') ?? '';
  const marker = r.query.get('marker') || undefined;
  // List Deleted Paths (`showonly=deleted`): soft delete is off on the emulator's accounts, so nothing deleted is
  // kept and the listing is empty.
  const deletedOnly = r.query.get('showonly')?.toLowerCase() === 'deleted';
  const page = deletedOnly ? { entries: [], nextMarker: '' } : listBlobs(storeReader(r, include.has('uncommittedblobs')), { prefix, delimiter, marker, maxResults });
  const leases = leasesOf(r);
  const items = page.entries.map((e) => ('prefix' in e ? { prefix: e.prefix } : { blob: { ...entryOf(e.path, e.node, include), lease: leases.view(e.node.id) } }));
  sendXml(r, 200, blobListXml({
    serviceEndpoint: serviceEndpoint(r),
    containerName: container.name,
    prefix: r.query.has('prefix') ? prefix : undefined,
    marker: r.query.has('marker') ? r.query.get('marker')! : undefined,
    maxResults: r.query.has('maxresults') ? maxResults : undefined,
    delimiter,
    items,
    nextMarker: page.nextMarker,
  }));
}

function entryOf(path: string, node: Inode, include: Set<string>): BlobEntry {
  const v = blobView(node);
  return {
    name: path, kind: node.kind, created: v.created, lastModified: v.lastModified, etag: v.etag, contentLength: v.contentLength,
    ...v.content,
    metadata: include.has('metadata') ? v.metadata : undefined,
    access: include.has('permissions') ? v.access : undefined,
  };
}

/** The namespace under the container, read page by page; a missing directory (or a file) has no children. */
function storeReader(r: Gen2Request, withUncommitted: boolean): TreeReader<Inode> {
  const ns = namespaceOf(r);
  const caller = r.identity.caller;
  const page = (dir: readonly string[], after: string | undefined, limit: number): Inode[] => {
    try {
      const { node, children } = r.core.store.list(ns, dir, caller, { after, limit });
      return node.kind === 'dir' ? children : [];
    } catch (e) {
      if (e instanceof StoreError && (e.code === 'NotFound' || e.code === 'NotDirectory')) return [];
      throw e;
    }
  };
  return {
    *children(dir) {
      let after: string | undefined;
      for (;;) {
        const batch = page(dir, after, PAGE);
        // Blocks staged on a blob never committed do not make a blob yet (listed with include=uncommittedblobs).
        for (const n of batch) if (withUncommitted || n.length > 0 || !isUncommitted(r, ns, [...dir, n.name], n)) yield n;
        if (batch.length < PAGE) return;
        after = batch[batch.length - 1].name;
      }
    },
    hasChildren: (dir) => page(dir, undefined, 1).length > 0,
  };
}
