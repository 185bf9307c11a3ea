import type { Inode } from '../../store/inode.js';
import { StoreError } from '../../store/errors.js';
import type { FileSystemRecord } from '../filesystems/registry.js';
import type { Gen2Request } from '../request.js';
import { fileSystemEtag } from '../shapes/http-dates.js';
import { fileSystemOf, targetOf } from '../target.js';
import { UNCOMMITTED_MARK } from './block-ids.js';

/** Blob-created files: requested 0666 under the service's default umask 0027 (`rw-r-----`, as Azure shows them). */
export const BLOB_FILE_MODE = 0o666;
export const BLOB_UMASK = 0o027;

/** A container as the Blob API shows it. */
export interface ContainerView { name: string; etag: string; lastModified: number; metadata: Readonly<Record<string, string>> }

export const containerView = (f: FileSystemRecord): ContainerView => ({ name: f.name, etag: fileSystemEtag(f.createdAt, f.version), lastModified: f.modifiedAt, metadata: f.metadata });

/** The request's container (404 ContainerNotFound when the account has none of that name). */
export const requireContainer = (r: Gen2Request): ContainerView => containerView(fileSystemOf(r));

/** The account's containers in name order, starting with `prefix`, from `from` (included) on, read page by page. */
export function* containersOf(r: Gen2Request, prefix: string, from: string): Generator<ContainerView> {
  const account = r.account.name;
  let after: string | undefined;
  if (from !== '') {
    const first = r.filesystems.get(account, from);
    if (first && first.name.startsWith(prefix)) yield containerView(first);
    after = from;
  }
  for (;;) {
    const batch = r.filesystems.list(account, { prefix, after, limit: 1000 });
    for (const f of batch) yield containerView(f);
    if (batch.length < 1000) return;
    after = batch[batch.length - 1].name;
  }
}

/** Where the request's blob lives in the namespace store (ContainerNotFound first). */
export function blobPath(r: Gen2Request): { ns: string; path: string[] } {
  const t = targetOf(r);
  return { ns: t.ns, path: t.path };
}

export const namespaceOf = (r: Gen2Request) => targetOf(r).ns;

/** The path's inode, undefined when nothing is there (or a file stands where a parent directory should be). */
export function statBlob(r: Gen2Request, ns: string, path: string[]): Inode | undefined {
  try {
    return r.core.store.stat(ns, path, r.identity.caller);
  } catch (e) {
    if (e instanceof StoreError && (e.code === 'NotFound' || e.code === 'NotDirectory')) return undefined;
    throw e;
  }
}

/** A file Put Block created that no commit has made a blob yet (see UNCOMMITTED_MARK). */
export function isUncommitted(r: Gen2Request, ns: string, path: readonly string[], node: Inode): boolean {
  if (node.kind !== 'file' || node.length !== 0 || node.props.pieces !== undefined) return false;
  return r.core.store.listStaged(ns, path, r.identity.caller).some((s) => s.key === UNCOMMITTED_MARK);
}

