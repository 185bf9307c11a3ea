import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Directory, directoryMigrations, SEED, verifySecret } from '../src/identity/directory.js';
import { SEED_HASHES } from '../src/identity/seed-hashes.js';
import { migrate, openDatabase } from '../src/store/db.js';

/**
 * The seed's secrets are stored as hashes computed once (seed-hashes.ts), so that an in-memory emulator does not
 * spend three scrypt runs on every start. Each must match its documented secret, and only that one.
 */
test('seed hashes: each matches its documented secret and no other, with its own salt', async () => {
  const pairs: [string, string][] = [
    [SEED.confidentialClientSecret, SEED_HASHES.confidentialClientSecret],
    ...SEED.users.map((u): [string, string] => [u.password, SEED_HASHES.users[u.upn]]),
  ];
  assert.equal(Object.keys(SEED_HASHES.users).length, SEED.users.length, 'a hash for every seed user');
  for (const [secret, hash] of pairs) {
    assert.ok(await verifySecret(secret, hash), `the hash of ${secret}`);
    assert.equal(await verifySecret(`${secret}x`, hash), false);
  }
  const salts = pairs.map(([, hash]) => hash.split('$')[1]);
  assert.equal(new Set(salts).size, salts.length, 'no two seed hashes share a salt');
});

test('a seeded directory signs its users and its confidential app in with the documented secrets', async () => {
  const db = openDatabase('', true);
  try {
    migrate(db, directoryMigrations);
    const dir = new Directory(db);
    dir.seedIfEmpty();
    for (const u of SEED.users) {
      assert.equal((await dir.checkPassword(u.upn, u.password))?.oid, u.oid, u.upn);
      assert.equal(await dir.checkPassword(u.upn, `${u.password}!`), undefined);
    }
    assert.equal(await dir.checkAppSecret(SEED.confidentialClientId, SEED.confidentialClientSecret), true);
    assert.equal(await dir.checkAppSecret(SEED.confidentialClientId, 'not-the-secret'), false);
  } finally {
    db.close();
  }
});
