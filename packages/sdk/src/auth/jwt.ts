import { createHash, createPrivateKey, X509Certificate, type KeyObject } from 'node:crypto';
import { compactVerify, decodeJwt, decodeProtectedHeader, importJWK, SignJWT, type CryptoKey, type JWK, type JWSHeaderParameters } from 'jose';

/**
 * The payload of a JWT, decoded without verification: for display (user name, expiry, amr) and
 * id_token claim checks only. Never authorise on it.
 */
export function decodeJwtPayload(token: string): Record<string, unknown> | undefined {
  try {
    return decodeJwt(token);
  } catch {
    return undefined;
  }
}

/** The protected header of a compact JWS, decoded (undefined when malformed). */
export function decodeJwtHeader(token: string): JWSHeaderParameters | undefined {
  try {
    return decodeProtectedHeader(token) as JWSHeaderParameters;
  } catch {
    return undefined;
  }
}

/** A public key that verifies signatures: a WebCrypto key (from a JWKS) or a Node KeyObject. */
export type VerifyKey = CryptoKey | KeyObject;

/** Whether a compact JWS carries a valid RS256 signature by `key` (no other algorithm is accepted). */
export async function verifyRs256(token: string, key: VerifyKey): Promise<boolean> {
  try {
    await compactVerify(token, key, { algorithms: ['RS256'] });
    return true;
  } catch {
    return false;
  }
}

/** An RSA signing key of a JWKS entry, or undefined when the entry is not one. */
export async function importRsaSigningKey(jwk: Record<string, unknown>): Promise<VerifyKey | undefined> {
  if (!jwk || jwk.kty !== 'RSA' || (jwk.use !== undefined && jwk.use !== 'sig')) return undefined;
  try {
    const key = await importJWK({ kty: 'RSA', n: jwk.n, e: jwk.e } as JWK, 'RS256');
    return key instanceof Uint8Array ? undefined : key;
  } catch {
    return undefined; // malformed entry: the others may do
  }
}

/** Signs a JWT with RS256 (a client assertion). */
export function signRs256(header: Record<string, unknown>, payload: Record<string, unknown>, key: KeyObject): Promise<string> {
  return new SignJWT(payload).setProtectedHeader({ ...header, alg: 'RS256' }).sign(key);
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
