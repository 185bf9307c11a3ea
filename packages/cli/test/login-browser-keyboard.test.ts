// `adls login` completed in a real browser with the keyboard only: type, Enter (no clicks), through the code,
// confirm, password, TOTP and consent pages; the CLI must end signed in. Chromium at /usr/bin/chromium.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Secret, TOTP } from 'otpauth';
import type { Browser } from 'playwright-core';
import { focused, launchChromium, startTestEmulator } from 'adls-gen1-test-support';
import { loginAnd, runCli } from './cli-process.js';

test('browser, keyboard only: adls login → code, Enter → Enter → user, Tab, password, Enter → TOTP, Enter → Enter; the CLI gets its tokens', async () => {
  const t = await startTestEmulator();
  const cli = { home: mkdtempSync(join(tmpdir(), 'adls-cli-kbd-')), emulatorUrl: t.base };
  const alice = t.emu.info().users.find((u) => u.mfa)!;
  let browser: Browser | undefined;
  try {
    browser = await launchChromium(t.emu);
    const page = await (await browser.newContext()).newPage();
    const visited: string[] = [];
    /** Waits for a page, checks where the focus starts, then types (if anything) and presses Enter. */
    const step = async (path: string, focus: string, ...typing: string[]) => {
      await page.waitForURL(`**/devicelogin${path}`);
      visited.push(await page.title());
      assert.equal(await focused(page), focus, `focus on ${path || '/'} when the page opens`);
      for (const [i, text] of typing.entries()) {
        if (i > 0) await page.keyboard.press('Tab');
        await page.keyboard.type(text);
      }
      await page.keyboard.press('Enter');
    };
    const run = await loginAnd(cli, async (userCode, url) => {
      await page.goto(url);
      await step('', '#otc', userCode);
      await step('/confirm', 'button[continue]');
      await step('/signin', '#username', alice.username, alice.password!);
      const code = new TOTP({ secret: Secret.fromBase32(alice.totpSecret!), algorithm: 'SHA1', digits: 6, period: 30 }).generate();
      await step('/mfa', '#otp', code);
      await step('/consent', 'button[accept]');
      await page.waitForURL('**/devicelogin/done');
      visited.push(await page.title());
    });
    assert.deepEqual(visited, ['Enter code', 'Confirm sign-in', 'Sign in', 'Verify your identity', 'Permissions requested', 'You are signed in']);
    assert.equal(run.code, 0, run.stderr);
    assert.match(run.stderr, new RegExp(`Signed in as ${alice.username}`));
    const me = JSON.parse((await runCli(cli, ['whoami', '--json'])).stdout);
    assert.ok(me.amr.includes('mfa'), 'the token records the second factor');
    assert.equal(me.tokens.length, 2);
  } finally {
    await browser?.close();
    await t.stop();
    rmSync(cli.home, { recursive: true, force: true });
  }
});
