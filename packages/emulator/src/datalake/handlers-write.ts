import { MAX_CONCAT_BODY, MAX_CONCAT_SOURCES } from '../defaults.js';
import type { RequestContext } from '../http/context.js';
import { StoreError } from '../store/errors.js';
import type { Handler, OpContext } from './op-context.js';
import { parseValuePath } from './paths.js';
import { illegalArgument } from './remote-error.js';

const SYNC_FLAGS = ['DATA', 'METADATA', 'CLOSE'] as const;

/** Whether the request carries bytes (a declared non-zero length, or a chunked body). */
function bodyExpected(ctx: RequestContext): boolean {
  const len = ctx.header('content-length');
  if (len !== undefined) return len !== '0';
  return ctx.header('transfer-encoding') !== undefined;
}

/**
 * Streams the request body into a blob. A body that ends early (client abort, dropped connection) is an
 * error: the caller then commits nothing, so an interrupted write is never half-applied.
 */
async function receive(c: OpContext, blob: string, position: number, create: boolean): Promise<number> {
  const n = await c.deps.store.blobs.write(blob, position, c.ctx.req, create);
  if (!c.ctx.req.complete) throw new Error('request body ended early');
  return n;
}

/** CREATE: the body (if any) is written and fsynced to a fresh blob, then the file is created in one transaction. */
export const create: Handler = async (c) => {
  const o = { overwrite: c.params.bool('overwrite', false), mode: c.params.permission(), createParent: c.params.bool('createparent', true) };
  const syncFlag = c.params.choice('syncflag', SYNC_FLAGS) ?? 'CLOSE';
  const lease = c.params.get('leaseid');
  const { store } = c.deps;
  store.checkCreate(c.account, c.path, c.caller, o); // refuse before reading any byte
  let content: { blob: string; length: number } | undefined;
  if (bodyExpected(c.ctx)) {
    const blob = store.blobs.newId();
    try {
      content = { blob, length: await receive(c, blob, 0, true) };
    } catch (e) {
      store.blobs.discard([blob]);
      throw e;
    }
  }
  let file;
  try {
    file = store.createFile(c.account, c.path, c.caller, o, content);
  } catch (e) {
    if (content) store.blobs.discard([content.blob]);
    throw e;
  }
  if (content && content.length === 0) store.blobs.discard([content.blob]);
  c.deps.leases.update(file.id, lease, syncFlag);
  c.reply.empty(201, { Location: c.ctx.origin + (c.ctx.req.url ?? ''), ContentLength: 0 });
};

/**
 * Appends the body at the committed length, serialised per file. The offset check runs before any byte is
 * written and again at commit; bytes are fsynced before the length moves, so a retried APPEND after a lost
 * answer gets BadOffset instead of applying twice.
 */
async function appendBody(c: OpContext, offset: number | undefined, syncFlag: string, lease: string | undefined): Promise<void> {
  const { store, leases, appendLocks } = c.deps;
  const first = store.prepareAppend(c.account, c.path, c.caller, offset);
  leases.check(first.fileId, lease);
  await appendLocks.run([first.fileId], async () => {
    const t = store.prepareAppend(c.account, c.path, c.caller, offset);
    if (t.fileId !== first.fileId) throw new StoreError('BadOffset', 'The file was replaced during the append');
    leases.check(t.fileId, lease);
    let n = 0;
    if (bodyExpected(c.ctx)) {
      try {
        n = await receive(c, t.blob, t.position, t.newBlob);
      } catch (e) {
        if (t.newBlob) store.blobs.discard([t.blob]);
        throw e;
      }
    }
    try {
      store.commitAppend(t, n);
    } catch (e) {
      if (t.newBlob) store.blobs.discard([t.blob]);
      throw e;
    }
    if (n === 0 && t.newBlob && bodyExpected(c.ctx)) store.blobs.discard([t.blob]);
    leases.update(t.fileId, lease, syncFlag);
  });
  c.reply.empty(200);
}

export const append: Handler = (c) =>
  appendBody(c, c.params.int('offset'), c.params.choice('syncflag', SYNC_FLAGS) ?? 'CLOSE', c.params.get('leaseid'));

/** CONCURRENTAPPEND: the server picks the offset; appendMode=autocreate creates a missing file. */
export const concurrentAppend: Handler = async (c) => {
  const autocreate = c.params.choice('appendmode', ['autocreate'] as const) === 'autocreate';
  const syncFlag = c.params.choice('syncflag', SYNC_FLAGS) ?? 'DATA';
  if (autocreate) {
    try {
      c.deps.store.createFile(c.account, c.path, c.caller, { overwrite: false, createParent: true });
    } catch (e) {
      if (!(e instanceof StoreError && e.code === 'AlreadyExists')) throw e;
    }
  }
  await appendBody(c, undefined, syncFlag, c.params.get('leaseid'));
};

async function concatInto(c: OpContext, sources: string[][], deleteSourceDir: boolean): Promise<void> {
  const { store, appendLocks, leases } = c.deps;
  const lookup = () => {
    const found = store.concatIds(c.account, c.path, sources, c.caller);
    return { dest: found.dest === undefined ? [] : [found.dest], sources: found.sources };
  };
  const same = (a: number[], b: number[]) => a.length === b.length && a.every((x, i) => x === b[i]);
  // Wait for in-flight appends to the files involved: their bytes go into blobs that concat moves. The locks are
  // taken on the files found before waiting; if one was replaced meanwhile (CREATE overwrite), an append to the new
  // file could still be writing into a blob concat would move, so look again and lock the files that are there now.
  let ids = lookup();
  for (let attempt = 0; ; attempt++) {
    const locked = ids;
    const done = await appendLocks.run([...locked.dest, ...locked.sources], async () => {
      ids = lookup();
      if (!same(ids.dest, locked.dest) || !same(ids.sources, locked.sources)) return false;
      store.concat(c.account, c.path, sources, c.caller, deleteSourceDir);
      return true;
    });
    if (done) break;
    if (attempt >= 4) throw new StoreError('LeaseConflict', 'The files of the concat kept changing; retry');
  }
  for (const id of ids.sources) leases.forget(id);
  c.reply.empty(200);
}

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
  await concatInto(c, (list as string[]).map(parseValuePath), deleteSourceDir);
};

/** CONCAT (HDFS form): sources in the query, comma-separated and/or repeated. */
export const concat: Handler = async (c) => {
  const list = c.params.all('sources').flatMap((v) => v.split(',')).filter((s) => s !== '');
  if (list.length === 0) throw illegalArgument('CONCAT needs at least one source');
  checkSourceCount('CONCAT', list.length);
  await concatInto(c, list.map(parseValuePath), false);
};
