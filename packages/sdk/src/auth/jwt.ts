import { createHash, createPrivateKey, createSign, verify, X509Certificate, type KeyObject } from 'node:crypto';

export function base64url(data: Buffer | string): string {
  return Buffer.from(data).toString('base64url');
}

/**
 * The payload of a JWT, decoded without verification: for display (user name, expiry, amr) and
 * id_token claim checks only. Never authorise on it.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length < 2) return undefined;
  try {
    const v = JSON.parse(Buffer.from(parts[1], 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** The header of a compact JWS, decoded (undefined when malformed). */
export function decodeJwtHeader(token: string): Record<string, unknown> | undefined {
  const parts = token.split('.');
  if (parts.length !== 3) return undefined;
  try {
    const v = JSON.parse(Buffer.from(parts[0], 'base64url').toString('utf8'));
    return v && typeof v === 'object' && !Array.isArray(v) ? v : undefined;
  } catch {
    return undefined;
  }
}

/** Whether a compact JWS carries a valid RS256 (RSASSA-PKCS1-v1_5 SHA-256) signature by `key`. */
export function verifyRs256(token: string, key: KeyObject): boolean {
  const parts = token.split('.');
  if (parts.length !== 3 || decodeJwtHeader(token)?.alg !== 'RS256') return false;
  try {
    return verify('RSA-SHA256', Buffer.from(`${parts[0]}.${parts[1]}`), key, Buffer.from(parts[2], 'base64url'));
  } catch {
    return false;
  }
}

/** Signs a compact JWS with RS256 (RSASSA-PKCS1-v1_5 SHA-256). */
export function signRs256(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): string {
  const input = `${base64url(JSON.stringify({ ...header, alg: 'RS256' }))}.${base64url(JSON.stringify(payload))}`;
  const sig = createSign('RSA-SHA256').update(input).sign(key);
  return `${input}.${base64url(sig)}`;
}

/** A client certificate: its private key and the thumbprints Azure AD names it by. */
export interface LoadedCertificate {
  key: KeyObject;
  /** base64url SHA-1 of the DER certificate (header `x5t`). */
  x5t: string;
  /** base64url SHA-256 of the DER certificate (header `x5t#S256`). */
  x5tS256: string;
}

/** Reads a PEM bundle holding one certificate and its (unencrypted or passphrase-protected) private key. */
export function loadCertificatePem(pem: string, passphrase?: string): LoadedCertificate {
  const certMatch = /-----BEGIN CERTIFICATE-----[\s\S]+?-----END CERTIFICATE-----/.exec(pem);
  const keyMatch = /-----BEGIN (?:RSA |ENCRYPTED )?PRIVATE KEY-----[\s\S]+?-----END (?:RSA |ENCRYPTED )?PRIVATE KEY-----/.exec(pem);
  if (!certMatch || !keyMatch) throw new Error('The PEM must contain a CERTIFICATE and a PRIVATE KEY block.');
  const der = new X509Certificate(certMatch[0]).raw;
  return {
    key: createPrivateKey({ key: keyMatch[0], passphrase }),
    x5t: createHash('sha1').update(der).digest('base64url'),
    x5tS256: createHash('sha256').update(der).digest('base64url'),
  };
}
