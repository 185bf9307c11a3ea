import { createHmac, timingSafeEqual } from 'node:crypto';

/** HMAC-SHA256 of a UTF-8 string with a base64 key (account keys and user delegation key values are base64). */
export function hmacSha256(base64Key: string, stringToSign: string): Buffer {
  return createHmac('sha256', Buffer.from(base64Key, 'base64')).update(stringToSign, 'utf8').digest();
}

/** Whether a base64 signature from the request equals the computed one, without leaking where they differ. */
export function signatureMatches(sentBase64: string, computed: Buffer): boolean {
  const sent = Buffer.from(sentBase64, 'base64');
  // Byte length of a SHA-256 MAC is public; comparing lengths first leaks nothing about the key.
  return sent.length === computed.length && timingSafeEqual(sent, computed);
}

/** Whether any of the account keys signs one of the candidate strings to the sent signature. */
export function anyKeySigns(sentBase64: string, keys: readonly string[], candidates: readonly string[]): boolean {
  let matched = false;
  // Every combination is computed, so the time taken does not tell which key or form matched.
  for (const key of keys) {
    if (!key) continue;
    for (const s of candidates) if (signatureMatches(sentBase64, hmacSha256(key, s))) matched = true;
  }
  return matched;
}
