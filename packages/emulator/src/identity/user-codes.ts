import { createHash, randomBytes, randomInt } from 'node:crypto';

/** Upper-case letters and digits without the look-alikes 0 O 1 I L (spec §2.5). */
export const USER_CODE_ALPHABET = 'ABCDEFGHJKMNPQRSTUVWXYZ23456789';
export const USER_CODE_LENGTH = 9;

export function newUserCode(): string {
  let s = '';
  for (let i = 0; i < USER_CODE_LENGTH; i++) s += USER_CODE_ALPHABET[randomInt(USER_CODE_ALPHABET.length)];
  return s;
}

/** What a person typed, compared case-insensitively with spaces and dashes ignored. */
export function normalizeUserCode(typed: string): string {
  return typed.replace(/[\s-]+/g, '').toUpperCase();
}

/** Opaque bearer secrets (device codes, refresh tokens, session ids): 32+ random bytes, base64url. */
export function newSecret(prefix = ''): string {
  return prefix + randomBytes(32).toString('base64url');
}

/** Secrets are stored only as SHA-256 hashes. */
export function hashSecret(secret: string): string {
  return createHash('sha256').update(secret).digest('base64url');
}
