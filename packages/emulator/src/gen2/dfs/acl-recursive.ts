import type { AclEntry } from '../../store/acl.js';
import { StoreError } from '../../store/errors.js';
import type { Inode } from '../../store/inode.js';
import { Gen2Error } from '../errors.js';
import { sendJson } from '../reply.js';
import type { Gen2Handler, Gen2Request } from '../request.js';
import { parseAcl } from '../shapes/permissions.js';
import { resolvePrincipal, targetOf, type Target } from '../target.js';
import { decodeContinuation, nextContinuation } from './paging.js';

/** Most paths one call changes when the client sets no maxRecords (the service's batch size). */
const DEFAULT_BATCH = 2000;

interface Frame { dir: string[]; after?: string }

/**
 * Path_SetAccessControlRecursive: PATCH ?action=setAccessControlRecursive&mode=set|modify|remove with `x-ms-acl`,
 * `maxRecords`, `continuation`, `forceFlag`. Walks the directory (itself first, then depth-first), applying the
 * change to at most maxRecords paths per call; a path the caller may not change is a failed entry (the walk stops
 * there unless forceFlag=true). Body: {"directoriesSuccessful","failedEntries","failureCount","filesSuccessful"};
 * `x-ms-continuation` while paths remain.
 */
export const setAccessControlRecursive: Gen2Handler = (r) => {
  const mode = r.query.get('mode');
  if (mode !== 'set' && mode !== 'modify' && mode !== 'remove') {
    throw new Gen2Error(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.', { 'x-ms-invalid-query-parameter-name': 'mode' });
  }
  const header = r.ctx.header('x-ms-acl');
  if (header === undefined) throw new Gen2Error(400, 'MissingRequiredHeader', 'An HTTP header that\'s mandatory for this request is not specified.', { 'x-ms-missing-header-name': 'x-ms-acl' });
  const spec = parseAcl(header, mode !== 'remove', (n) => resolvePrincipal(r, n));
  const maxV = r.query.get('maxRecords');
  if (maxV !== null && (!/^\d{1,9}$/.test(maxV) || Number(maxV) < 1)) throw new Gen2Error(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.', { 'x-ms-invalid-query-parameter-name': 'maxRecords' });
  const batch = maxV === null ? DEFAULT_BATCH : Number(maxV);
  const force = r.query.get('forceFlag')?.toLowerCase() === 'true';
  const t = targetOf(r);
  const token = decodeContinuation(r);
  const store = r.core.store;

  const result = { directoriesSuccessful: 0, failedEntries: [] as { errorMessage: string; name: string; type: string }[], failureCount: 0, filesSuccessful: 0 };
  const apply = (path: string[], n: Inode): boolean => {
    const entries = n.kind === 'file' ? spec.filter((e) => e.scope === 'access') : spec;
    try {
      change(r, t, path, mode, entries);
      if (n.kind === 'dir') result.directoriesSuccessful++; else result.filesSuccessful++;
      return true;
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      result.failureCount++;
      result.failedEntries.push({ errorMessage: 'This request is not authorized to perform this operation using this permission.', name: path.join('/'), type: n.kind === 'dir' ? 'DIRECTORY' : 'FILE' });
      return force;
    }
  };

  let done = 0;
  let last: string[] | undefined;
  const frames: Frame[] = [];
  const root = store.stat(t.ns, t.path, t.caller);
  if (!token) {
    last = t.path;
    done++;
    if (!apply(t.path, root)) return finish(r, result, last);
    if (root.kind === 'dir') frames.push({ dir: t.path });
  } else {
    const prev = (token.last as string).split('/').filter(Boolean).slice(t.path.length);
    for (let i = 0; i < prev.length; i++) frames.push({ dir: [...t.path, ...prev.slice(0, i)], after: prev[i] });
    try {
      if (prev.length > 0 && store.stat(t.ns, [...t.path, ...prev], t.caller).kind === 'dir') frames.push({ dir: [...t.path, ...prev] });
    } catch { /* gone meanwhile */ }
  }
  while (frames.length > 0) {
    const top = frames[frames.length - 1];
    let child: Inode | undefined;
    try {
      child = store.list(t.ns, top.dir, t.caller, { after: top.after, limit: 1 }).children[0];
    } catch (e) {
      if (!(e instanceof StoreError)) throw e;
      // A directory the caller may not list: its contents are failures the caller cannot see.
      result.failureCount++;
      result.failedEntries.push({ errorMessage: 'This request is not authorized to perform this operation using this permission.', name: top.dir.join('/'), type: 'DIRECTORY' });
      frames.pop();
      if (!force) return finish(r, result, undefined);
      continue;
    }
    if (!child) { frames.pop(); continue; }
    if (done === batch) return finish(r, result, last);
    const path = [...top.dir, child.name];
    top.after = child.name;
    last = path;
    done++;
    if (!apply(path, child)) return finish(r, result, last);
    if (child.kind === 'dir') frames.push({ dir: path });
  }
  finish(r, result, undefined);
};

function change(r: Gen2Request, t: Target, path: string[], mode: string, entries: AclEntry[]): void {
  const store = r.core.store;
  if (entries.length === 0) return;
  if (mode === 'set') store.setAcl(t.ns, path, t.caller, entries);
  else if (mode === 'modify') store.modifyAclEntries(t.ns, path, t.caller, entries);
  else store.removeAclEntries(t.ns, path, t.caller, entries);
}

function finish(r: Gen2Request, result: object, last: string[] | undefined): void {
  sendJson(r, 200, result, { 'x-ms-continuation': last ? nextContinuation(last.join('/')) : undefined, 'x-ms-namespace-enabled': 'true' });
}
