/** Shapes returned and accepted by the filesystem client (filesystem-api.md §4). */

export type PathType = 'FILE' | 'DIRECTORY';

/** One file or directory, as GETFILESTATUS / LISTSTATUS describe it, plus its name and absolute path. */
export interface FileStatus {
  /** Last path segment ('' for the root). */
  name: string;
  /** Absolute, normalised path, e.g. `/dir/a.txt`. */
  path: string;
  type: PathType;
  /** Bytes (0 for directories). */
  length: number;
  owner: string;
  group: string;
  /** Octal digits without a leading zero, e.g. `"770"`. */
  permission: string;
  /** ms since the epoch. */
  modificationTime: number;
  accessTime: number;
  blockSize: number;
  replication: number;
  aclBit?: boolean;
  /** Files only: ms since the epoch, 0 = never expires. */
  msExpirationTime?: number;
}

export interface AclStatus {
  /** e.g. `user::rwx`, `user:<oid>:r-x`, `default:group::r-x`. */
  entries: string[];
  owner: string;
  group: string;
  permission: string;
  stickyBit: boolean;
}

export interface ContentSummary {
  directoryCount: number;
  fileCount: number;
  length: number;
  quota: number;
  spaceConsumed: number;
  spaceQuota: number;
}

export type SyncFlag = 'DATA' | 'METADATA' | 'CLOSE';

export type ExpiryOption = 'NeverExpire' | 'RelativeToNow' | 'RelativeToCreationDate' | 'Absolute';

export interface AbortOptions {
  abortSignal?: AbortSignal;
}
