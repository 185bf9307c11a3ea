// LISTSTATUS writes each entry's FileStatus JSON directly (shapes.fileStatusJson); it must be byte for byte what
// JSON.stringify of the FileStatus object (GETFILESTATUS's shape, filesystem-api §4.1) gives, key order included.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { fileStatus, fileStatusJson, type NameStyle } from '../src/datalake/shapes.js';
import type { Inode } from '../src/store/inode.js';
import { NO_PROPS } from '../src/store/path-props.js';

const base: Inode = {
  id: 7, parent: 1, name: 'n', kind: 'file', owner: '4b1e0c4e-0f0e-4a57-9d1a-3d6a3c2b1a00', group: 'g', mode: 0o770, acl: [], defaultAcl: [],
  atime: 1_700_000_000_123, mtime: 1_700_000_000_456, ctime: 1_700_000_000_000, expiry: 0, length: 12345, version: 3, props: NO_PROPS,
};

test('fileStatusJson is JSON.stringify(fileStatus): files, directories, sticky bits, masks, ACL bits, expiry, odd names and owners', () => {
  const mask = { scope: 'access' as const, type: 'mask' as const, name: '', perm: 5 };
  const named = { scope: 'access' as const, type: 'user' as const, name: 'u', perm: 7 };
  const nodes: Inode[] = [
    base,
    { ...base, kind: 'dir', length: 0, mode: 0o1771 },
    { ...base, acl: [named, mask], expiry: 1_800_000_000_000, length: 0 },
    { ...base, kind: 'dir', defaultAcl: [{ scope: 'default', type: 'user', name: '', perm: 7 }] },
    { ...base, mode: 0o1000, owner: 'a"b\\c\u0001é\u{1F600}', group: '' },
  ];
  const styles: NameStyle[] = [(id) => id, (id) => (id === base.owner ? 'alice@contoso.com' : id)];
  for (const n of nodes) {
    for (const suffix of ['', 'plain.txt', 'quote"back\\slash', 'ctl\u0000\u001f\u2028', 'é ü 😀 \uD800']) {
      for (const style of styles) assert.equal(fileStatusJson(n, suffix, style), JSON.stringify(fileStatus(n, suffix, style)));
    }
  }
});
