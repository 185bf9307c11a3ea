// The per-OS steps `adls login` prints for trusting the emulator's CA in a browser: each names the
// command that imports it and quotes the CA path (home folders with spaces are common on macOS and Windows).
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { browserTrustHelp, browserTrustSteps } from '../src/ca-trust.js';

test('macOS: the System keychain via `security add-trusted-cert`, Firefox told to use it', () => {
  const ca = '/Users/Jane Doe/.adls-gen1/emulator/tls/ca.pem';
  const steps = browserTrustSteps(ca, 'darwin');
  const keychain = steps.find((s) => s.includes('security add-trusted-cert'));
  assert.ok(keychain, steps.join('\n'));
  assert.match(keychain, /sudo security add-trusted-cert -d -r trustRoot -k \/Library\/Keychains\/System\.keychain "\/Users\/Jane Doe\/\.adls-gen1\/emulator\/tls\/ca\.pem"$/);
  assert.ok(steps.some((s) => s.startsWith('Firefox:') && s.includes('security.enterprise_roots.enabled')), steps.join('\n'));
  assert.ok(steps.every((s) => !/certutil/.test(s)), 'no Linux/Windows certutil on macOS');
});

test('Windows: the current user\'s Root store via `certutil -user -addstore`, Firefox told to use it', () => {
  const ca = 'C:\\Users\\Jane Doe\\.adls-gen1\\emulator\\tls\\ca.pem';
  const steps = browserTrustSteps(ca, 'win32');
  const store = steps.find((s) => s.includes('certutil'));
  assert.ok(store, steps.join('\n'));
  assert.ok(store.includes(`certutil -user -f -addstore Root "${ca}"`), store);
  assert.ok(steps.some((s) => s.startsWith('Firefox:') && s.includes('security.enterprise_roots.enabled')), steps.join('\n'));
  assert.ok(steps.every((s) => !s.includes('security add-trusted-cert') && !s.includes('nssdb')), steps.join('\n'));
});

test('Linux: NSS databases of Chromium and Firefox via certutil -A, with where certutil comes from', () => {
  const ca = '/home/jane/my certs/ca.pem';
  const steps = browserTrustSteps(ca, 'linux');
  const chromium = steps.find((s) => s.startsWith('Chromium'));
  assert.ok(chromium, steps.join('\n'));
  assert.ok(chromium.includes(`certutil -d sql:$HOME/.pki/nssdb -A -t "C,," -n adls-gen1-emulator -i "${ca}"`), chromium);
  assert.match(chromium, /apt-get install libnss3-tools/);
  const firefox = steps.find((s) => s.startsWith('Firefox:'));
  assert.ok(firefox?.includes(`-i "${ca}"`), firefox);
  assert.ok(steps.every((s) => !s.includes('security add-trusted-cert') && !s.includes('-addstore')), steps.join('\n'));
});

test('the help names the CA file and lists the platform\'s steps, indented', () => {
  const help = browserTrustHelp('/tmp/ca.pem', 'darwin').split('\n');
  assert.ok(help[0].includes('(/tmp/ca.pem)'), help[0]);
  assert.deepEqual(help.slice(2), browserTrustSteps('/tmp/ca.pem', 'darwin').map((s) => `  ${s}`));
});
