// Every SDK error code has a README row and one exit code, and the CLI maps errors by code.
import { describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { readFileSync } from 'node:fs';
import { fileURLToPath } from 'node:url';
import { AdlsError, CertificateError, ConflictError, ERROR_CODES, isAdlsErrorCode } from 'adls-gen1';
import { EXIT, EXIT_BY_CODE, exitCodeFor } from '../src/exit.js';
import { errorText } from '../src/program.js';

const README = readFileSync(fileURLToPath(new URL('../../../README.md', import.meta.url)), 'utf8');

/** The rows of the README's SDK error table: code → exit column. */
function readmeErrorRows(): Map<string, number> {
  const section = README.slice(README.indexOf('### Errors'), README.indexOf('\n### ', README.indexOf('### Errors') + 1));
  const rows = new Map<string, number>();
  for (const m of section.matchAll(/^\| `([A-Z_]+)` \|.*\| (\d+) \|$/gm)) rows.set(m[1], Number(m[2]));
  return rows;
}

describe('SDK error codes', () => {
  test('each code has a README row whose exit column is the CLI table\'s', () => {
    const rows = readmeErrorRows();
    const missing = ERROR_CODES.filter((c) => !rows.has(c));
    assert.deepEqual(missing, [], `README "### Errors" lacks rows for: ${missing.join(', ')}`);
    for (const code of ERROR_CODES) assert.equal(rows.get(code), EXIT_BY_CODE[code], `exit code of ${code}`);
    const unknown = [...rows.keys()].filter((c) => !isAdlsErrorCode(c));
    assert.deepEqual(unknown, [], 'README rows for codes the SDK does not have');
  });

  test('every exit code used is in the README\'s exit code table', () => {
    for (const exit of new Set(Object.values(EXIT_BY_CODE))) assert.match(README, new RegExp(`^\\| ${exit} \\| `, 'm'), `exit ${exit}`);
  });

  test('the CLI maps by code, whatever the class', () => {
    assert.equal(exitCodeFor(new AdlsError('NOT_FOUND', 'x')), EXIT.NOT_FOUND);
    assert.equal(exitCodeFor(new AdlsError('AUTH_NO_TOKEN', 'x')), EXIT.AUTH_FAILED);
    assert.equal(exitCodeFor(new AdlsError('INVALID_ARGUMENT', 'x')), EXIT.BAD_INPUT);
    assert.equal(exitCodeFor(new ConflictError('CONFLICT', 'x', { remoteCode: 'AccountNameAlreadyTaken' })), EXIT.ALREADY_EXISTS);
    assert.equal(exitCodeFor(new ConflictError('CONFLICT', 'x', { remoteCode: 'Busy' })), EXIT.FAILURE);
    assert.equal(exitCodeFor(new Error('plain')), EXIT.FAILURE);
  });

  test('an untrusted certificate is one line naming the fix, exit 1', () => {
    const tls = Object.assign(new Error('self-signed certificate in certificate chain'), { code: 'SELF_SIGNED_CERT_IN_CHAIN' });
    const e = new CertificateError('The TLS certificate of https://localhost:8443 is not trusted (SELF_SIGNED_CERT_IN_CHAIN). If this is the adls-gen1 emulator, trust its CA: NODE_EXTRA_CA_CERTS=~/.adls-gen1/emulator/tls/ca.pem', { cause: tls });
    assert.equal(exitCodeFor(e), EXIT.FAILURE);
    assert.doesNotMatch(errorText(e), /\n|at /);
    assert.match(errorText(e), /NODE_EXTRA_CA_CERTS=/);
  });
});
