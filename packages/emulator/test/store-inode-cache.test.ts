import { after, beforeEach, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Caller } from '../src/store/access.js';
import { openDatabase, type Db } from '../src/store/db.js';
import { StoreError } from '../src/store/errors.js';
import { InodeCache } from '../src/store/inode-cache.js';
import type { Inode } from '../src/store/inode.js';
import type { Namespace } from '../src/store/namespace.js';
import { openStore } from '../src/store/open-store.js';

/**
 * The read path serves inodes from a cache (no SQL for a warm GETFILESTATUS). Every write must make later
 * reads see the change, and a cached inode must never be changed in place.
 */
const OWNER: Caller = { oid: 'owner-oid', groups: ['owner-oid'], superUser: true };
const OTHER: Caller = { oid: 'other-oid', groups: ['other-oid'], superUser: false };
const dir = mkdtempSync(join(tmpdir(), 'adls-inode-cache-'));
let db: Db;
let store: Namespace;
let clock = 1_700_000_000_000;
let n = 0;

beforeEach(async () => {
  await store?.close();
  db?.close();
  const location = join(dir, String(n++));
  mkdirSync(location);
  db = openDatabase(location);
  store = openStore({ kind: 'durable', db, location }, () => clock, () => { /* a test closed the database under the collector */ });
  store.provision('acct', OWNER.oid, 'grp', { mode: 0o777 });
  store.mkdirs('acct', ['a'], OWNER, 0o777);
  await store.createFile('acct', ['a', 'f'], OWNER, { overwrite: false, createParent: false, mode: 0o777 });
});
after(async () => {
  await store?.close();
  db?.close();
  rmSync(dir, { recursive: true, force: true });
});

const code = (fn: () => unknown) => {
  try {
    fn();
  } catch (e) {
    if (e instanceof StoreError) return e.code;
    throw e;
  }
  return 'ok';
};

describe('inode cache on the read path', () => {
  test('a warm stat answers from the cache with a frozen inode, without SQL', () => {
    const first = store.stat('acct', ['a', 'f'], OWNER);
    const second = store.stat('acct', ['a', 'f'], OWNER);
    assert.equal(second, first, 'the same cached object');
    assert.ok(Object.isFrozen(second) && Object.isFrozen(second.acl));
    assert.throws(() => { (second as { length: number }).length = 99; }, TypeError);
    // Proof that no SQL runs: with the connection closed, a cached stat still answers, an uncached one cannot.
    db.close();
    assert.equal(store.stat('acct', ['a', 'f'], OWNER).id, first.id);
    assert.throws(() => store.stat('acct', ['a', 'g'], OWNER), /not open/);
  });

  test('every kind of write is seen by the next read', async () => {
    const stat = (...p: string[]) => store.stat('acct', p, OWNER);
    stat('a', 'f');
    store.setPermission('acct', ['a', 'f'], OWNER, 0o640);
    assert.equal(stat('a', 'f').mode & 0o777, 0o640);

    store.setOwner('acct', ['a', 'f'], OWNER, 'new-owner', 'new-group');
    assert.equal(stat('a', 'f').owner, 'new-owner');

    clock += 1000;
    store.setTimes('acct', ['a', 'f'], OWNER, clock, clock);
    assert.equal(stat('a', 'f').mtime, clock);

    await store.append('acct', ['a', 'f'], OWNER, { offset: 0 }, [Buffer.from('hello')]);
    assert.equal(stat('a', 'f').length, 5);

    store.rename('acct', ['a', 'f'], ['a', 'g'], OWNER, false);
    assert.equal(code(() => stat('a', 'f')), 'NotFound');
    assert.equal(stat('a', 'g').length, 5);

    store.delete('acct', ['a', 'g'], OWNER, false);
    assert.equal(code(() => stat('a', 'g')), 'NotFound');

    // A name that was missing (so never cached) appears once created.
    await store.createFile('acct', ['a', 'g'], OWNER, { overwrite: false, createParent: false });
    assert.equal(stat('a', 'g').length, 0);
  });

  test('permissions are decided on current protection, not on what was cached', () => {
    store.setPermission('acct', ['a'], OWNER, 0o711); // (the umask of 007 left others no traverse)
    assert.equal(code(() => store.stat('acct', ['a', 'f'], OTHER)), 'ok');
    store.setPermission('acct', ['a'], OWNER, 0o700); // no traverse for others any more
    assert.equal(code(() => store.stat('acct', ['a', 'f'], OTHER)), 'AccessDenied');
    assert.equal(code(() => store.checkAccess('acct', ['a', 'f'], OTHER, 4)), 'AccessDenied');
  });

  test('an expired file disappears from cached reads', () => {
    store.stat('acct', ['a', 'f'], OWNER);
    store.setExpiry('acct', ['a', 'f'], OWNER, () => clock + 500);
    assert.equal(store.stat('acct', ['a', 'f'], OWNER).expiry, clock + 500);
    clock += 1000;
    assert.equal(code(() => store.stat('acct', ['a', 'f'], OWNER)), 'NotFound');
  });

  test('a failed write leaves reads consistent', () => {
    const before: Inode = store.stat('acct', ['a', 'f'], OWNER);
    assert.equal(code(() => store.setPermission('acct', ['a', 'f'], OTHER, 0o777)), 'AccessDenied');
    assert.equal(store.stat('acct', ['a', 'f'], OWNER).mode, before.mode);
  });
});

describe('InodeCache', () => {
  const inode = (id: number, parent: number | null, name: string): Inode => ({
    id, parent, name, kind: 'file', owner: 'o', group: 'g', mode: 0o770, acl: [{ scope: 'access', type: 'mask', name: '', perm: 7 }],
    defaultAcl: [], atime: 0, mtime: 0, ctime: 0, expiry: 0, length: 0, version: 0, props: {},
  });

  test('finds by id and by (parent, name), stays within its limit, freezes entries deeply', () => {
    const c = new InodeCache(3);
    const put = c.put(inode(1, null, ''));
    assert.equal(c.id(1), put);
    c.put(inode(2, 1, 'x'));
    assert.equal(c.child(1, 'x')?.id, 2);
    assert.equal(c.child(1, 'y'), undefined);
    c.put(inode(3, 1, 'y'));
    c.put(inode(4, 1, 'z'));
    assert.ok(c.size <= 3);
    assert.equal(c.child(1, 'z')?.id, 4);
    assert.throws(() => { (c.child(1, 'z')!.acl[0] as { perm: number }).perm = 0; }, TypeError);
    c.clear();
    assert.equal(c.size, 0);
    assert.equal(c.id(4), undefined);
  });
});
