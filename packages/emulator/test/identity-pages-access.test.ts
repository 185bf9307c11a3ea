// Accessibility and wording of the sign-in pages: text contrast computed from the pages' own CSS (WCAG 2.x),
// error messages tied to their fields, and a password lockout that says how long it lasts.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { ALICE, NATIVE_APP, startDeviceCode, startIdentityEmulator } from './identity-helpers.js';
import { PageClient } from 'adls-gen1-test-support';

/** WCAG relative luminance of a #rgb / #rrggbb colour. */
function luminance(hex: string): number {
  const h = hex.length === 4 ? [...hex.slice(1)].map((c) => c + c).join('') : hex.slice(1);
  const [r, g, b] = [0, 2, 4].map((i) => parseInt(h.slice(i, i + 2), 16) / 255)
    .map((c) => (c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4));
  return 0.2126 * r + 0.7152 * g + 0.0722 * b;
}

function contrast(a: string, b: string): number {
  const [hi, lo] = [luminance(a), luminance(b)].sort((x, y) => y - x);
  return (hi + 0.05) / (lo + 0.05);
}

/** The value of `prop` in the CSS rule for exactly `selector` (`background` accepted for `background-color`). */
function cssValue(css: string, selector: string, prop: string): string {
  const rule = new RegExp(`(?:^|[}\\s])${selector.replace(/[.[\]()]/g, '\\$&')}\\{([^}]*)\\}`).exec(css);
  assert.ok(rule, `no CSS rule for ${selector}`);
  const value = new RegExp(`(?:^|;)${prop}:(#[0-9a-f]{3,6})`, 'i').exec(rule[1]);
  assert.ok(value, `no ${prop} colour in the rule for ${selector}`);
  return value[1];
}

test('pages: every text colour has a contrast of at least 4.5:1 on its background (WCAG AA), the footer included', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const b = new PageClient(t);
    const html = (await b.get('/devicelogin')).html;
    const css = /<style>([\s\S]*?)<\/style>/.exec(html)![1];
    const card = cssValue(css, '.card', 'background');
    const pairs: [string, string, string][] = [
      ['footer', cssValue(css, 'footer', 'color'), card],
      ['.muted', cssValue(css, '.muted', 'color'), card],
      ['label', cssValue(css, 'label', 'color'), card],
      ['body text', cssValue(css, 'body', 'color'), card],
      ['.error', cssValue(css, '.error', 'color'), cssValue(css, '.error', 'background')],
      ['.emu badge', cssValue(css, '.emu', 'color'), cssValue(css, '.emu', 'background')],
      ['primary button', cssValue(css, 'button.primary', 'color'), cssValue(css, 'button.primary', 'background')],
    ];
    for (const [what, fg, bg] of pairs) {
      const ratio = contrast(fg, bg);
      assert.ok(ratio >= 4.5, `${what}: ${fg} on ${bg} has contrast ${ratio.toFixed(2)}:1, below 4.5:1`);
    }
  } finally { await t.stop(); }
});

/** The attributes of the `<input>` with this id. */
function inputTag(html: string, id: string): string {
  const m = new RegExp(`<input\\b[^>]*\\bid="${id}"[^>]*>`).exec(html);
  assert.ok(m, `no input #${id}`);
  return m[0];
}

function assertTiedToError(html: string, id: string): void {
  assert.match(html, /<div class="error" id="error" role="alert">/);
  const tag = inputTag(html, id);
  assert.match(tag, /aria-invalid="true"/, `#${id} is marked invalid`);
  assert.match(tag, /aria-describedby="error"/, `#${id} names the error message`);
}

test('pages: error messages are tied to their fields (aria-invalid, aria-describedby); untouched fields are not marked', async () => {
  const { t } = await startIdentityEmulator();
  try {
    const dc = await startDeviceCode(t, { clientId: NATIVE_APP });
    const b = new PageClient(t);
    const first = await b.get('/devicelogin');
    assert.doesNotMatch(inputTag(first.html, 'otc'), /aria-invalid/);
    assertTiedToError((await b.post('/devicelogin', { otc: 'WRONGCODE' })).html, 'otc');
    await b.post('/devicelogin', { otc: dc.user_code });
    await b.get('/devicelogin/confirm');
    await b.post('/devicelogin/confirm', { action: 'continue' });
    const signIn = await b.get('/devicelogin/signin');
    assert.doesNotMatch(inputTag(signIn.html, 'username'), /aria-invalid/);
    const wrong = await b.post('/devicelogin/signin', { username: ALICE.upn, password: 'wrong', action: 'signin' });
    assertTiedToError(wrong.html, 'username');
    assertTiedToError(wrong.html, 'password');
    await b.post('/devicelogin/signin', { username: ALICE.upn, password: ALICE.password, action: 'signin' });
    const mfa = await b.get('/devicelogin/mfa');
    assert.doesNotMatch(inputTag(mfa.html, 'otp'), /aria-invalid/);
    assertTiedToError((await b.post('/devicelogin/mfa', { otp: '000000', action: 'verify' })).html, 'otp');
  } finally { await t.stop(); }
});

test('pages: the password lockout says it lasts 60 seconds and how long is left', async () => {
  const { t, clock } = await startIdentityEmulator();
  try {
    const dc = await startDeviceCode(t, { clientId: NATIVE_APP });
    const b = new PageClient(t);
    await b.openSignIn(dc.user_code);
    for (let i = 0; i < 10; i++) await b.post('/devicelogin/signin', { username: ALICE.upn, password: 'wrong', action: 'signin' });
    clock.advance(15);
    const locked = await b.post('/devicelogin/signin', { username: ALICE.upn, password: ALICE.password, action: 'signin' });
    assert.equal(locked.status, 400);
    assert.match(locked.html, /AADSTS50053/);
    assert.match(locked.html, /lasts 60 seconds: try again in 45 seconds/);
    clock.advance(46);
    const after = await b.post('/devicelogin/signin', { username: ALICE.upn, password: ALICE.password, action: 'signin' });
    assert.equal(after.status, 302, 'the lock is over after 60 s');
  } finally { await t.stop(); }
});
