import { MAX_CONCAT_BODY, MAX_CONCAT_SOURCES } from '../defaults.js';
import type { LeaseUse } from '../store/leases.js';
import { StoreError } from '../store/errors.js';
import type { Handler, OpContext } from './op-context.js';
import { parseValuePath, parseValuePaths } from './paths.js';
import { illegalArgument } from './remote-error.js';
import { requestBody } from './request-body.js';

const SYNC_FLAGS = ['DATA', 'METADATA', 'CLOSE'] as const;

/** The lease a write uses: `leaseid` (none: not checked), released by syncFlag=CLOSE. */
function leaseOf(c: OpContext, defaultFlag: (typeof SYNC_FLAGS)[number]): LeaseUse {
  const syncFlag = c.params.choice('syncflag', SYNC_FLAGS) ?? defaultFlag;
  return { id: c.params.get('leaseid') || undefined, release: syncFlag === 'CLOSE' };
}

/** CREATE: the body (if any) becomes the file's content; the file appears only once its bytes are durable. */
export const create: Handler = async (c) => {
  const o = { overwrite: c.params.bool('overwrite', false), mode: c.params.permission(), createParent: c.params.bool('createparent', true) };
  await c.deps.store.createFile(c.account, c.path, c.caller, o, requestBody(c.ctx), leaseOf(c, 'CLOSE'));
  c.reply.empty(201, { Location: c.ctx.origin + (c.ctx.req.url ?? ''), ContentLength: 0 });
};

/** APPEND at `offset` (must be the committed length). */
export const append: Handler = async (c) => {
  await c.deps.store.append(c.account, c.path, c.caller, { offset: c.params.int('offset'), lease: leaseOf(c, 'CLOSE') }, requestBody(c.ctx));
  c.reply.empty(200);
};

/** CONCURRENTAPPEND: the server picks the offset; appendMode=autocreate creates a missing file. */
export const concurrentAppend: Handler = async (c) => {
  const autocreate = c.params.choice('appendmode', ['autocreate'] as const) === 'autocreate';
  if (autocreate) {
    try {
      await c.deps.store.createFile(c.account, c.path, c.caller, { overwrite: false, createParent: true });
    } catch (e) {
      if (!(e instanceof StoreError && e.code === 'AlreadyExists')) throw e;
    }
  }
  await c.deps.store.append(c.account, c.path, c.caller, { lease: leaseOf(c, 'DATA') }, requestBody(c.ctx));
  c.reply.empty(200);
};

/** One concat joins at most MAX_CONCAT_SOURCES files: a longer list is refused before any path is looked up. */
function checkSourceCount(op: string, n: number): void {
  if (n > MAX_CONCAT_SOURCES) throw illegalArgument(`${op} joins at most ${MAX_CONCAT_SOURCES} source files in one request; ${n} were given`);
}

/** MSCONCAT: JSON body {"sources":[...]} or the legacy `sources=/a,/b` text (§5.9). */
export const msConcat: Handler = async (c) => {
  const deleteSourceDir = c.params.bool('deletesourcedirectory', false);
  const text = (await c.ctx.readBody(MAX_CONCAT_BODY)).toString('utf8').trim(); // over the limit: 413 (service.ts)
  let list: unknown;
  if (text.startsWith('{')) {
    try {
      list = (JSON.parse(text) as { sources?: unknown }).sources;
    } catch {
      throw illegalArgument('MSCONCAT body is not valid JSON');
    }
  } else if (/^sources=/i.test(text)) {
    list = (new URLSearchParams(text).get('sources') ?? '').split(',');
  } else {
    throw illegalArgument('MSCONCAT needs a body {"sources":[...]} or sources=a,b');
  }
  if (!Array.isArray(list) || list.some((s) => typeof s !== 'string' || s === '')) throw illegalArgument('MSCONCAT sources must be a list of paths');
  checkSourceCount('MSCONCAT', list.length);
  await c.deps.store.concat(c.account, c.path, await parseValuePaths(list as string[]), c.caller, deleteSourceDir);
  c.reply.empty(200);
};

/** CONCAT (HDFS form): sources in the query, comma-separated and/or repeated. */
export const concat: Handler = async (c) => {
  const list = c.params.all('sources').flatMap((v) => v.split(',')).filter((s) => s !== '');
  if (list.length === 0) throw illegalArgument('CONCAT needs at least one source');
  checkSourceCount('CONCAT', list.length);
  await c.deps.store.concat(c.account, c.path, list.map(parseValuePath), c.caller, false);
  c.reply.empty(200);
};
