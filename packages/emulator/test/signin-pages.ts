import { Secret, TOTP } from 'otpauth';
import { PageClient } from 'adls-gen1-test-support';
import type { TestEmulator } from './helpers.js';
import type { SeedUser } from './identity-helpers.js';

/**
 * Approves a device code the way a person does, on the emulator's sign-in pages: enter the code, continue, user
 * name and password, then the authenticator's TOTP code when the user has MFA, then consent when asked. Returns
 * the steps it went through (e.g. `['signin', 'mfa', 'consent']`); throws when the pages end anywhere but done.
 */
export async function approveOnPages(t: TestEmulator, userCode: string, user: SeedUser): Promise<string[]> {
  const b = new PageClient(t);
  const steps: string[] = [];
  const page = await b.openSignIn(userCode);
  if (page.status !== 200) throw new Error(`the sign-in page for ${userCode} answered ${page.status}`);
  steps.push('signin');
  let r = await b.post('/devicelogin/signin', { username: user.upn, password: user.password });
  if (r.location === '/devicelogin/mfa' && user.totpSecret) {
    steps.push('mfa');
    await b.get('/devicelogin/mfa');
    const otp = new TOTP({ secret: Secret.fromBase32(user.totpSecret), algorithm: 'SHA1', digits: 6, period: 30 }).generate({ timestamp: t.emu.options.now() });
    r = await b.post('/devicelogin/mfa', { otp });
  }
  if (r.location === '/devicelogin/consent') {
    steps.push('consent');
    await b.get('/devicelogin/consent');
    r = await b.post('/devicelogin/consent', { action: 'accept' });
  }
  if (r.location !== '/devicelogin/done') throw new Error(`signing in ${user.upn} on the pages stopped at ${r.location ?? r.status}`);
  return steps;
}
