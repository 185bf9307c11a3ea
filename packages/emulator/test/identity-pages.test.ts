import { test } from 'node:test';
import assert from 'node:assert/strict';
import { Secret, TOTP } from 'otpauth';
import { PageClient } from 'adls-gen1-test-support';
import { ALICE, BOB, NATIVE_APP, claims, getJson, pollV2, startDeviceCode, startIdentityEmulator, type Clock } from './identity-helpers.js';

const totp = (clock: Clock, secret: string = ALICE.totpSecret!) =>
  new TOTP({ secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: clock.now });

test('pages: code → confirm → sign in → TOTP → consent → done; the poll gets a token with amr mfa', async () => {
  const { t, clock } = await startIdentityEmulator();
  try {
    const dc = await startDeviceCode(t, { clientId: NATIVE_APP });
    const b = new PageClient(t);
    const start = await b.get('/devicelogin');
    assert.equal(start.status, 200);
    assert.match(start.setCookie!, /HttpOnly/);
    assert.match(start.setCookie!, /Secure/);
    assert.match(start.setCookie!, /SameSite=Lax/);
    assert.ok(b.csrf.length > 20);

    let r = await b.post('/devicelogin', { otc: dc.user_code.toLowerCase() });
    assert.equal(r.status, 302);
    assert.equal(r.location, '/devicelogin/confirm');
    assert.equal((await getJson(t, `/_emulator/device/${dc.user_code}`)).body.state, 'code_entered');
    const confirm = await b.get('/devicelogin/confirm');
    assert.ok(confirm.html.includes('adls-gen1 toolkit') && confirm.html.includes('adls-gen1 (emulator)'));
    r = await b.post('/devicelogin/confirm', { action: 'continue' });
    assert.equal(r.location, '/devicelogin/signin');
    await b.get('/devicelogin/signin');
    const bad = await b.post('/devicelogin/signin', { username: ALICE.upn, password: 'wrong' });
    assert.equal(bad.status, 400);
    assert.ok(bad.html.includes('AADSTS50126'));
    r = await b.post('/devicelogin/signin', { username: ALICE.upn, password: ALICE.password });
    assert.equal(r.location, '/devicelogin/mfa');
    // Skipping ahead is not possible: consent redirects back to the current step.
    assert.equal((await b.get('/devicelogin/consent')).location, '/devicelogin/mfa');
    const mfa = await b.get('/devicelogin/mfa');
    assert.ok(mfa.html.includes(ALICE.upn));
    // A wrong code must be wrong for every step the emulator accepts (the current one ± 1).
    const accepted = [-30_000, 0, 30_000].map((d) => totp({ ...clock, now: clock.now + d }));
    const wrongCode = ['000000', '111111', '222222', '333333'].find((c) => !accepted.includes(c))!;
    const wrong = await b.post('/devicelogin/mfa', { otp: wrongCode });
    assert.equal(wrong.status, 400);
    assert.match(wrong.html, /4 tries left/);
    assert.equal((await pollV2(t, dc.device_code, { clientId: NATIVE_APP })).body.error, 'authorization_pending');
    r = await b.post('/devicelogin/mfa', { otp: totp(clock) });
    assert.equal(r.location, '/devicelogin/consent');
    const consent = await b.get('/devicelogin/consent');
    assert.ok(consent.html.includes('Access Azure Data Lake as you'));
    assert.ok(consent.html.includes('Access Azure Service Management as you'));
    r = await b.post('/devicelogin/consent', { action: 'accept' });
    assert.equal(r.location, '/devicelogin/done');
    const done = await b.get('/devicelogin/done');
    assert.match(done.html, /You signed in to <strong>adls-gen1 toolkit<\/strong>/);

    const tok = await pollV2(t, dc.device_code, { clientId: NATIVE_APP });
    assert.equal(tok.status, 200, JSON.stringify(tok.body));
    const at = claims(tok.body.access_token);
    assert.ok(at.amr.includes('mfa') && at.amr.includes('otp'));
    assert.equal(at.upn, ALICE.upn);
    // The done page still renders after the code was redeemed.
    assert.equal((await b.get('/devicelogin/done')).status, 200);

    // Second sign-in for the same user+app: consent is remembered, TOTP ±1 step accepted.
    const dc2 = await startDeviceCode(t, { clientId: NATIVE_APP });
    const b2 = new PageClient(t);
    await b2.get(`/devicelogin?otc=${dc2.user_code}`);
    await b2.post('/devicelogin', { otc: dc2.user_code });
    await b2.get('/devicelogin/confirm');
    await b2.post('/devicelogin/confirm', { action: 'continue' });
    await b2.get('/devicelogin/signin');
    await b2.post('/devicelogin/signin', { username: ALICE.upn, password: ALICE.password });
    await b2.get('/devicelogin/mfa');
    const previousStep = new TOTP({ secret: Secret.fromBase32(ALICE.totpSecret!), period: 30 }).generate({ timestamp: clock.now - 30_000 });
    r = await b2.post('/devicelogin/mfa', { otp: previousStep });
    assert.equal(r.location, '/devicelogin/done');
  } finally { await t.stop(); }
});

