import forge from 'node-forge';
import { generateKeyPairSync, randomBytes, X509Certificate } from 'node:crypto';
import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { isIP } from 'node:net';
import { join } from 'node:path';
import { createSecureContext, type SecureContext } from 'node:tls';

const pki = forge.pki;

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
  private readonly caKey: forge.pki.rsa.PrivateKey;
  private readonly caCert: forge.pki.Certificate;
  private readonly leafKeyPem: string;
  private readonly leafKey: forge.pki.rsa.PrivateKey;
  private readonly leafPublic: forge.pki.rsa.PublicKey;
  private readonly contexts = new Map<string, SecureContext>();
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
      cert.sign(key, forge.md.sha256.create());
      writeFileSync(caKeyPath, keyPem, { mode: 0o600 });
      writeFileSync(this.caCertPath, pki.certificateToPem(cert), { mode: 0o644 });
    }
    if (!existsSync(leafKeyPath)) writeFileSync(leafKeyPath, newRsaKeyPem(), { mode: 0o600 });
    this.caCertPem = readFileSync(this.caCertPath, 'utf8');
    this.caCert = pki.certificateFromPem(this.caCertPem);
    this.caKey = pki.privateKeyFromPem(readFileSync(caKeyPath, 'utf8')) as forge.pki.rsa.PrivateKey;
    this.leafKeyPem = readFileSync(leafKeyPath, 'utf8');
    this.leafKey = pki.privateKeyFromPem(this.leafKeyPem) as forge.pki.rsa.PrivateKey;
    this.leafPublic = pki.setRsaPublicKey(this.leafKey.n, this.leafKey.e);
  }

  /** PEM certificate for `host` (a DNS name or an IP address), signed by the CA. */
  certificateFor(host: string, extraNames: string[] = []): string {
    const key = [host, ...extraNames].join(',');
    const cached = lruGet(this.pems, key);
    if (cached) return cached;
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
      { name: 'authorityKeyIdentifier', keyIdentifier: this.caCert.generateSubjectKeyIdentifier().getBytes() },
    ]);
    cert.sign(this.caKey, forge.md.sha256.create());
    const pem = pki.certificateToPem(cert);
    lruSet(this.pems, key, pem);
    return pem;
  }

  /** Secure context for an SNI server name (cached). Callers filter names first (issuableServerName). */
  contextFor(serverName: string): SecureContext {
    const name = serverName.toLowerCase();
    let ctx = lruGet(this.contexts, name);
    if (!ctx) {
      ctx = createSecureContext({ key: this.leafKeyPem, cert: this.certificateFor(name) + this.caCertPem });
      lruSet(this.contexts, name, ctx);
    }
    return ctx;
  }

  /** Key and certificate for clients that send no SNI (IP-address URLs): localhost and loopback IPs. */
  defaultCredentials(extraNames: string[]): { key: string; cert: string } {
    return { key: this.leafKeyPem, cert: this.certificateFor('localhost', ['127.0.0.1', '::1', ...extraNames]) + this.caCertPem };
  }
}
