import forge from 'node-forge';
import { createHash, createPrivateKey, createPublicKey, generateKeyPairSync, randomBytes, type KeyObject } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { SignJWT, exportJWK, type JWK, type JWTPayload } from 'jose';

/** One RSA signing key with its self-signed certificate (published in x5c, AAD style). */
export interface SigningKey {
  kid: string;
  privateKey: KeyObject;
  publicKey: KeyObject;
  certDerB64: string;
}

function createKeyFiles(dir: string, name: string): void {
  const { privateKey } = generateKeyPairSync('rsa', { modulusLength: 2048 });
  const keyPem = privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const fkey = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(fkey.n, fkey.e);
  cert.serialNumber = '01' + randomBytes(8).toString('hex');
  cert.validity.notBefore = new Date(Date.now() - 24 * 3600e3);
  cert.validity.notAfter = new Date(Date.now() + 5 * 365 * 24 * 3600e3);
  const subject = [{ name: 'commonName', value: 'accounts.adls-emulator.local' }];
  cert.setSubject(subject);
  cert.setIssuer(subject);
  cert.sign(fkey, forge.md.sha256.create());
  writeFileSync(join(dir, `${name}-key.pem`), keyPem, { mode: 0o600 });
  writeFileSync(join(dir, `${name}-cert.pem`), forge.pki.certificateToPem(cert), { mode: 0o644 });
}

function loadKey(dir: string, name: string): SigningKey {
  // Both files or neither: a crash between the two writes leaves a key without its certificate, made again here.
  if (!existsSync(join(dir, `${name}-key.pem`)) || !existsSync(join(dir, `${name}-cert.pem`))) createKeyFiles(dir, name);
  const privateKey = createPrivateKey(readFileSync(join(dir, `${name}-key.pem`)));
  const certPem = readFileSync(join(dir, `${name}-cert.pem`), 'utf8');
  const der = Buffer.from(certPem.replace(/-----[^-]+-----/g, '').replace(/\s+/g, ''), 'base64');
  // AAD's kid is the base64url SHA-1 thumbprint of the signing certificate, so kid == x5t.
  const kid = createHash('sha1').update(der).digest('base64url');
  return { kid, privateKey, publicKey: createPublicKey(privateKey), certDerB64: der.toString('base64') };
}

/**
 * The token signing keys, kept in `{location}/keys` across restarts: `current` signs, `next` is
 * published too so that validators already know it when it is rotated in.
 */
export class SigningKeys {
  readonly current: SigningKey;
  readonly next: SigningKey;
  private jwksCache?: { keys: JWK[] };

  constructor(location: string) {
    const dir = join(location, 'keys');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.current = loadKey(dir, 'signing-current');
    this.next = loadKey(dir, 'signing-next');
  }

  /** Public JWKS document (both keys), computed once. */
  async jwks(): Promise<{ keys: JWK[] }> {
    if (!this.jwksCache) {
      const keys: JWK[] = [];
      for (const k of [this.current, this.next]) {
        const jwk = await exportJWK(k.publicKey);
        keys.push({ kty: 'RSA', use: 'sig', kid: k.kid, x5t: k.kid, n: jwk.n, e: jwk.e, x5c: [k.certDerB64] });
      }
      this.jwksCache = { keys };
    }
    return this.jwksCache;
  }

  /** Public key for a kid, or undefined. */
  publicKeyFor(kid: string): KeyObject | undefined {
    return [this.current, this.next].find((k) => k.kid === kid)?.publicKey;
  }

  /** Signs claims as an RS256 JWT with the current key. `v1` tokens also carry x5t in the header. */
  async sign(claims: JWTPayload, opts: { v1: boolean }): Promise<string> {
    const header = opts.v1
      ? { typ: 'JWT', alg: 'RS256', kid: this.current.kid, x5t: this.current.kid }
      : { typ: 'JWT', alg: 'RS256', kid: this.current.kid };
    return new SignJWT(claims).setProtectedHeader(header).sign(this.current.privateKey);
  }
}
