import { createFileSystem, deleteFileSystem, requireAccountWrite } from '../filesystems/lifecycle.js';
import { Gen2Error } from '../errors.js';
import { sendEmpty, sendJson } from '../reply.js';
import type { Gen2Handler, Gen2Request } from '../request.js';
import { checkConditions } from '../shapes/conditions.js';
import { fileSystemEtag, httpDate } from '../shapes/http-dates.js';
import { formatDfsProperties, parseDfsProperties } from '../shapes/properties.js';
import { fileSystemOf } from '../target.js';
import { continuationOf, maxResultsOf, nextContinuation } from './paging.js';

const fsHeaders = (fs: { createdAt: number; version: number; modifiedAt: number }) =>
  ({ ETag: fileSystemEtag(fs.createdAt, fs.version), 'Last-Modified': httpDate(fs.modifiedAt) });

/** FileSystem_Create: PUT /{filesystem}?resource=filesystem (x-ms-properties) → 201. */
export const createFs: Gen2Handler = (r) => {
  const fs = createFileSystem(r, { metadata: parseDfsProperties(r.ctx.header('x-ms-properties')) });
  sendEmpty(r, 201, { ...fsHeaders(fs), 'x-ms-namespace-enabled': 'true' });
};

/** FileSystem_Delete → 202 (conditions on Last-Modified). */
export const deleteFs: Gen2Handler = async (r) => {
  const fs = fileSystemOf(r);
  checkConditions(r.ctx.req.headers, { etag: fileSystemEtag(fs.createdAt, fs.version), lastModified: fs.modifiedAt }, false);
  await deleteFileSystem(r);
  sendEmpty(r, 202);
};

/** FileSystem_GetProperties: HEAD → 200 with x-ms-properties. */
export const getFsProperties: Gen2Handler = (r) => {
  const fs = fileSystemOf(r);
  sendEmpty(r, 200, { ...fsHeaders(fs), 'x-ms-properties': formatDfsProperties(fs.metadata), 'x-ms-namespace-enabled': 'true' });
};

/** FileSystem_SetProperties: PATCH → 200; the properties replace the old ones. */
export const setFsProperties: Gen2Handler = (r) => {
  const cur = fileSystemOf(r);
  requireAccountWrite(r);
  checkConditions(r.ctx.req.headers, { etag: fileSystemEtag(cur.createdAt, cur.version), lastModified: cur.modifiedAt }, false);
  const metadata = parseDfsProperties(r.ctx.header('x-ms-properties')) ?? {};
  const fs = r.filesystems.update(r.account.name, cur.name, { metadata }, r.core.options.now())!;
  sendEmpty(r, 200, fsHeaders(fs));
};

/** Service_ListFileSystems: GET /?resource=account (prefix, continuation, maxResults) → {"filesystems":[…]}. */
export const listFileSystems: Gen2Handler = (r: Gen2Request) => {
  const limit = maxResultsOf(r, 'maxResults');
  const after = continuationOf(r);
  const prefix = r.query.get('prefix') ?? undefined;
  const page = r.filesystems.list(r.account.name, { prefix, after, limit: limit + 1 });
  const more = page.length > limit;
  const shown = page.slice(0, limit);
  if (r.ctx.method !== 'GET') throw new Gen2Error(405, 'UnsupportedHttpVerb', 'The resource doesn\'t support specified Http Verb.');
  sendJson(r, 200, {
    filesystems: shown.map((fs) => ({ name: fs.name, lastModified: httpDate(fs.modifiedAt), etag: fileSystemEtag(fs.createdAt, fs.version).slice(1, -1) })),
  }, { 'x-ms-continuation': more ? nextContinuation(shown[shown.length - 1].name) : undefined });
};
