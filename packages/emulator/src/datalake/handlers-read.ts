import { formatEntry, STICKY } from '../store/acl.js';
import { fileContextId, wantsFileContext } from './file-context.js';
import { displayMode } from '../store/inode.js';
import { parseFsAction } from './aclspec.js';
import type { Handler, OpContext } from './op-context.js';
import { invalidParam } from './remote-error.js';
import { fileStatus, friendlyNames, idNames, permissionString } from './shapes.js';

const names = (c: OpContext) => (c.params.bool('tooid', true) ? idNames : friendlyNames(c.deps.directory));

/**
 * LISTSTATUS / MSLISTSTATUS: paging with listSize / listAfter / listBefore; token = last name of a full page.
 * The page is read and serialised in slices (store.listSlices), so a large one does not hold up other requests.
 * Each slice is one JSON.stringify of its FileStatus objects (all of one shape: V8's fast path), cheaper than
 * writing each entry's text by hand (string concatenation builds rope strings that must be flattened again).
 */
export const listStatus: Handler = async (c) => {
  const limit = c.params.int('listsize', 1);
  const style = names(c);
  // Each slice's entries are encoded to UTF-8 at once: the page waits off the JS heap. Kept as strings until the
  // end, a 4000-entry page (about 1 MB) survived several young-generation GCs and was copied by each.
  const slices: Buffer[] = [];
  let count = 0;
  let last = '';
  for await (const { node, children } of c.deps.store.listSlices(c.account, c.path, c.caller, {
    after: c.params.get('listafter') || undefined, before: c.params.get('listbefore') || undefined, limit,
  })) {
    if (node.kind === 'file') {
      return c.reply.json(200, { FileStatuses: { continuationToken: '', FileStatus: [fileStatus(node, '', style)] } });
    }
    if (children.length === 0) continue;
    const statuses = new Array<Record<string, unknown>>(children.length);
    for (let i = 0; i < children.length; i++) statuses[i] = fileStatus(children[i], children[i].name, style);
    // The slice's entries without the array's brackets, after a comma when a slice came before.
    slices.push(Buffer.from((slices.length > 0 ? ',' : '') + JSON.stringify(statuses).slice(1, -1)));
    count += children.length;
    last = children[children.length - 1].name;
  }
  const token = limit !== undefined && count === limit ? last : '';
  c.reply.jsonBytes(200, Buffer.concat([Buffer.from(`{"FileStatuses":{"continuationToken":${JSON.stringify(token)},"FileStatus":[`), ...slices, Buffer.from(']}}')]));
};

export const getFileStatus: Handler = (c) => {
  const node = c.deps.store.stat(c.account, c.path, c.caller);
  const status = fileStatus(node, '', names(c));
  if (node.kind === 'file' && wantsFileContext(c)) status.fileContextID = fileContextId(c.account, node);
  c.reply.json(200, { FileStatus: status });
};

/** OPEN: bytes [offset, min(offset+length, size)), streamed from the blobs. */
export const open: Handler = async (c) => {
  const offset = c.params.int('offset') ?? 0;
  const length = c.params.int('length');
  if (c.params.has('speculative') && c.params.bool('speculative', false)) {
    throw invalidParam('speculative', 'SpeculativeReadNotSupported');
  }
  await c.reply.bytes(c.deps.store.openRead(c.account, c.path, c.caller, offset, length));
};

export const getContentSummary: Handler = (c) => {
  const s = c.deps.store.summary(c.account, c.path, c.caller);
  c.reply.json(200, { ContentSummary: {
    directoryCount: s.directoryCount, fileCount: s.fileCount, length: s.length, quota: -1, spaceConsumed: s.length, spaceQuota: -1,
  } });
};

/** GETACLSTATUS and MSGETACLSTATUS: the same body, base entries included (§5.14). */
export const getAclStatus: Handler = (c) => {
  const { node, entries } = c.deps.store.acl(c.account, c.path, c.caller);
  const style = names(c);
  c.reply.json(200, { AclStatus: {
    entries: entries.map(formatEntry),
    owner: style(node.owner),
    group: style(node.group),
    permission: permissionString(displayMode(node)),
    stickyBit: (node.mode & STICKY) !== 0,
  } });
};

export const checkAccess: Handler = (c) => {
  const raw = c.params.get('fsaction') ?? '';
  const want = parseFsAction(raw);
  if (want === undefined) throw invalidParam('fsaction', raw);
  c.deps.store.checkAccess(c.account, c.path, c.caller, want);
  c.reply.empty(200);
};
