import { Gen2Error, gen2Errors } from '../errors.js';
import { sendEmpty } from '../reply.js';
import type { Gen2Handler } from '../request.js';
import { checkConditions } from '../shapes/conditions.js';
import { etag } from '../shapes/http-dates.js';
import { targetOf } from '../target.js';
import { checkPathLease } from '../leases/path-leases.js';
import { walkDeletePage } from './delete-pages.js';
import { decodeContinuation, nextContinuation } from './paging.js';

/**
 * Path_Delete: DELETE /{filesystem}/{path}[?recursive=true|false][&paginated=true][&continuation]. A non-empty
 * directory without recursive=true is 409 DirectoryNotEmpty (the store's NotEmpty); a missing path 404 PathNotFound.
 * The whole subtree goes in one change. With paginated=true a caller who is not a super-user has the subtree's
 * permission checks done in pages: each page answers 200 with `x-ms-continuation` (nothing deleted yet), and the
 * call that completes the walk deletes atomically. 200 with x-ms-delete-type-permanent.
 */
export const deletePath: Gen2Handler = (r) => {
  const t = targetOf(r);
  const rec = r.query.get('recursive');
  if (rec !== null && !/^(true|false)$/i.test(rec)) throw new Gen2Error(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.', { 'x-ms-invalid-query-parameter-name': 'recursive' });
  const paginated = r.query.get('paginated');
  if (paginated !== null && !/^(true|false)$/i.test(paginated)) throw gen2Errors.invalidQuery('paginated', paginated);
  const token = decodeContinuation(r);
  if (t.path.length === 0) throw new Gen2Error(400, 'InvalidUri', 'The root directory of a file system cannot be deleted; delete the file system.');
  const store = r.core.store;
  const cur = store.stat(t.ns, t.path, t.caller); // 404 PathNotFound when missing (parents included)
  checkConditions(r.ctx.req.headers, { etag: etag(cur.id, cur.version), lastModified: cur.mtime }, false);
  checkPathLease(r, t.ns, t.path, 'dfs');
  const recursive = rec?.toLowerCase() === 'true';
  if (paginated?.toLowerCase() === 'true' && recursive && cur.kind === 'dir' && !t.caller.superUser) {
    const root = t.path.join('/');
    if (token && (token.del !== root || !(token.last as string).startsWith(`${root}/`))) throw gen2Errors.invalidQuery('continuation', r.query.get('continuation')!, 'The continuation token is invalid.');
    const stop = walkDeletePage(store, t.ns, t.path, t.caller, token ? (token.last as string).split('/') : undefined);
    if (stop) return sendEmpty(r, 200, { 'x-ms-continuation': nextContinuation(stop.join('/'), { del: root }) });
  }
  if (!store.delete(t.ns, t.path, t.caller, recursive)) throw new Gen2Error(404, 'PathNotFound', 'The specified path does not exist.');
  sendEmpty(r, 200, { 'x-ms-delete-type-permanent': 'true' });
};
