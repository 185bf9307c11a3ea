import { test } from 'node:test';
import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromium } from 'playwright-core';
import { Secret, TOTP } from 'otpauth';
import { ALICE, NATIVE_APP, claims, pollV2, startDeviceCode, startIdentityEmulator } from './identity-helpers.js';

const CHROMIUM = '/usr/bin/chromium';
/** Screenshots land here so a person can look at the pages (test output, not committed). */
const SHOT_DIR = join(tmpdir(), 'adls-gen1-signin-screenshots');

test('browser: alice signs in through the pages (code, app, password, TOTP, consent) while a v2 poll waits', async () => {
  // No silent skip: CI installs Chromium, and a missing browser must show up as a failure, not a green run.
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install it (e.g. apt-get install chromium) to run the browser sign-in test`);
  const { t, clock } = await startIdentityEmulator();
  // Trust exactly the emulator's TLS key: Chromium accepts certificates whose SPKI hash is listed.
  const leaf = new X509Certificate(t.emu.core.ca.certificateFor('localhost'));
  const spki = createHash('sha256').update(leaf.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  const browser = await chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--ignore-certificate-errors-spki-list=${spki}`],
  });
  try {
    const dc = await startDeviceCode(t, { clientId: NATIVE_APP });
    let polls = 0;
    const poller = (async () => {
      for (;;) {
        const r = await pollV2(t, dc.device_code, { clientId: NATIVE_APP });
        polls++;
        if (r.body.error !== 'authorization_pending') return r;
        await new Promise((res) => setTimeout(res, 250));
      }
    })();

    const page = await (await browser.newContext({ viewport: { width: 900, height: 720 } })).newPage();
    mkdirSync(SHOT_DIR, { recursive: true });
    await page.goto(`${t.base}/devicelogin`);
    assert.equal(await page.title(), 'Enter code');
    await page.screenshot({ path: join(SHOT_DIR, '1-enter-code.png') });
    await page.fill('#otc', dc.user_code);
    await page.click('button[type=submit]');
    await page.waitForURL('**/devicelogin/confirm');
    assert.ok((await page.textContent('.app .name'))?.includes('adls-gen1 toolkit'));
    await page.screenshot({ path: join(SHOT_DIR, '2-confirm.png') });
    await page.click('button[value=continue]');
    await page.waitForURL('**/devicelogin/signin');
    await page.fill('#username', ALICE.upn);
    await page.fill('#password', ALICE.password);
    await page.click('button[value=signin]');
    await page.waitForURL('**/devicelogin/mfa');
    assert.equal((await page.textContent('.account'))?.trim(), ALICE.upn);
    const code = new TOTP({ secret: Secret.fromBase32(ALICE.totpSecret!), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: clock.now });
    await page.fill('#otp', code);
    await page.screenshot({ path: join(SHOT_DIR, '3-mfa.png') });
    await page.click('button[value=verify]');
    await page.waitForURL('**/devicelogin/consent');
    assert.ok((await page.textContent('ul.perms'))?.includes('Access Azure Data Lake as you'));
    await page.screenshot({ path: join(SHOT_DIR, '4-consent.png') });
    await page.click('button[value=accept]');
    await page.waitForURL('**/devicelogin/done');
    assert.match((await page.textContent('h1')) ?? '', /signed in/);
    await page.screenshot({ path: join(SHOT_DIR, '5-done.png') });

    const r = await poller;
    assert.equal(r.status, 200, JSON.stringify(r.body));
    assert.ok(polls >= 2, 'the poll was waiting while the person signed in');
    const at = claims(r.body.access_token);
    assert.ok(at.amr.includes('mfa'));
    assert.equal(at.upn, ALICE.upn);
  } finally {
    await browser.close();
    await t.stop();
  }
});
