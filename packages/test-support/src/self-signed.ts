import { generateKeyPairSync } from 'node:crypto';
import forge from 'node-forge';

export interface SelfSignedOptions {
  commonName?: string;
  /** IP addresses the certificate is valid for (subjectAltName): a TLS server certificate. */
  ipAddresses?: string[];
}

/**
 * A fresh RSA 2048 key and a self-signed certificate for it (its own CA), valid from a minute ago for a day: a
 * TLS server certificate no client trusts yet, or a service principal's client certificate.
 */
export function selfSignedCertificate(opts: SelfSignedOptions = {}): { certPem: string; keyPem: string } {
  // The key from Node's crypto (a PKCS#8 PEM, as a key file would hold); node-forge builds and signs the certificate.
  const keyPem = generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
  const key = forge.pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
  const cert = forge.pki.createCertificate();
  cert.publicKey = forge.pki.setRsaPublicKey(key.n, key.e);
  cert.serialNumber = '01';
  cert.validity.notBefore = new Date(Date.now() - 60_000);
  cert.validity.notAfter = new Date(Date.now() + 86_400_000);
  const name = [{ name: 'commonName', value: opts.commonName ?? 'adls test' }];
  cert.setSubject(name);
  cert.setIssuer(name);
  if (opts.ipAddresses) {
    cert.setExtensions([{ name: 'basicConstraints', cA: true }, { name: 'subjectAltName', altNames: opts.ipAddresses.map((ip) => ({ type: 7, ip })) }]);
  }
  cert.sign(key, forge.md.sha256.create());
  return { certPem: forge.pki.certificateToPem(cert), keyPem };
}
