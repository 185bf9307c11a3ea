import { httpDate, nameElement, renderXml } from './xml.js';

/** What List Blobs shows of one path (a file, or on a hierarchical account a directory). */
export interface BlobEntry {
  name: string;
  kind: 'file' | 'dir';
  created: number;
  lastModified: number;
  etag: string;
  contentLength: number;
  contentType?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  /** base64 */
  contentMD5?: string;
  contentDisposition?: string;
  cacheControl?: string;
  lease?: { status: 'locked' | 'unlocked'; state: string; duration?: 'infinite' | 'fixed' };
  /** Present when the request asked for `include=metadata` (directories carry `hdi_isfolder=true`). */
  metadata?: Readonly<Record<string, string>>;
  /** Present when the request asked for `include=permissions` (hierarchical accounts). */
  access?: { owner: string; group: string; permissions: string; acl: string };
}

export interface BlobListPage {
  serviceEndpoint: string;
  containerName: string;
  prefix?: string;
  marker?: string;
  maxResults?: number;
  /** Set for a hierarchical listing (`delimiter=`): the reply then carries `<BlobPrefix>` entries. */
  delimiter?: string;
  /** Items and prefixes in listing order. */
  items: readonly ({ blob: BlobEntry } | { prefix: string })[];
  nextMarker: string;
}

/** The List Blobs reply body (BlobStorage.json `ListBlobsFlatSegmentResponse` / `ListBlobsHierarchySegmentResponse`). */
export function blobListXml(page: BlobListPage): string {
  const blobs = page.items.filter((i): i is { blob: BlobEntry } => 'blob' in i).map((i) => blobItem(i.blob));
  const prefixes = page.items.filter((i): i is { prefix: string } => 'prefix' in i).map((i) => ({ Name: nameElement(i.prefix) }));
  return renderXml({
    EnumerationResults: {
      '@_ServiceEndpoint': page.serviceEndpoint,
      '@_ContainerName': page.containerName,
      Prefix: page.prefix,
      Marker: page.marker,
      MaxResults: page.maxResults === undefined ? undefined : String(page.maxResults),
      Delimiter: page.delimiter,
      Blobs: page.delimiter === undefined ? { Blob: blobs } : { BlobPrefix: prefixes, Blob: blobs },
      NextMarker: page.nextMarker,
    },
  });
}

function blobItem(b: BlobEntry) {
  const lease = b.lease ?? { status: 'unlocked', state: 'available' };
  return {
    Name: nameElement(b.name),
    Properties: {
      'Creation-Time': httpDate(b.created),
      'Last-Modified': httpDate(b.lastModified),
      Etag: b.etag,
      'Content-Length': String(b.contentLength),
      'Content-Type': b.contentType ?? (b.kind === 'dir' ? undefined : 'application/octet-stream'),
      'Content-Encoding': b.contentEncoding,
      'Content-Language': b.contentLanguage,
      'Content-MD5': b.contentMD5,
      'Cache-Control': b.cacheControl,
      'Content-Disposition': b.contentDisposition,
      BlobType: 'BlockBlob',
      AccessTier: 'Hot',
      AccessTierInferred: 'true',
      LeaseStatus: lease.status,
      LeaseState: lease.state,
      LeaseDuration: lease.duration,
      ServerEncrypted: 'true',
      Owner: b.access?.owner,
      Group: b.access?.group,
      Permissions: b.access?.permissions,
      Acl: b.access?.acl,
      // Hierarchical accounts say which paths are directories.
      ResourceType: b.kind === 'dir' ? 'directory' : 'file',
    },
    Metadata: b.metadata ? { ...b.metadata } : undefined,
  };
}