test('pages: CSRF missing or wrong, or no session → 403 and the record is untouched', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const dc = await startDeviceCode(t);
    const b = new PageClient(t);
    await b.get('/devicelogin');
    assert.equal((await b.post('/devicelogin', { otc: dc.user_code }, null)).status, 403);
    assert.equal((await b.post('/devicelogin', { otc: dc.user_code }, 'x'.repeat(b.csrf.length))).status, 403);
    const noSession = new PageClient(t);
    assert.equal((await noSession.post('/devicelogin', { otc: dc.user_code }, 'anything')).status, 403);
    assert.equal((await getJson(t, `/_emulator/device/${dc.user_code}`)).body.state, 'pending');
    // Another session's token doesn't work either.
    const other = new PageClient(t);
    await other.get('/devicelogin');
    assert.equal((await b.post('/devicelogin', { otc: dc.user_code }, other.csrf)).status, 403);
    // Later steps without a session just go back to the start.
    assert.equal((await new PageClient(t).get('/devicelogin/mfa')).location, '/devicelogin');
    // Malformed input is escaped, never executed.
    const evil = await b.get('/devicelogin?otc=%22%3E%3Cscript%3Ealert(1)%3C%2Fscript%3E');
    assert.ok(!evil.html.includes('<script>') && evil.html.includes('&#34;&#62;&#60;script&#62;'));
  } finally { await t.stop(); }
});

test('pages: lockout after 5 wrong codes; expired code page', async () => {
  const { t, clock } = await startIdentityEmulator({ deviceCodeExpiresIn: 60 });
  try {
    const dc = await startDeviceCode(t);
    const b = new PageClient(t);
    await b.get('/devicelogin');
    for (let i = 0; i < 4; i++) {
      const r = await b.post('/devicelogin', { otc: 'WRONGCODE' });
      assert.equal(r.status, 400);
      assert.match(r.html, /That code didn&#39;t work/);
    }
    assert.equal((await b.post('/devicelogin', { otc: 'WRONGCODE' })).status, 429);
    assert.equal((await b.post('/devicelogin', { otc: dc.user_code })).status, 429, 'locked even for the right code');
    const reload = await b.get('/devicelogin');
    assert.equal(reload.status, 429, 'a reload does not bring back the form');
    assert.match(reload.html, /Too many attempts/);

    const b2 = new PageClient(t);
    await b2.get('/devicelogin');
    clock.advance(61);
    const exp = await b2.post('/devicelogin', { otc: dc.user_code });
    assert.equal(exp.status, 400);
    assert.match(exp.html, /expired/);
  } finally { await t.stop(); }
});

test('pages: 5 wrong TOTP codes stop the sign-in with AADSTS500121 (also after a reload), not a decline; cancel on confirm and on consent decline it', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const signInTo = async (step: 'mfa' | 'confirm' | 'consent', user = ALICE) => {
      const dc = await startDeviceCode(t, { clientId: NATIVE_APP });
      const b = new PageClient(t);
      await b.get('/devicelogin');
      await b.post('/devicelogin', { otc: dc.user_code });
      await b.get('/devicelogin/confirm');
      if (step !== 'confirm') {
        await b.post('/devicelogin/confirm', { action: 'continue' });
        await b.get('/devicelogin/signin');
        await b.post('/devicelogin/signin', { username: user.upn, password: user.password });
        await b.get(`/devicelogin/${step}`);
      }
      return { dc, b };
    };
    const m = await signInTo('mfa');
    for (let i = 0; i < 2; i++) assert.equal((await m.b.post('/devicelogin/mfa', { otp: 'abcdef' })).status, 400);
    const reloaded = await m.b.get('/devicelogin/mfa');
    assert.equal(reloaded.status, 200);
    assert.match(reloaded.html, /3 tries left/, 'a reload keeps the count of wrong codes');
    for (let i = 0; i < 2; i++) assert.equal((await m.b.post('/devicelogin/mfa', { otp: 'abcdef' })).status, 400);
    const locked = await m.b.post('/devicelogin/mfa', { otp: 'abcdef' });
    assert.equal(locked.status, 429);
    assert.match(locked.html, /wrong verification code too many times/);
    assert.doesNotMatch(locked.html, /declined/);
    const again = await m.b.get('/devicelogin/mfa');
    assert.equal(again.status, 429, 'a reload after the lockout still shows it');
    assert.match(again.html, /Too many attempts/);
    const poll = await pollV2(t, m.dc.device_code, { clientId: NATIVE_APP });
    assert.deepEqual([poll.body.error, poll.body.error_codes], ['invalid_grant', [500121]], 'not reported as a decline');

    const c = await signInTo('confirm');
    const declined = await c.b.post('/devicelogin/confirm', { action: 'cancel' });
    assert.match(declined.html, /You declined/);
    assert.equal((await pollV2(t, c.dc.device_code, { clientId: NATIVE_APP })).body.error, 'authorization_declined');

    const k = await signInTo('consent', BOB);
    const kd = await k.b.post('/devicelogin/consent', { action: 'cancel' });
    assert.match(kd.html, /You declined/);
    assert.equal((await pollV2(t, k.dc.device_code, { clientId: NATIVE_APP })).body.error, 'authorization_declined');
  } finally { await t.stop(); }
});

