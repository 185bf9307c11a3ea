import assert from 'node:assert/strict';
import { createHash, X509Certificate } from 'node:crypto';
import { existsSync } from 'node:fs';
import { chromium, type Browser, type Page } from 'playwright-core';
import type { Emulator } from 'adls-gen1-emulator';

export const CHROMIUM = '/usr/bin/chromium';

/**
 * Chromium (headless, real) that trusts exactly the emulator's TLS key: Chromium accepts certificates whose
 * SPKI hash is listed. No silent skip: CI installs Chromium, and a missing browser must fail the test.
 */
export async function launchChromium(emu: Emulator): Promise<Browser> {
  assert.ok(existsSync(CHROMIUM), `Chromium not found at ${CHROMIUM}: install it (e.g. apt-get install chromium) to run the browser sign-in tests`);
  const leaf = new X509Certificate(emu.core.ca.certificateFor('localhost'));
  const spki = createHash('sha256').update(leaf.publicKey.export({ type: 'spki', format: 'der' })).digest('base64');
  return chromium.launch({
    executablePath: CHROMIUM,
    args: ['--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking',
      '--disable-component-update', '--disable-sync', `--ignore-certificate-errors-spki-list=${spki}`],
  });
}

/**
 * What has the keyboard focus: `#id`, or `button[value or label]` for buttons, or the tag name. It waits for two
 * animation frames first: the browser applies `autofocus` in a rendering update, which may come after the page's
 * load event (on a busy machine a check right after navigation saw `body`).
 */
export function focused(page: Page): Promise<string> {
  // Runs in the page (a string: the project's TypeScript has no DOM types).
  return page.evaluate(`new Promise((done) => requestAnimationFrame(() => requestAnimationFrame(done))).then(() => {
    const e = document.activeElement;
    if (!e || e === document.body) return 'body';
    if (e.tagName === 'BUTTON') return 'button[' + (e.value || e.textContent.trim()) + ']';
    return e.id ? '#' + e.id : e.tagName.toLowerCase();
  })`);
}
