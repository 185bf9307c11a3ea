// Get User Delegation Key through the Gen2 handler: a real HTTP exchange (RequestContext over a tiny local
// server), the reply parsed and used by @azure/storage-blob's SAS generator, the SAS verified.
import { test, after } from 'node:test';
import assert from 'node:assert/strict';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { ContainerSASPermissions, generateBlobSASQueryParameters } from '@azure/storage-blob';
import { RequestContext } from '../src/http/context.js';
import type { Gen2Identity } from '../src/gen2/auth/identity.js';
import { keyCaller } from '../src/gen2/auth/identity.js';
import { sasCaller } from '../src/gen2/auth/key-auth.js';
import { sasPermissionsFor, verifySas } from '../src/gen2/auth/sas.js';
import { USER_DELEGATION_KEY_ROUTE } from '../src/gen2/auth/user-delegation-key-route.js';
import { Gen2Error, sendError } from '../src/gen2/errors.js';
import type { Gen2Request } from '../src/gen2/request.js';
import { DEV_STORAGE_ACCOUNT, type StorageAccountRecord } from '../src/storage-accounts/registry.js';

const OID = '0f0f0f0f-1111-2222-3333-444444444444';
const TID = '7a7a7a7a-0000-0000-0000-000000000001';
const account = { name: DEV_STORAGE_ACCOUNT.name, keys: [DEV_STORAGE_ACCOUNT.key, Buffer.alloc(64, 2).toString('base64')], ownerOid: 'someone-else' } as unknown as StorageAccountRecord;
let identity: Gen2Identity;

const server = createServer((req, res) => {
  const ctx = new RequestContext(req, res, 'http://127.0.0.1');
  const query = new URLSearchParams((req.url ?? '').split('?')[1] ?? '');
  const r = { ctx, core: { options: { now: Date.now } }, api: 'blob', address: { account: account.name, style: 'path', rawPath: ctx.rawPath, path: [] }, query, account, identity } as unknown as Gen2Request;
  if (!USER_DELEGATION_KEY_ROUTE.when!(query, r)) { res.statusCode = 404; res.end(`no route for ${req.url}`); return; }
  Promise.resolve(USER_DELEGATION_KEY_ROUTE.handler(r)).catch((e) => {
    if (e instanceof Gen2Error) sendError(ctx, 'blob', e);
    else { res.statusCode = 500; res.end(String(e)); }
  });
});
server.keepAliveTimeout = 10 * 60_000;
await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
after(() => new Promise<void>((resolve) => { server.closeAllConnections(); server.close(() => resolve()); }));
const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/${account.name}?restype=service&comp=userdelegationkey`;

async function post(body: string) {
  const res = await fetch(url, { method: 'POST', body, headers: { 'x-ms-version': '2026-02-06', 'content-type': 'application/xml' } });
  // Decoded by hand: TextDecoder would drop the byte-order mark the Blob endpoint sends.
  const bytes = Buffer.from(await res.arrayBuffer());
  return { status: res.status, code: res.headers.get('x-ms-error-code'), text: bytes.toString('utf8') };
}

test('an Azure AD caller gets a UserDelegationKey; a SAS signed with it verifies and acts for that user, without super-user rights', async () => {
  identity = { kind: 'bearer', principal: { oid: OID, tid: TID, name: 'u', isApp: false, amr: [], scopes: [] }, caller: { oid: OID, groups: [OID], superUser: false } };
  const now = Date.now();
  const reply = await post(`<?xml version="1.0" encoding="utf-8"?><KeyInfo><Start>${new Date(now - 60_000).toISOString()}</Start><Expiry>${new Date(now + 3600_000).toISOString()}</Expiry></KeyInfo>`);
  assert.equal(reply.status, 200, reply.text);
  assert.ok(reply.text.startsWith('\uFEFF<?xml'));
  const node = (n: string) => new RegExp(`<${n}>([^<]*)</${n}>`).exec(reply.text)?.[1] ?? '';
  assert.equal(node('SignedOid'), OID);
  assert.equal(node('SignedTid'), TID);
  assert.equal(node('SignedVersion'), '2026-02-06');
  const udk = {
    signedObjectId: node('SignedOid'), signedTenantId: node('SignedTid'), signedStartsOn: new Date(node('SignedStart')),
    signedExpiresOn: new Date(node('SignedExpiry')), signedService: node('SignedService'), signedVersion: node('SignedVersion'), value: node('Value'),
  };
  const sas = generateBlobSASQueryParameters({ containerName: 'c', permissions: ContainerSASPermissions.parse('rl'), expiresOn: new Date(now + 1800_000) }, udk, account.name);
  const check = verifySas({ method: 'GET', rawPath: `/${account.name}/c/x`, query: new URLSearchParams(sas.toString()), headers: {}, account: account.name },
    account.keys, { service: 'blob', container: 'c', path: 'x' }, sasPermissionsFor('Blob_Download'), now);
  assert.ok(check.ok, JSON.stringify(check));
  assert.deepEqual(sasCaller(check.grant, (oid) => oid === account.ownerOid), { oid: OID, groups: [OID], superUser: false });
  assert.equal(sasCaller(check.grant, (oid) => oid === OID).superUser, true);
});

test('Shared Key callers are refused; a lifetime over 7 days is InvalidXmlNodeValue', async () => {
  identity = { kind: 'sharedKey', caller: keyCaller() };
  const body = `<KeyInfo><Start>${new Date().toISOString()}</Start><Expiry>${new Date(Date.now() + 3600_000).toISOString()}</Expiry></KeyInfo>`;
  const byKey = await post(body);
  assert.equal(byKey.status, 403);
  assert.equal(byKey.code, 'AuthenticationFailed');
  identity = { kind: 'bearer', principal: { oid: OID, tid: TID, name: 'u', isApp: false, amr: [], scopes: [] }, caller: { oid: OID, groups: [OID], superUser: false } };
  const tooLong = await post(`<KeyInfo><Expiry>${new Date(Date.now() + 8 * 86400_000).toISOString()}</Expiry></KeyInfo>`);
  assert.equal(tooLong.status, 400);
  assert.equal(tooLong.code, 'InvalidXmlNodeValue');
});
