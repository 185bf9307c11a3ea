import { Secret, TOTP } from 'otpauth';
import qrcode from 'qrcode-terminal';
import { browserTrustHelp } from '../ca-trust.js';

export interface InteractiveBannerInput {
  username: string;
  password: string | null;
  totpSecret?: string;
  caCertPath: string;
  /** The emulator's data folder, for `adls emulator totp --location`. */
  location?: string;
}

/** The otpauth:// URI authenticator apps scan (issuer and account name shown in the app). */
export function totpUri(username: string, secret: string): string {
  return new TOTP({ issuer: 'adls-gen1 emulator', label: username, secret: Secret.fromBase32(secret), algorithm: 'SHA1', digits: 6, period: 30 }).toString();
}

/** A QR code drawn with Unicode half blocks (two modules per character row), for a terminal. */
export function terminalQr(text: string): string {
  let out = '';
  // qrcode-terminal calls back synchronously.
  qrcode.generate(text, { small: true }, (drawn) => { out = drawn; });
  return out;
}

/**
 * What `adls demo --interactive` shows before the person signs in: how to trust the CA in the browser, the MFA
 * user's credentials, its TOTP secret as a QR code to scan (and the URI), and the command that prints the code.
 */
export function interactiveBanner(i: InteractiveBannerInput): string {
  const lines = ['', browserTrustHelp(i.caCertPath), '', `Sign in as ${i.username}, password ${i.password ?? '(set by the admin)'}.`];
  if (i.totpSecret) {
    const uri = totpUri(i.username, i.totpSecret);
    lines.push('The sign-in asks for a verification code: scan this QR code with an authenticator app', terminalQr(uri),
      `(or add ${uri} / the secret ${i.totpSecret} by hand),`,
      `or print the current code with: adls emulator totp ${i.username}${i.location ? ` --location ${i.location}` : ''}`);
  }
  return lines.join('\n');
}
