// Identity state: password lockout, signing keys surviving a crash between writes, refresh-token purge.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { directoryMigrations } from '../src/identity/directory.js';
import { SigningKeys } from '../src/identity/keys.js';
import { identityMigrations } from '../src/identity/migrations.js';
import { RefreshTokenStore, RT_SLIDING_MS } from '../src/identity/refresh-tokens.js';
import { migrate, openDatabase } from '../src/store/db.js';
import { MAX_FAILURE_RECORDS, PasswordGuard, PASSWORD_LOCKOUT_THRESHOLD } from '../src/identity/sign-in.js';
import type { Directory } from '../src/identity/directory.js';
import { ALICE, BOB, CLI_APP, DATALAKE, TENANT, postForm, startIdentityEmulator } from './identity-helpers.js';

const V1_TOKEN = `/${TENANT}/oauth2/token`;
const ropc = (username: string, password: string) =>
  ({ grant_type: 'password', client_id: CLI_APP, resource: DATALAKE, username, password });

test('smart lockout: 10 wrong passwords lock the user name for 60 s (AADSTS50053), even for the right password', async () => {
  const { t, clock } = await startIdentityEmulator();
  try {
    for (let i = 0; i < 10; i++) {
      const r = await postForm(t, V1_TOKEN, ropc(BOB.upn.toUpperCase(), `guess-${i}`));
      assert.deepEqual([r.status, r.body.error_codes], [400, [50126]]);
    }
    const locked = await postForm(t, V1_TOKEN, ropc(BOB.upn, BOB.password));
    assert.deepEqual([locked.status, locked.body.error, locked.body.error_codes], [400, 'invalid_grant', [50053]]);
    // other users are not affected; unknown names are counted like known ones (no user enumeration)
    assert.equal((await postForm(t, V1_TOKEN, ropc('nobody@adlsemulator.onmicrosoft.com', 'x'))).body.error_codes[0], 50126);
    assert.notEqual((await postForm(t, V1_TOKEN, ropc(ALICE.upn, 'wrong'))).body.error_codes[0], 50053);
    clock.advance(61);
    const ok = await postForm(t, V1_TOKEN, ropc(BOB.upn, BOB.password));
    assert.equal(ok.status, 200);
    assert.ok(ok.body.access_token);
  } finally {
    await t.stop();
  }
});

test('smart lockout: flooding the failure records with unknown names does not lift a live lockout', async () => {
  let now = 1_000_000;
  const directory = { checkPassword: async () => undefined } as unknown as Directory;
  const guard = new PasswordGuard(directory, () => now);
  for (let i = 0; i < PASSWORD_LOCKOUT_THRESHOLD; i++) await guard.check('victim@x', 'guess');
  assert.equal(await guard.check('victim@x', 'right'), 'locked');
  await Promise.all(Array.from({ length: MAX_FAILURE_RECORDS + 50 }, (_, i) => guard.check(`noise-${i}@x`, 'x')));
  assert.equal(await guard.check('victim@x', 'right'), 'locked', 'the lockout survives the eviction');
  now += 61_000;
  assert.equal(await guard.check('victim@x', 'right'), undefined, 'and still ends on time');
});

test('signing keys: a key file without its certificate (crash between the writes) is made again at start', () => {
  const dir = mkdtempSync(join(tmpdir(), 'adls-keys-'));
  try {
    const first = new SigningKeys(dir);
    rmSync(join(dir, 'keys', 'signing-next-cert.pem'));
    const again = new SigningKeys(dir);
    assert.equal(again.current.kid, first.current.kid, 'the intact key is kept');
    assert.ok(again.next.kid && again.next.kid !== first.next.kid);
    assert.ok(existsSync(join(dir, 'keys', 'signing-next-cert.pem')));
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
});

test('refresh tokens: dead rows (revoked or expired) are purged after a day; live ones and recent revocations stay', () => {
  const dir = mkdtempSync(join(tmpdir(), 'adls-rt-'));
  const db = openDatabase(dir);
  try {
    migrate(db, [...directoryMigrations, ...identityMigrations]);
    const store = new RefreshTokenStore(db);
    const DAY = 24 * 3600_000;
    let now = Date.now();
    const rec = (oid: string) => ({ familyId: 'f', clientId: CLI_APP, tid: TENANT, oid, amr: ['pwd'], authTime: 0, issuedAt: now });
    const stale = store.issue(rec('stale'));
    now += RT_SLIDING_MS - DAY;
    const revoked = store.issue(rec('revoked'));
    const live = store.issue(rec('live'));
    assert.equal(store.revokeUser('revoked', now), 1);
    assert.equal(store.find(revoked)?.revoked, true, 'a fresh revocation still answers 70008');
    now += 2 * DAY + 60_000; // stale: past its sliding lifetime for more than a day; revoked: a day and more ago
    store.touch(live, now);
    store.issue(rec('other')); // issue() purges (at most once a minute)
    assert.equal(store.find(stale), undefined);
    assert.equal(store.find(revoked), undefined);
    assert.ok(store.find(live));
    assert.equal((db.prepare('SELECT COUNT(*) FROM refresh_tokens').pluck().get() as number), 2);
  } finally {
    db.close();
    rmSync(dir, { recursive: true, force: true });
  }
});