test('pages: disabled user and a user of another tenant are refused with AADSTS50057 / AADSTS50020', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const dir = t.emu.core.directory;
    dir.addTenant({ id: '7e57e57e-0000-4000-8000-000000000001', domain: 'other.onmicrosoft.com', displayName: 'Other' });
    dir.addUser({ upn: 'carol@other.onmicrosoft.com', password: 'Carol-Passw0rd!', tenantId: '7e57e57e-0000-4000-8000-000000000001' });
    dir.addUser({ upn: 'dave@adlsemulator.onmicrosoft.com', password: 'Dave-Passw0rd!' });
    dir.setUserEnabled('dave@adlsemulator.onmicrosoft.com', false);
    for (const [upn, pw, code] of [['carol@other.onmicrosoft.com', 'Carol-Passw0rd!', 'AADSTS50020'], ['dave@adlsemulator.onmicrosoft.com', 'Dave-Passw0rd!', 'AADSTS50057']]) {
      const dc = await startDeviceCode(t);
      const b = new PageClient(t);
      await b.openSignIn(dc.user_code);
      const r = await b.post('/devicelogin/signin', { username: upn, password: pw });
      assert.equal(r.status, 403);
      assert.ok(r.html.includes(code), code);
      assert.equal((await pollV2(t, dc.device_code)).body.error, 'authorization_pending');
    }
  } finally { await t.stop(); }
});

test('pages: a second browser knowing the user code cannot take over a sign-in in progress ("already being used")', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const dc = await startDeviceCode(t, { clientId: NATIVE_APP });
    const owner = new PageClient(t);
    await owner.get('/devicelogin');
    await owner.post('/devicelogin', { otc: dc.user_code });
    // While only the code was entered, the same browser may enter it again; another browser may not.
    assert.equal((await owner.post('/devicelogin', { otc: dc.user_code })).location, '/devicelogin/confirm');
    const intruder = new PageClient(t);
    await intruder.get('/devicelogin');
    let r = await intruder.post('/devicelogin', { otc: dc.user_code });
    assert.equal(r.status, 409);
    assert.match(r.html, /already being used/);
    await owner.get('/devicelogin/confirm');
    await owner.post('/devicelogin/confirm', { action: 'continue' });
    await owner.get('/devicelogin/signin');
    r = await owner.post('/devicelogin/signin', { username: ALICE.upn, password: ALICE.password });
    assert.equal(r.location, '/devicelogin/mfa');
    // Alice authenticated; her sign-in waits for TOTP. Another browser entering the code is refused...
    r = await intruder.post('/devicelogin', { otc: dc.user_code });
    assert.equal(r.status, 409);
    assert.match(r.html, /already being used/);
    // ...is not bound to it (later steps send it back to the start), and no wrong-code strike is counted.
    assert.equal((await intruder.get('/devicelogin/mfa')).location, '/devicelogin');
    assert.equal((await getJson(t, `/_emulator/device/${dc.user_code}`)).body.state, 'mfa_required');
    // The owner carries on.
    assert.equal((await owner.get('/devicelogin/mfa')).status, 200);
  } finally { await t.stop(); }
});
