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

/**
 * Whether any of the account keys signs one of the candidate strings (tried in order, built lazily) to the sent
 * signature. Which key or form matched is no secret (the client chose both); only the comparison of signature
 * bytes must not leak, and it is constant-time.
 */
export function anyKeySigns(sentBase64: string, keys: readonly string[], candidates: Iterable<string>): boolean {
  const usable = keys.filter((k) => k !== '');
  for (const s of candidates) {
    for (const key of usable) if (signatureMatches(sentBase64, hmacSha256(key, s))) return true;
  }
  return false;
}
