/** OpenSSL/Node codes of a server certificate that is not trusted (as opposed to one that is broken or expired). */
const UNTRUSTED_CODES = new Set([
  'SELF_SIGNED_CERT_IN_CHAIN', 'DEPTH_ZERO_SELF_SIGNED_CERT', 'UNABLE_TO_VERIFY_LEAF_SIGNATURE',
  'UNABLE_TO_GET_ISSUER_CERT', 'UNABLE_TO_GET_ISSUER_CERT_LOCALLY', 'CERT_UNTRUSTED', 'CERT_SIGNATURE_FAILURE',
]);

/** The untrusted-certificate code in an error's cause chain, if any. */
export function untrustedCertificateCode(e: unknown): string | undefined {
  let cur: any = e;
  for (let i = 0; cur && i < 6; i++, cur = cur.cause) {
    if (typeof cur.code === 'string' && UNTRUSTED_CODES.has(cur.code)) return cur.code;
  }
  return undefined;
}

/** Where the emulator's CA lives by default (`adls emulator start` prints the path of the one it uses). */
export const EMULATOR_CA_HINT = '~/.adls-gen1/emulator/tls/ca.pem';

/** One line naming the fix: trust the CA that signed the server's certificate. */
export function untrustedCertificateMessage(origin: string, code: string): string {
  return `The TLS certificate of ${origin} is not trusted (${code}). If this is the adls-gen1 emulator, trust its CA: `
    + `NODE_EXTRA_CA_CERTS=${EMULATOR_CA_HINT} (the path 'adls emulator start' prints; the CA is also served at ${origin}/_emulator/ca.pem), `
    + 'or pass the PEM as the `ca` option.';
}
