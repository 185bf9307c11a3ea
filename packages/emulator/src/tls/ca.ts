import forge from 'node-forge';
import { createPrivateKey, createPublicKey, generateKeyPairSync, type KeyObject, randomBytes, sign, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';

const pki = forge.pki;
/** Part of forge's API that its type definitions leave out. */
const getTBSCertificate = (pki as unknown as { getTBSCertificate(cert: forge.pki.Certificate): forge.asn1.Asn1 }).getTBSCertificate;

/** Most leaf certificates (and secure contexts) kept in memory; the least recently used go first. */
const CACHE_LIMIT = 1000;
const ACCOUNT_LABEL = /^[a-z0-9]{1,63}$/;
/** Gen2 storage account hosts: `{account}.dfs.{suffix}` and `{account}.blob.{suffix}`. */
const STORAGE_LABELS = /^[a-z0-9]{3,24}\.(dfs|blob)$/;
const LOOPBACK = new Set(['localhost', '127.0.0.1', '::1']);

/**
 * Whether a TLS server name (SNI) gets its own leaf certificate: the public host, localhost, loopback IPs and
 * `{account}.{dataPlaneSuffix}` names with a plausible account label (Gen1), `{account}.dfs|blob.{dataPlaneSuffix}`
 * (Gen2 storage accounts). Anything else gets the default context,
 * so random names cannot make the emulator sign (CPU) and cache (memory) certificates without bound.
 */
export function issuableServerName(serverName: string, publicHost: string, dataPlaneSuffix: string): boolean {
  const name = serverName.toLowerCase();
  if (name === publicHost.toLowerCase() || LOOPBACK.has(name)) return true;
  const dotSuffix = '.' + dataPlaneSuffix.toLowerCase();
  if (!name.endsWith(dotSuffix)) return false;
  const labels = name.slice(0, -dotSuffix.length);
  return ACCOUNT_LABEL.test(labels) || STORAGE_LABELS.test(labels);
}

/** Map.get that marks the entry most recently used; lruSet evicts the least recently used beyond the limit. */
function lruGet<V>(map: Map<string, V>, key: string): V | undefined {
  const v = map.get(key);
  if (v !== undefined) {
    map.delete(key);
    map.set(key, v);
  }
  return v;
}

function lruSet<V>(map: Map<string, V>, key: string, value: V): void {
  map.set(key, value);
  while (map.size > CACHE_LIMIT) map.delete(map.keys().next().value as string);
}

function newRsaKeyPem(): string {
  return generateKeyPairSync('rsa', { modulusLength: 2048 }).privateKey.export({ type: 'pkcs8', format: 'pem' }).toString();
}

/**
 * A 16-byte certificate serial, as hex. DER INTEGERs must be positive and minimally encoded: a first byte of
 * 0x00 followed by one below 0x80 is "illegal padding" to OpenSSL, which then refuses the whole certificate.
 * Forcing the first byte into 0x40–0x7f keeps 126 random bits and is always valid.
 */
export function certificateSerial(random: Buffer = randomBytes(16)): string {
  const b = Buffer.from(random);
  b[0] = (b[0]! & 0x3f) | 0x40;
  return b.toString('hex');
}

/**
 * Prepares a forge certificate for an SHA-256 RSA signature and returns the DER bytes to sign. forge signs in
 * JavaScript (tens of ms of blocked event loop per certificate); Node's OpenSSL signs instead (see signed*).
 */
function toBeSigned(cert: forge.pki.Certificate): Buffer {
  cert.signatureOid = cert.siginfo.algorithmOid = pki.oids['sha256WithRSAEncryption']!;
  // certificateToPem reuses this TBSCertificate, so the bytes signed are the bytes written.
  cert.tbsCertificate = getTBSCertificate(cert);
  return Buffer.from(forge.asn1.toDer(cert.tbsCertificate).getBytes(), 'binary');
}

function withSignature(cert: forge.pki.Certificate, signature: Buffer): string {
  cert.signature = signature.toString('binary');
  return pki.certificateToPem(cert);
}

/** The certificate as PEM, signed on the event loop (about 1 ms with OpenSSL): for start-up and tests. */
function signedNow(cert: forge.pki.Certificate, key: KeyObject): string {
  return withSignature(cert, sign('sha256', toBeSigned(cert), key));
}

/** The certificate as PEM, signed in libuv's thread pool: the event loop keeps serving meanwhile. */
function signedOffLoop(cert: forge.pki.Certificate, key: KeyObject): Promise<string> {
  const tbs = toBeSigned(cert);
  return new Promise((resolve, reject) => {
    sign('sha256', tbs, key, (err, signature) => (err ? reject(err) : resolve(withSignature(cert, signature))));
  });
}

/** Whether OpenSSL (what the TLS server uses) accepts a stored PEM certificate. */
function opensslAccepts(pem: string): boolean {
  try {
    new X509Certificate(pem);
    return true;
  } catch {
    return false;
  }
}

/**
 * The emulator's local certificate authority. Created once in `{location}/tls`, kept across restarts,
 * so users trust it once (REQUESTS_CA_BUNDLE / NODE_EXTRA_CA_CERTS). Leaf certificates are issued per
 * requested host name (SNI; see issuableServerName) and cached in memory (LRU, at most CACHE_LIMIT).
 */
export class LocalCa {
  readonly caCertPath: string;
  readonly caCertPem: string;
  private readonly caKey: KeyObject;
  private readonly caCert: forge.pki.Certificate;
  private readonly caKeyIdentifier: string;
  private readonly leafKeyPem: string;
  private readonly leafPublic: forge.pki.rsa.PublicKey;
  private readonly contexts = new Map<string, SecureContext>();
  /** Secure contexts being issued: concurrent first connections to one name share one signature. */
  private readonly issuing = new Map<string, Promise<SecureContext>>();
  private readonly pems = new Map<string, string>();

  constructor(location: string) {
    const dir = join(location, 'tls');
    mkdirSync(dir, { recursive: true, mode: 0o700 });
    this.caCertPath = join(dir, 'ca.pem');
    const caKeyPath = join(dir, 'ca-key.pem');
    const leafKeyPath = join(dir, 'leaf-key.pem');
    // A CA written by an older version could carry a badly encoded serial; such a CA is replaced.
    const storedCaUsable =
      existsSync(this.caCertPath) && existsSync(caKeyPath) && opensslAccepts(readFileSync(this.caCertPath, 'utf8'));
    if (!storedCaUsable) {
      const keyPem = newRsaKeyPem();
      const key = pki.privateKeyFromPem(keyPem) as forge.pki.rsa.PrivateKey;
      const cert = pki.createCertificate();
      cert.publicKey = pki.setRsaPublicKey(key.n, key.e);
      cert.serialNumber = certificateSerial();
      cert.validity.notBefore = new Date(Date.now() - 24 * 3600e3);
      cert.validity.notAfter = new Date(Date.now() + 10 * 365 * 24 * 3600e3);
      const name = [
        { name: 'commonName', value: `adls-gen1 emulator local CA ${randomBytes(3).toString('hex')}` },
        { name: 'organizationName', value: 'adls-gen1 emulator' },
      ];
      cert.setSubject(name);
      cert.setIssuer(name);
      cert.setExtensions([
        { name: 'basicConstraints', cA: true, critical: true },
        { name: 'keyUsage', keyCertSign: true, cRLSign: true, critical: true },
        { name: 'subjectKeyIdentifier' },
      ]);
      const certPem = signedNow(cert, createPrivateKey(keyPem));
      writeFileSync(caKeyPath, keyPem, { mode: 0o600 });
      writeFileSync(this.caCertPath, certPem, { mode: 0o644 });
    }
    if (!existsSync(leafKeyPath)) writeFileSync(leafKeyPath, newRsaKeyPem(), { mode: 0o600 });
    this.caCertPem = readFileSync(this.caCertPath, 'utf8');
    this.caCert = pki.certificateFromPem(this.caCertPem);
    this.caKey = createPrivateKey(readFileSync(caKeyPath, 'utf8'));
    this.caKeyIdentifier = this.caCert.generateSubjectKeyIdentifier().getBytes();
    this.leafKeyPem = readFileSync(leafKeyPath, 'utf8');
    // Only the public half goes into certificates; Node exports it as SPKI for forge to read.
    const leafSpki = createPublicKey(this.leafKeyPem).export({ type: 'spki', format: 'pem' }).toString();
    this.leafPublic = pki.publicKeyFromPem(leafSpki) as forge.pki.rsa.PublicKey;
  }

  /** An unsigned leaf certificate for `host` (a DNS name or an IP address) and `extraNames`. */
  private leafFor(host: string, extraNames: string[]): forge.pki.Certificate {
    const cert = pki.createCertificate();
    cert.publicKey = this.leafPublic;
    cert.serialNumber = certificateSerial();
    cert.validity.notBefore = new Date(Date.now() - 24 * 3600e3);
    cert.validity.notAfter = new Date(Date.now() + 397 * 24 * 3600e3);
    cert.setSubject([{ name: 'commonName', value: host }]);
    cert.setIssuer(this.caCert.subject.attributes);
    const altNames = [host, ...extraNames].map((n) => (isIP(n) ? { type: 7, ip: n } : { type: 2, value: n }));
    cert.setExtensions([
      { name: 'basicConstraints', cA: false },
      { name: 'keyUsage', digitalSignature: true, keyEncipherment: true, critical: true },
      { name: 'extKeyUsage', serverAuth: true },
      { name: 'subjectAltName', altNames },
      { name: 'subjectKeyIdentifier' },
      { name: 'authorityKeyIdentifier', keyIdentifier: this.caKeyIdentifier },
    ]);
    return cert;
  }

  /** PEM certificate for `host` (a DNS name or an IP address), signed by the CA on the event loop (cached). */
  certificateFor(host: string, extraNames: string[] = []): string {
    const key = [host, ...extraNames].join(',');
    const cached = lruGet(this.pems, key);
    if (cached) return cached;
    const pem = signedNow(this.leafFor(host, extraNames), this.caKey);
    lruSet(this.pems, key, pem);
    return pem;
  }

  /**
   * Secure context for an SNI server name (cached). The first connection to a name waits while its certificate
   * is signed off the event loop. Callers filter names first (issuableServerName).
   */
  contextFor(serverName: string): Promise<SecureContext> {
    const name = serverName.toLowerCase();
    const ctx = lruGet(this.contexts, name);
    if (ctx) return Promise.resolve(ctx);
    let pending = this.issuing.get(name);
    if (!pending) {
      pending = signedOffLoop(this.leafFor(name, []), this.caKey)
        .then((pem) => {
          const issued = createSecureContext({ key: this.leafKeyPem, cert: pem + this.caCertPem });
          lruSet(this.contexts, name, issued);
          return issued;
        })
        .finally(() => this.issuing.delete(name));
      this.issuing.set(name, pending);
    }
    return pending;
  }

  /** Key and certificate for clients that send no SNI (IP-address URLs): localhost and loopback IPs. */
  defaultCredentials(extraNames: string[]): { key: string; cert: string } {
    return { key: this.leafKeyPem, cert: this.certificateFor('localhost', ['127.0.0.1', '::1', ...extraNames]) + this.caCertPem };
  }
}
