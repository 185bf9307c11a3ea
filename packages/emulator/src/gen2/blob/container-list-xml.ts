import { httpDate, renderXml } from './xml.js';

/** What List Containers shows of one container (file system). */
export interface ContainerEntry {
  name: string;
  lastModified: number;
  etag: string;
  /** Present when the request asked for `include=metadata`. */
  metadata?: Readonly<Record<string, string>>;
  lease?: { status: 'locked' | 'unlocked'; state: string; duration?: 'infinite' | 'fixed' };
}

export interface ContainerListPage {
  /** `https://{account}.blob.core.windows.net/` (or the path-style equivalent). */
  serviceEndpoint: string;
  prefix?: string;
  marker?: string;
  maxResults?: number;
  containers: readonly ContainerEntry[];
  /** Empty when this is the last page (the service writes `<NextMarker />`). */
  nextMarker: string;
}

/** The List Containers reply body (BlobStorage.json `ListContainersSegmentResponse`). */
export function containerListXml(page: ContainerListPage): string {
  return renderXml({
    EnumerationResults: {
      '@_ServiceEndpoint': page.serviceEndpoint,
      Prefix: page.prefix,
      Marker: page.marker,
      MaxResults: page.maxResults === undefined ? undefined : String(page.maxResults),
      Containers: { Container: page.containers.map(containerItem) },
      NextMarker: page.nextMarker,
    },
  });
}

function containerItem(c: ContainerEntry) {
  const lease = c.lease ?? { status: 'unlocked', state: 'available' };
  return {
    Name: c.name,
    Properties: {
      'Last-Modified': httpDate(c.lastModified),
      Etag: c.etag,
      LeaseStatus: lease.status,
      LeaseState: lease.state,
      LeaseDuration: lease.duration,
      DefaultEncryptionScope: '$account-encryption-key',
      DenyEncryptionScopeOverride: 'false',
      HasImmutabilityPolicy: 'false',
      HasLegalHold: 'false',
      ImmutableStorageWithVersioningEnabled: 'false',
    },
    Metadata: c.metadata ? { ...c.metadata } : undefined,
  };
}
