import { createHash } from 'node:crypto';
import type { Inode } from '../store/inode.js';
import { StoreError } from '../store/errors.js';
import type { OpContext } from './op-context.js';
import { RemoteError } from './remote-error.js';

/**
 * `fileContextID`: an opaque id of one incarnation of a file. The Java SDK (api-version 2018-12-01) reads it from
 * GETFILESTATUS and sends it back as DELETE's `fileContextId`, so that create-with-overwrite deletes only the file
 * it looked at. Inode ids are never reused, so a file re-created under the same name gets a new id.
 */
export function fileContextId(account: string, node: Inode): string {
  const h = createHash('sha256').update(`${account}\0${node.id}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-${h.slice(12, 16)}-${h.slice(16, 20)}-${h.slice(20, 32)}`;
}

/** The first api-version whose FileStatus carries `fileContextID` (what the Java SDK sends). */
export const FILE_CONTEXT_API_VERSION = '2018-12-01';

export const wantsFileContext = (c: OpContext) => (c.params.get('api-version') ?? '') >= FILE_CONTEXT_API_VERSION;

/**
 * DELETE's condition: when `fileContextId` is given and the path is a file of another incarnation, the service
 * refused with a RuntimeException naming a "StreamID mismatch" (the Java SDK's live test checks both).
 * A missing path is left to DELETE itself (200 `{"boolean":false}`).
 */
export function checkDeleteCondition(c: OpContext): void {
  const expected = c.params.get('filecontextid');
  if (expected === undefined || expected === '') return;
  let node: Inode;
  try {
    node = c.deps.store.stat(c.account, c.path, c.caller);
  } catch (e) {
    if (e instanceof StoreError && e.code === 'NotFound') return;
    throw e;
  }
  if (node.kind === 'file' && fileContextId(c.account, node) !== expected) {
    throw new RemoteError(400, 'RuntimeException', 'java.lang.RuntimeException',
      `Conditional delete failed: StreamID mismatch for /${c.path.join('/')} (the file was replaced since fileContextId ${expected.slice(0, 64)} was read).`);
  }
}
