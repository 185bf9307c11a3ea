import { test } from 'node:test';
import assert from 'node:assert/strict';
import { permitted, stickyAllows, type Caller, type Protection } from '../src/store/access.js';
import type { AclEntry } from '../src/store/acl.js';
import { inheritedProtection, modifyAcl, removeAcl, removeAclEntries, replaceAcl } from '../src/store/acl-transform.js';
import type { Inode } from '../src/store/inode.js';
import { displayMode } from '../src/store/inode.js';

const who = (oid: string, groups: string[] = [oid], superUser = false): Caller => ({ oid, groups, superUser });
const named = (type: 'user' | 'group' | 'mask', name: string, perm: number): AclEntry => ({ scope: 'access', type, name, perm });
const file = (p: Partial<Protection>): Protection => ({ owner: 'o', group: 'g', mode: 0o750, acl: [], ...p });

// [description, protection, caller, wanted bits, expected]
const CASES: [string, Protection, Caller, number, boolean][] = [
  ['owner gets owner bits', file({ mode: 0o700 }), who('o'), 7, true],
  ['owner is bound by own bits (chmod 0555 then write)', file({ mode: 0o555 }), who('o'), 2, false],
  ['owner bits decide even if other is wider', file({ mode: 0o007 }), who('o'), 4, false],
  ['group member gets group bits', file({ mode: 0o750 }), who('x', ['x', 'g']), 5, true],
  ['group member denied write', file({ mode: 0o750 }), who('x', ['x', 'g']), 2, false],
  ['group match stops at group class (no fallback to other)', file({ mode: 0o707 }), who('x', ['x', 'g']), 4, false],
  ['other gets other bits', file({ mode: 0o754 }), who('x'), 4, true],
  ['other denied', file({ mode: 0o750 }), who('x'), 4, false],
  ['named user entry grants', file({ mode: 0o700, acl: [named('user', 'bob', 7), named('mask', '', 7)] }), who('bob'), 7, true],
  ['mask limits named user', file({ mode: 0o700, acl: [named('user', 'bob', 7), named('mask', '', 4)] }), who('bob'), 2, false],
  ['mask keeps allowed bits for named user', file({ mode: 0o700, acl: [named('user', 'bob', 7), named('mask', '', 4)] }), who('bob'), 4, true],
  ['named user entry beats other', file({ mode: 0o707, acl: [named('user', 'bob', 0), named('mask', '', 7)] }), who('bob'), 4, false],
  ['named group grants through mask', file({ mode: 0o700, acl: [named('group', 'eng', 6), named('mask', '', 6)] }), who('x', ['x', 'eng']), 6, true],
  ['mask limits owning group', file({ mode: 0o770, acl: [named('user', 'bob', 1), named('mask', '', 1)] }), who('x', ['x', 'g']), 4, false],
  ['owner not limited by mask', file({ mode: 0o700, acl: [named('mask', '', 0)] }), who('o'), 7, true],
  ['other not limited by mask', file({ mode: 0o704, acl: [named('mask', '', 0)] }), who('x'), 4, true],
  ['super-user passes everything', file({ mode: 0o000 }), who('root', ['root'], true), 7, true],
];

for (const [name, p, c, want, expected] of CASES) {
  test(`permission: ${name}`, () => assert.equal(permitted(p, c, want), expected));
}

test('sticky bit: only child owner, directory owner or super-user may remove', () => {
  const dir = file({ owner: 'alice', mode: 0o1777 });
  assert.equal(stickyAllows(dir, 'bob', who('bob')), true);
  assert.equal(stickyAllows(dir, 'carol', who('bob')), false);
  assert.equal(stickyAllows(dir, 'carol', who('alice')), true);
  assert.equal(stickyAllows(dir, 'carol', who('root', [], true)), true);
  assert.equal(stickyAllows(file({ mode: 0o777 }), 'carol', who('bob')), true);
});

