// FileStatus objects (GETFILESTATUS, each LISTSTATUS entry): the recorded keys in the recorded order for files and
// directories (filesystem-api §4.1), the permission digits with sticky bit and mask, the ACL bit, names per style.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileStatus, type NameStyle } from '../src/datalake/shapes.js';
import type { Inode } from '../src/store/inode.js';
import { NO_PROPS } from '../src/store/path-props.js';

const OID = '4b1e0c4e-0f0e-4a57-9d1a-3d6a3c2b1a00';
const file: Inode = {
  id: 7, parent: 1, name: 'n', kind: 'file', owner: OID, group: 'g', mode: 0o770, acl: [], defaultAcl: [],
  atime: 1_700_000_000_123, mtime: 1_700_000_000_456, ctime: 1_700_000_000_000, expiry: 1_800_000_000_000, length: 12345, version: 3, props: NO_PROPS,
};
const ids: NameStyle = (id) => id;
const upns: NameStyle = (id) => (id === OID ? 'alice@contoso.com' : id);

test('a file\'s FileStatus: every recorded key in order, with its values', () => {
  const s = fileStatus(file, 'n.txt', ids);
  assert.equal(JSON.stringify(s), `{"length":12345,"pathSuffix":"n.txt","type":"FILE","blockSize":268435456,"accessTime":1700000000123,`
    + `"modificationTime":1700000000456,"replication":1,"permission":"770","owner":"${OID}","group":"g","msExpirationTime":1800000000000,"aclBit":false}`);
});

test('a directory\'s FileStatus: no length, block size, replication or expiry of its own', () => {
  const s = fileStatus({ ...file, kind: 'dir', mode: 0o1771 }, '', upns);
  assert.equal(JSON.stringify(s), '{"length":0,"pathSuffix":"","type":"DIRECTORY","blockSize":0,"accessTime":1700000000123,'
    + '"modificationTime":1700000000456,"replication":0,"permission":"1771","owner":"alice@contoso.com","group":"g","aclBit":false}');
});

test('the group digit shows the mask, and the ACL bit is set by an extended or a default ACL', () => {
  const named = { scope: 'access' as const, type: 'user' as const, name: 'u', perm: 7 };
  const mask = { scope: 'access' as const, type: 'mask' as const, name: '', perm: 5 };
  assert.deepEqual([fileStatus({ ...file, acl: [named, mask] }, 'x', ids).permission, fileStatus({ ...file, acl: [named, mask] }, 'x', ids).aclBit], ['750', true]);
  const dir = { ...file, kind: 'dir' as const, defaultAcl: [{ scope: 'default' as const, type: 'user' as const, name: '', perm: 7 }] };
  assert.equal(fileStatus(dir, 'd', ids).aclBit, true);
});
