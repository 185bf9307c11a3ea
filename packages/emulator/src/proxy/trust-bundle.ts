import { existsSync, readFileSync, renameSync, writeFileSync } from 'node:fs';
import { dirname, join } from 'node:path';

/** Where Debian/Ubuntu, Fedora/RHEL, Alpine/Arch and macOS (Homebrew) keep the system's trusted roots. */
const SYSTEM_BUNDLES = ['/etc/ssl/certs/ca-certificates.crt', '/etc/pki/tls/certs/ca-bundle.crt', '/etc/ssl/cert.pem', '/usr/local/etc/openssl/cert.pem'];

/**
 * Writes `{tls}/ca-bundle.pem`: the system's trusted roots followed by the emulator's CA. `REQUESTS_CA_BUNDLE`
 * and `SSL_CERT_FILE` replace a client's trust store rather than add to it, so pointing them at the emulator's CA
 * alone would break every tunnelled (real) host; this bundle keeps both working. Returns its path.
 */
export function writeTrustBundle(caCertPath: string, caCertPem: string): string {
  const path = join(dirname(caCertPath), 'ca-bundle.pem');
  const system = SYSTEM_BUNDLES.find((p) => existsSync(p));
  let roots = '';
  try { roots = system ? readFileSync(system, 'utf8') : ''; } catch { roots = ''; }
  const text = `${roots.trimEnd()}${roots ? '\n' : ''}# adls-gen1 emulator local CA\n${caCertPem}`;
  const tmp = `${path}.${process.pid}.tmp`;
  writeFileSync(tmp, text, { mode: 0o644 });
  renameSync(tmp, path);
  return path;
}