const inode = (p: Partial<Inode>): Inode => ({
  id: 1, parent: null, name: 'd', kind: 'dir', owner: 'o', group: 'g', mode: 0o770, acl: [], defaultAcl: [],
  atime: 0, mtime: 0, ctime: 0, expiry: 0, length: 0, version: 0, props: {}, ...p,
});
const fmt = (s: { mode: number; acl: AclEntry[]; defaultAcl: AclEntry[] }) => ({ mode: s.mode.toString(8), acl: s.acl.map((e) => `${e.scope[0]}:${e.type}:${e.name}:${e.perm}`), def: s.defaultAcl.map((e) => `${e.type}:${e.name}:${e.perm}`) });

test('create without default ACL: requested mode minus umask 007', () => {
  const p = inheritedProtection(inode({}), 'file', 0o777, 0o007);
  assert.deepEqual(fmt(p), { mode: '770', acl: [], def: [] });
});

test('default ACL inheritance: file gets access entries limited by mode, directory also copies defaults', () => {
  const d = (type: 'user' | 'group' | 'mask' | 'other', name: string, perm: number): AclEntry => ({ scope: 'default', type, name, perm });
  const parent = inode({ defaultAcl: [d('user', '', 7), d('user', 'bob', 7), d('group', '', 5), d('mask', '', 7), d('other', '', 5)] });
  const f = inheritedProtection(parent, 'file', 0o750, 0o007);
  // user:: 7&7, mask 7&5, group:: kept (5), other 5&0
  assert.deepEqual(fmt(f), { mode: '750', acl: ['a:user:bob:7', 'a:mask::5'], def: [] });
  const sub = inheritedProtection(parent, 'dir', 0o777, 0o007);
  assert.equal(sub.defaultAcl.length, 5);
  assert.equal(sub.mode.toString(8), '755'); // umask is not applied when a default ACL exists (HDFS)
});

test('ACL transformations follow the recorded sequence (SETACL, MODIFY, REMOVE entries, REMOVEACL)', () => {
  let n = inode({ kind: 'file', mode: 0o770 });
  const apply = (s: { mode: number; acl: AclEntry[]; defaultAcl: AclEntry[] }) => { n = { ...n, ...s }; };
  apply(replaceAcl(n, [named('user', '', 7), named('group', '', 7), { scope: 'access', type: 'other', name: '', perm: 0 }, named('user', 'X', 7)]));
  assert.deepEqual(n.acl.map((e) => `${e.type}:${e.name}:${e.perm}`), ['user:X:7', 'mask::7']);
  apply(modifyAcl(n, [named('user', 'X', 2)]));
  assert.deepEqual(n.acl.map((e) => `${e.type}:${e.name}:${e.perm}`), ['user:X:2', 'mask::7']);
  apply(removeAclEntries(n, [named('user', 'X', 0)]));
  assert.deepEqual(n.acl.map((e) => `${e.type}:${e.name}:${e.perm}`), ['mask::7']); // mask stays (recorded)
  apply(removeAcl(n));
  assert.deepEqual(n.acl, []);
  assert.equal(displayMode(n).toString(8), '770');
});

test('SETACL without base entries, default entries on a file, duplicates are rejected', () => {
  const f = inode({ kind: 'file' });
  assert.throws(() => replaceAcl(f, [named('user', 'X', 7)]), /required/);
  assert.throws(() => modifyAcl(f, [{ scope: 'default', type: 'user', name: 'X', perm: 7 }]), /only directories/);
  assert.throws(() => modifyAcl(f, [named('user', 'X', 7), named('user', 'X', 5)]), /duplicate/);
  assert.throws(() => removeAclEntries(f, [named('user', '', 0)]), /required/);
});

test('the group digit shows the mask when there is one', () => {
  assert.equal(displayMode(inode({ mode: 0o750, acl: [named('mask', '', 7)] })).toString(8), '770');
  assert.equal(displayMode(inode({ mode: 0o1750 })).toString(8), '1750');
});
