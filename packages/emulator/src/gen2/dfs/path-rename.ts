import { decodePath } from '../addressing.js';
import { Gen2Error } from '../errors.js';
import { namespaceKey } from '../filesystems/registry.js';
import { sendEmpty } from '../reply.js';
import type { Gen2Request } from '../request.js';
import { versionHeaders } from '../shapes/path-headers.js';
import { fileSystemNotFound, targetOf } from '../target.js';
import { existing } from './path-create.js';
import { checkPathLease } from '../leases/path-leases.js';

const notFound = (code: string, message: string) => new Gen2Error(404, code, message);

/**
 * Rename (Path_Create with `x-ms-rename-source: /{filesystem}/{path}[?sas]`, `mode=legacy|posix`): the source may be
 * in another file system of the same account. A file replaces an existing destination file (unless
 * `If-None-Match: *`); an existing destination directory is 409 PathAlreadyExists.
 */
export async function renamePath(r: Gen2Request): Promise<void> {
  const raw = r.ctx.header('x-ms-rename-source')!;
  const mode = r.query.get('mode');
  if (mode !== null && !/^(legacy|posix)$/i.test(mode)) throw new Gen2Error(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.', { 'x-ms-invalid-query-parameter-name': 'mode' });
  const pathPart = raw.split('?')[0];
  let segments: string[];
  try {
    segments = decodePath(pathPart);
  } catch {
    throw new Gen2Error(400, 'InvalidSourceUri', 'The source URI is invalid.');
  }
  // Path style: the source carries the account first (`/{account}/{filesystem}/{path}`, as the SDKs build it).
  if (r.address.style === 'path' && segments[0]?.toLowerCase() === r.account.name && segments.length >= 3) segments = segments.slice(1);
  if (segments.length < 2) throw new Gen2Error(400, 'InvalidSourceUri', 'The source URI is invalid.');
  const [srcFsName, ...srcPath] = segments;
  const dst = targetOf(r);
  const srcFs = r.filesystems.get(r.account.name, srcFsName);
  if (!srcFs) throw fileSystemNotFound('dfs');
  const srcNs = namespaceKey(r.account.name, srcFsName);
  const store = r.core.store;

  try {
    store.stat(srcNs, srcPath, dst.caller);
  } catch (e) {
    if ((e as { code?: string }).code === 'NotFound') throw notFound('SourcePathNotFound', 'The source path for a rename operation does not exist.');
    throw e;
  }
  // A leased source needs its lease (x-ms-source-lease-id); a leased destination file its own (x-ms-lease-id).
  checkPathLease(r, srcNs, srcPath, 'dfs', 'x-ms-source-lease-id');
  const target = existing(r, dst);
  if (target) checkPathLease(r, dst.ns, dst.path, 'dfs');
  if (target) {
    if (r.ctx.header('if-none-match')?.trim() === '*') throw new Gen2Error(409, 'PathAlreadyExists', 'The specified path already exists.');
    if (target.kind === 'dir') throw new Gen2Error(409, 'PathAlreadyExists', 'The specified path already exists.');
  } else if (dst.path.length > 1) {
    const parent = existing(r, { ...dst, path: dst.path.slice(0, -1) });
    if (!parent || parent.kind !== 'dir') throw notFound('RenameDestinationParentPathNotFound', 'The parent directory of the destination path does not exist.');
  }
  const ok = store.rename(srcNs, srcPath, dst.path, dst.caller, true, dst.ns);
  if (!ok) throw new Gen2Error(409, 'InvalidDestinationPath', 'The specified path, or an element of the path, exists and its resource type is invalid for this operation.');
  // The lease stays with the renamed file (it is kept with the inode); a replaced destination's goes with it.
  const node = store.stat(dst.ns, dst.path, dst.caller);
  sendEmpty(r, 201, { ...versionHeaders(node), 'Content-Length': 0 });
}
