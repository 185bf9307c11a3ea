import type { Inode } from '../../store/inode.js';
import type { ContentHeaders } from '../../store/path-props.js';
import { etag } from '../shapes/http-dates.js';
import { formatAcl, permissionsString } from '../shapes/permissions.js';
import { blobMetadata } from './blob-read.js';

/** How the Blob API shows a path: a directory is an empty blob with `hdi_isfolder=true` (hierarchical accounts). */
export interface BlobView {
  etag: string;
  created: number;
  lastModified: number;
  contentLength: number;
  content: ContentHeaders;
  metadata: Record<string, string>;
  access: { owner: string; group: string; permissions: string; acl: string };
}

export function blobView(n: Inode): BlobView {
  return {
    etag: etagOf(n),
    created: n.ctime,
    lastModified: n.mtime,
    contentLength: n.kind === 'file' ? n.length : 0,
    content: { ...n.props.content },
    metadata: { ...blobMetadata(n) },
    access: { owner: n.owner, group: n.group, permissions: permissionsString(n), acl: formatAcl(n) },
  };
}

/** The ETag of a path's current state (the same the DFS API and blob HEAD show). */
export const etagOf = (n: Inode) => etag(n.id, n.version);
