// Regression tests of the security review: password guessing.
import { test } from 'node:test';
import assert from 'node:assert/strict';
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
