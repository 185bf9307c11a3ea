import type { Inode } from '../../store/inode.js';
import { Gen2Error } from '../errors.js';
import { sendJson } from '../reply.js';
import type { Gen2Handler, Gen2Request } from '../request.js';
import { etag, httpDate } from '../shapes/http-dates.js';
import { fileTime } from '../shapes/path-headers.js';
import { permissionsString } from '../shapes/permissions.js';
import { decodeContinuation, maxResultsOf, nextContinuation } from './paging.js';
import { decodePath } from '../addressing.js';
import { nameStyle, targetOf } from '../target.js';

/** One entry of a listing, with the recorded fields and order (strings, as the service sends them). */
function entry(n: Inode, fullName: string, name: (id: string) => string): Record<string, string> {
  const e: Record<string, string> = {
    contentLength: String(n.kind === 'file' ? n.length : 0),
    creationTime: fileTime(n.ctime),
    etag: etag(n.id, n.version).slice(1, -1),
  };
  if (n.kind === 'file') e.expiryTime = n.expiry > 0 ? fileTime(n.expiry) : '0';
  e.group = name(n.group);
  if (n.kind === 'dir') e.isDirectory = 'true';
  e.lastModified = httpDate(n.mtime);
  e.name = fullName;
  e.owner = name(n.owner);
  e.permissions = permissionsString(n);
  return e;
}

interface Frame { dir: string[]; after?: string }

/** Children read at a time by a recursive listing (see below). */
const DEEP_BATCH = 250;

/**
 * FileSystem_ListPaths: GET /{filesystem}?resource=filesystem&recursive=…[&directory][&continuation][&maxResults]
 * [&upn]. Depth-first, names in ordinal order, a directory before what it holds; at most maxResults (≤ 5000) a
 * page, `x-ms-continuation` naming the last path returned. Every directory walked needs r-x (the store checks).
 */
export const listPaths: Gen2Handler = (r: Gen2Request) => {
  const t = targetOf(r);
  const recursive = r.query.get('recursive');
  if (recursive === null) throw new Gen2Error(400, 'MissingRequiredQueryParameter', 'A query parameter that\'s mandatory for this request is not specified.', { 'x-ms-missing-query-parameter-name': 'recursive' });
  if (!/^(true|false)$/i.test(recursive)) throw new Gen2Error(400, 'InvalidQueryParameterValue', 'Value for one of the query parameters specified in the request URI is invalid.', { 'x-ms-invalid-query-parameter-name': 'recursive' });
  const deep = recursive.toLowerCase() === 'true';
  const start = decodePath(r.query.get('directory') ?? '');
  const limit = maxResultsOf(r, 'maxResults');
  const token = decodeContinuation(r);
  if (token && token.dir !== start.join('/')) throw new Gen2Error(400, 'InvalidQueryParameterValue', 'The continuation token does not belong to this listing.', { 'x-ms-invalid-query-parameter-name': 'continuation' });
  const store = r.core.store;
  const name = nameStyle(r);

  const root = store.stat(t.ns, start, t.caller);
  if (root.kind !== 'dir') throw new Gen2Error(404, 'PathNotFound', 'The specified path does not exist.');
  const frames: Frame[] = [];
  if (token) {
    // Resume after the last path returned: its ancestors' siblings after it, and its own children when it is a directory.
    const last = (token.last as string).split('/').slice(start.length);
    for (let i = 0; i < last.length; i++) frames.push({ dir: [...start, ...last.slice(0, i)], after: last[i] });
    if (deep && last.length > 0) {
      try {
        if (store.stat(t.ns, [...start, ...last], t.caller).kind === 'dir') frames.push({ dir: [...start, ...last] });
      } catch { /* gone since: carry on with its siblings */ }
    }
  } else {
    frames.push({ dir: start });
  }

  const out: Record<string, string>[] = [];
  let lastPath: string | undefined;
  let more = false;
  while (frames.length > 0) {
    const top = frames[frames.length - 1];
    // A recursive listing leaves a batch at its first directory (and reads the rest again after that directory's
    // subtree), so it reads in small batches: a wide tree would otherwise decode up to maxResults siblings per directory.
    const want = deep ? Math.min(limit - out.length + 1, DEEP_BATCH) : limit - out.length + 1;
    const { children } = store.list(t.ns, top.dir, t.caller, { after: top.after, limit: want });
    if (children.length === 0) { frames.pop(); continue; }
    let descended = false;
    for (const child of children) {
      if (out.length === limit) { more = true; break; }
      const full = [...top.dir, child.name];
      out.push(entry(child, full.join('/'), name));
      lastPath = full.join('/');
      top.after = child.name;
      if (deep && child.kind === 'dir') { frames.push({ dir: full }); descended = true; break; }
    }
    if (more) break;
    if (!descended && children.length < want) frames.pop();
  }
  sendJson(r, 200, { paths: out }, { 'x-ms-continuation': more && lastPath ? nextContinuation(lastPath, { dir: start.join('/') }) : undefined });
};
