import { Gen2Error } from '../errors.js';
import { sendEmpty } from '../reply.js';
import type { Gen2Handler } from '../request.js';
import { checkConditions } from '../shapes/conditions.js';
import { etag } from '../shapes/http-dates.js';
import { targetOf } from '../target.js';
import { checkPathLease } from '../leases/path-leases.js';

/**
 * Path_Delete: DELETE /{filesystem}/{path}[?recursive=true|false]. A non-empty directory without recursive=true is
 * 409 DirectoryNotEmpty (the store's NotEmpty); a missing path 404 PathNotFound. The whole subtree goes in one
 * change, so no continuation is ever needed. 200 with x-ms-delete-type-permanent.
 */
export const deletePath: Gen2Handler = (r) => {
  const t = targetOf(r);
  const rec = r.query.get('recursive');
  if (rec !== null && !/^(true|false)$/i.test(rec)) throw new Gen2Error(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.', { 'x-ms-invalid-query-parameter-name': 'recursive' });
  if (t.path.length === 0) throw new Gen2Error(400, 'InvalidUri', 'The root directory of a file system cannot be deleted; delete the file system.');
  const store = r.core.store;
  const cur = store.stat(t.ns, t.path, t.caller); // 404 PathNotFound when missing (parents included)
  checkConditions(r.ctx.req.headers, { etag: etag(cur.id, cur.version), lastModified: cur.mtime }, false);
  checkPathLease(r, t.ns, t.path, 'dfs');
  if (!store.delete(t.ns, t.path, t.caller, rec?.toLowerCase() === 'true')) throw new Gen2Error(404, 'PathNotFound', 'The specified path does not exist.');
  sendEmpty(r, 200, { 'x-ms-delete-type-permanent': 'true' });
};
