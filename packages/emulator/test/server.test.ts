import { test } from 'node:test';
import assert from 'node:assert/strict';
import { startTestEmulator } from './helpers.js';

test('serves /_emulator/info over HTTPS with its own CA', async () => {
  const t = await startTestEmulator();
  try {
    const res = await t.fetch('/_emulator/info');
    assert.equal(res.status, 200);
    const info = await res.json() as Record<string, any>;
    assert.match(info.tenantId, /^[0-9a-f-]{36}$/);
    assert.ok(info.users.some((u: any) => u.mfa && typeof u.totpSecret === 'string'));
    assert.ok(info.users.some((u: any) => !u.mfa));
    assert.equal(info.authorityHost, t.base);
    assert.equal(info.defaultAccount, 'adlsemulator');
    assert.ok(info.caCertPath.endsWith('ca.pem'));
  } finally {
    await t.stop();
  }
});
