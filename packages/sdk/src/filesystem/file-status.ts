import { baseName, joinPath, normalizePath } from './paths.js';
import type { FileStatus } from './types.js';

/** FileStatus as it comes over the wire (§4.1). */
export interface WireFileStatus {
  length: number;
  pathSuffix: string;
  type: 'FILE' | 'DIRECTORY';
  blockSize: number;
  accessTime: number;
  modificationTime: number;
  replication: number;
  permission: string;
  owner: string;
  group: string;
  msExpirationTime?: number;
  aclBit?: boolean;
}

/** Adds name and absolute path to a wire FileStatus. `base` is the path the request was made for. */
export function toFileStatus(w: WireFileStatus, base: string): FileStatus {
  const path = w.pathSuffix ? joinPath(base, w.pathSuffix) : normalizePath(base);
  const s: FileStatus = {
    name: baseName(path),
    path,
    type: w.type,
    length: w.length,
    owner: w.owner,
    group: w.group,
    permission: w.permission,
    modificationTime: w.modificationTime,
    accessTime: w.accessTime,
    blockSize: w.blockSize,
    replication: w.replication,
  };
  if (w.aclBit !== undefined) s.aclBit = w.aclBit;
  if (w.msExpirationTime !== undefined) s.msExpirationTime = w.msExpirationTime;
  return s;
}
