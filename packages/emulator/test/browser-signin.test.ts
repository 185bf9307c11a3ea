import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdirSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Browser } from 'playwright-core';
import { focused, launchChromium } from 'adls-gen1-test-support';
import { ALICE, NATIVE_APP, claims, pollV2, startDeviceCode, startIdentityEmulator } from './identity-helpers.js';

/** Screenshots land here so a person can look at the pages (test output, not committed). */
const SHOT_DIR = join(tmpdir(), 'adls-gen1-signin-screenshots');

test('browser: alice signs in through the pages (code, app, password, TOTP, consent) while a v2 poll waits', async () => {
  const { t, clock } = await startIdentityEmulator();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(t.emu);
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
    await browser?.close();
    await t.stop();
  }
});

test('browser: Tab order on every page is field(s), then the primary button, then Cancel', async () => {
  const { t, clock } = await startIdentityEmulator();
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(t.emu);
    const dc = await startDeviceCode(t, { clientId: NATIVE_APP });
    const page = await (await browser.newContext()).newPage();
    /** Focus order from the top of the page: a click on the heading above the form moves the Tab start there. */
    const tabOrder = async (stops: number) => {
      await page.click('.brand');
      assert.equal(await focused(page), 'body');
      const order: string[] = [];
      for (let i = 0; i < stops; i++) {
        await page.keyboard.press('Tab');
        order.push(await focused(page));
      }
      return order;
    };
    await page.goto(`${t.base}/devicelogin`);
    assert.equal(await focused(page), '#otc', 'the code field has the focus when the page opens');
    assert.deepEqual(await tabOrder(2), ['#otc', 'button[Next]']);
    await page.fill('#otc', dc.user_code);
    await page.click('button[type=submit]');
    await page.waitForURL('**/devicelogin/confirm');
    assert.equal(await focused(page), 'button[continue]');
    assert.deepEqual(await tabOrder(2), ['button[continue]', 'button[cancel]']);
    await page.click('button[value=continue]');
    await page.waitForURL('**/devicelogin/signin');
    assert.equal(await focused(page), '#username');
    assert.deepEqual(await tabOrder(4), ['#username', '#password', 'button[signin]', 'button[cancel]']);
    await page.fill('#username', ALICE.upn);
    await page.fill('#password', ALICE.password);
    await page.click('button[value=signin]');
    await page.waitForURL('**/devicelogin/mfa');
    assert.equal(await focused(page), '#otp');
    assert.deepEqual(await tabOrder(3), ['#otp', 'button[verify]', 'button[cancel]']);
    const code = new TOTP({ secret: Secret.fromBase32(ALICE.totpSecret!), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: clock.now });
    await page.fill('#otp', code);
    await page.click('button[value=verify]');
    await page.waitForURL('**/devicelogin/consent');
    assert.equal(await focused(page), 'button[accept]');
    assert.deepEqual(await tabOrder(2), ['button[accept]', 'button[cancel]']);
  } finally {
    await browser?.close();
    await t.stop();
  }
});
