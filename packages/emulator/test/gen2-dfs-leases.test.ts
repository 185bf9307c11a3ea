// DFS leases: Path_Lease over raw HTTP (exact codes), the lease actions of append and flush, a lease taken on create,
// the one lease shared by the Blob and DFS APIs, and @azure/storage-file-datalake's lease options end to end.
import assert from 'node:assert/strict';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { DataLakeServiceClient, type DataLakeFileSystemClient, type StoragePipelineOptions } from '@azure/storage-file-datalake';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { storageCredential } from './gen2-blob-helpers.js';
import { startTestEmulator, type TestEmulator } from './helpers.js';

const A = `/${DEV_STORAGE_ACCOUNT.name}`;
const L1 = '11111111-1111-4111-8111-111111111111';
const L2 = '22222222-2222-4222-8222-222222222222';

describe('gen2 DFS leases', () => {
  let t: TestEmulator;
  let auth: Record<string, string>;
  const call = async (method: string, path: string, headers: Record<string, string> = {}, body?: string) => {
    const r = await t.fetch(`${A}${path}`, { method, headers: { ...auth, ...headers }, body });
    const text = method === 'HEAD' ? '' : await r.text();
    return { status: r.status, code: r.headers.get('x-ms-error-code'), h: r.headers, text };
  };
  const said = async (p: Promise<{ status: number; code: string | null }>) => {
    const r = await p;
    return `${r.status} ${r.code ?? ''}`.trim();
  };
  before(async () => {
    t = await startTestEmulator({ inMemory: true });
    auth = { 'x-ms-version': '2025-01-05', Authorization: `Bearer ${(await storageCredential(t)).token}` };
    assert.equal((await call('PUT', '/lfs?resource=filesystem')).status, 201);
  });
  after(() => t.stop());

  test('Path_Lease: acquire, renew, change, break, release with the service codes', async () => {
    await call('PUT', '/lfs/a.txt?resource=file');
    const acquire = (h: Record<string, string>) => call('POST', '/lfs/a.txt', { 'x-ms-lease-action': 'acquire', ...h });
    assert.equal(await said(acquire({})), '400 MissingRequiredHeader', 'acquire needs a duration');
    assert.equal(await said(acquire({ 'x-ms-lease-duration': '10' })), '400 InvalidHeaderValue');
    assert.equal(await said(acquire({ 'x-ms-lease-duration': '15', 'x-ms-proposed-lease-id': 'not-a-guid' })), '400 InvalidHeaderValue');
    const got = await acquire({ 'x-ms-lease-duration': '-1', 'x-ms-proposed-lease-id': L1.replace(/-/g, '') });
    assert.equal(got.status, 201);
    assert.equal(got.h.get('x-ms-lease-id'), L1, 'an undashed proposal comes back dashed');
    assert.ok(got.h.get('etag'));
    assert.equal(await said(acquire({ 'x-ms-lease-duration': '15', 'x-ms-proposed-lease-id': L2 })), '409 LeaseAlreadyPresent');
    const head = await call('HEAD', '/lfs/a.txt');
    assert.deepEqual(['state', 'status', 'duration'].map((k) => head.h.get(`x-ms-lease-${k}`)), ['leased', 'locked', 'infinite']);
    assert.equal(await said(call('POST', '/lfs/a.txt', { 'x-ms-lease-action': 'renew', 'x-ms-lease-id': L2 })), '409 LeaseIdMismatchWithLeaseOperation');
    assert.equal((await call('POST', '/lfs/a.txt', { 'x-ms-lease-action': 'renew', 'x-ms-lease-id': L1 })).status, 200);
    const changed = await call('POST', '/lfs/a.txt', { 'x-ms-lease-action': 'change', 'x-ms-lease-id': L1, 'x-ms-proposed-lease-id': L2 });
    assert.deepEqual([changed.status, changed.h.get('x-ms-lease-id')], [200, L2]);
    const broken = await call('POST', '/lfs/a.txt', { 'x-ms-lease-action': 'break', 'x-ms-lease-break-period': '0' });
    assert.deepEqual([broken.status, broken.h.get('x-ms-lease-time')], [202, '0']);
    assert.equal((await call('HEAD', '/lfs/a.txt')).h.get('x-ms-lease-state'), 'broken');
    assert.equal((await call('POST', '/lfs/a.txt', { 'x-ms-lease-action': 'release', 'x-ms-lease-id': L2 })).status, 200);
    assert.equal(await said(call('POST', '/lfs/a.txt', { 'x-ms-lease-action': 'release', 'x-ms-lease-id': L2 })), '409 LeaseNotPresentWithLeaseOperation');
    assert.equal(await said(call('POST', '/lfs/a.txt', { 'x-ms-lease-action': 'steal' })), '400 InvalidHeaderValue');
    assert.equal(await said(call('POST', '/lfs/none.txt', { 'x-ms-lease-action': 'acquire', 'x-ms-lease-duration': '15' })), '404 PathNotFound');
  });

  test('a leased file refuses DFS writes, deletes and renames without its lease id', async () => {
    await call('PUT', '/lfs/w.txt?resource=file');
    await call('POST', '/lfs/w.txt', { 'x-ms-lease-action': 'acquire', 'x-ms-lease-duration': '60', 'x-ms-proposed-lease-id': L1 });
    const wrong = { 'x-ms-lease-id': L2 };
    assert.equal(await said(call('PATCH', '/lfs/w.txt?action=append&position=0', {}, 'abc')), '412 LeaseIdMissing');
    assert.equal(await said(call('PATCH', '/lfs/w.txt?action=append&position=0', wrong, 'abc')), '412 LeaseIdMismatch');
    assert.equal((await call('PATCH', '/lfs/w.txt?action=append&position=0', { 'x-ms-lease-id': L1 }, 'abc')).status, 202);
    assert.equal(await said(call('PATCH', '/lfs/w.txt?action=flush&position=3')), '412 LeaseIdMissing');
    assert.equal((await call('PATCH', '/lfs/w.txt?action=flush&position=3', { 'x-ms-lease-id': L1 })).status, 200);
    assert.equal(await said(call('PATCH', '/lfs/w.txt?action=setProperties', { 'x-ms-properties': '' })), '412 LeaseIdMissing');
    assert.equal(await said(call('PUT', '/lfs/w.txt?resource=file')), '412 LeaseIdMissing', 'overwriting by create');
    assert.equal((await call('PUT', '/lfs/w2.txt?resource=file', { 'x-ms-proposed-lease-id': L2, 'x-ms-lease-duration': '-1' })).status, 201);
    assert.equal((await call('PUT', '/lfs/w2.txt?resource=file', { 'x-ms-lease-id': L2 })).status, 201, 'overwriting with the lease id');
    assert.equal((await call('HEAD', '/lfs/w2.txt')).h.get('x-ms-lease-state'), 'leased', 'the replaced file keeps its lease');
    assert.equal(await said(call('DELETE', '/lfs/w.txt')), '412 LeaseIdMissing');
    assert.equal(await said(call('DELETE', '/lfs/w.txt', wrong)), '412 LeaseIdMismatch');
    assert.equal(await said(call('PUT', '/lfs/moved.txt', { 'x-ms-rename-source': '/lfs/w.txt' })), '412 LeaseIdMissing');
    assert.equal((await call('GET', '/lfs/w.txt')).text, 'abc', 'reads need no lease');
    assert.equal((await call('PUT', '/lfs/moved.txt', { 'x-ms-rename-source': '/lfs/w.txt', 'x-ms-source-lease-id': L1 })).status, 201);
    assert.equal((await call('HEAD', '/lfs/moved.txt')).h.get('x-ms-lease-state'), 'leased', 'the lease follows the file');
    assert.equal(await said(call('DELETE', '/lfs/moved.txt', wrong)), '412 LeaseIdMismatch');
    assert.equal((await call('DELETE', '/lfs/moved.txt', { 'x-ms-lease-id': L1 })).status, 200);
    await call('PUT', '/lfs/moved.txt?resource=file');
    assert.equal((await call('HEAD', '/lfs/moved.txt')).h.get('x-ms-lease-state'), 'available', 'a new file at the path starts free');
    assert.equal(await said(call('DELETE', '/lfs/moved.txt', wrong)), '412 LeaseNotPresent', 'a lease id on an unleased file');
  });

  test('append and flush lease actions: acquire, auto-renew, release on flush, acquire-release', async () => {
    await call('PUT', '/lfs/ap.txt?resource=file');
    const lease = (action: string, extra: Record<string, string> = {}) => ({ 'x-ms-lease-action': action, ...extra });
    assert.equal(await said(call('PATCH', '/lfs/ap.txt?action=append&position=0', lease('acquire', { 'x-ms-lease-duration': '15' }), 'x')), '400 MissingRequiredHeader', 'acquire needs a proposed id');
    assert.equal((await call('PATCH', '/lfs/ap.txt?action=append&position=0', lease('acquire', { 'x-ms-lease-duration': '15', 'x-ms-proposed-lease-id': L1 }), '0123')).status, 202);
    assert.equal((await call('HEAD', '/lfs/ap.txt')).h.get('x-ms-lease-state'), 'leased');
    assert.equal(await said(call('PATCH', '/lfs/ap.txt?action=append&position=4&flush=true', {}, '45')), '412 LeaseIdMissing');
    assert.equal((await call('PATCH', '/lfs/ap.txt?action=append&position=4', lease('auto-renew', { 'x-ms-lease-id': L1 }), '45')).status, 202);
    assert.equal(await said(call('PATCH', '/lfs/ap.txt?action=append&position=6', lease('auto-renew', { 'x-ms-lease-id': L2 }), '6')), '409 LeaseIdMismatchWithLeaseOperation');
    assert.equal((await call('PATCH', '/lfs/ap.txt?action=flush&position=6', lease('release', { 'x-ms-lease-id': L1 }))).status, 200);
    const head = await call('HEAD', '/lfs/ap.txt');
    assert.deepEqual([head.h.get('x-ms-lease-state'), head.h.get('content-length')], ['available', '6'], 'released by the flush');
    const once = lease('acquire-release', { 'x-ms-lease-duration': '15', 'x-ms-proposed-lease-id': L2 });
    assert.equal((await call('PATCH', '/lfs/ap.txt?action=append&position=6&flush=true', once, '67')).status, 202);
    assert.equal((await call('HEAD', '/lfs/ap.txt')).h.get('x-ms-lease-state'), 'available');
    // A failed write does not keep the lease it took.
    assert.equal(await said(call('PATCH', '/lfs/ap.txt?action=flush&position=99', lease('acquire', { 'x-ms-lease-duration': '15', 'x-ms-proposed-lease-id': L2 }))), '400 InvalidFlushPosition');
    assert.equal((await call('HEAD', '/lfs/ap.txt')).h.get('x-ms-lease-state'), 'available');
    assert.equal((await call('GET', '/lfs/ap.txt')).text, '01234567');
  });

  test('a lease taken on create; Blob and DFS share it', async () => {
    const made = await call('PUT', '/lfs/c.txt?resource=file', { 'x-ms-proposed-lease-id': L1, 'x-ms-lease-duration': '-1' });
    assert.equal(made.status, 201);
    assert.equal(await said(call('PUT', '/lfs/c2.txt?resource=file', { 'x-ms-proposed-lease-id': L1 })), '400 MissingRequiredHeader');
    assert.equal((await call('HEAD', '/lfs/c2.txt')).status, 404, 'a refused create writes nothing');
    // Blob API (comp=lease, Put Blob) and DFS see the same lease.
    assert.equal(await said(call('PUT', '/lfs/c.txt?comp=lease', { 'x-ms-lease-action': 'acquire', 'x-ms-lease-duration': '15', 'x-ms-proposed-lease-id': L2 })), '409 LeaseAlreadyPresent');
    assert.equal(await said(call('PUT', '/lfs/c.txt', { 'x-ms-blob-type': 'BlockBlob' }, 'z')), '412 LeaseIdMissing');
    assert.equal((await call('PUT', '/lfs/c.txt?comp=lease', { 'x-ms-lease-action': 'release', 'x-ms-lease-id': L1 })).status, 200);
    assert.equal((await call('PUT', '/lfs/c.txt?comp=lease', { 'x-ms-lease-action': 'acquire', 'x-ms-lease-duration': '15', 'x-ms-proposed-lease-id': L2 })).status, 201);
    assert.equal(await said(call('PATCH', '/lfs/c.txt?action=append&position=0&flush=true', { 'x-ms-lease-id': L1 }, 'q')), '412 LeaseIdMismatch');
    assert.equal((await call('PATCH', '/lfs/c.txt?action=append&position=0&flush=true', { 'x-ms-lease-id': L2 }, 'q')).status, 202);
    assert.equal(await said(call('DELETE', '/lfs/c.txt', { 'x-ms-lease-id': L1 })), '412 LeaseIdMismatch');
  });

  describe('with @azure/storage-file-datalake', () => {
    let fs: DataLakeFileSystemClient;
    before(async () => {
      const { credential } = await storageCredential(t);
      fs = new DataLakeServiceClient(`https://127.0.0.1:${t.emu.port}${A}`, credential, { tlsOptions: { ca: t.emu.core.ca.caCertPem }, retryOptions: { maxTries: 1 } } as StoragePipelineOptions).getFileSystemClient('sdkleases');
      await fs.create();
    });

    test('append with leaseAction, then flush releasing it; DataLakeLeaseClient binds the DFS writes', async () => {
      const file = fs.getFileClient('f.bin');
      await file.create();
      await file.append('hello', 0, 5, { leaseAction: 'acquire', leaseDurationInSeconds: 15, proposedLeaseId: L1 });
      await assert.rejects(file.flush(5), (e: { statusCode: number; code: string }) => e.statusCode === 412 && e.code === 'LeaseIdMissing');
      await file.flush(5, { leaseAction: 'release', conditions: { leaseId: L1 } });
      assert.equal((await file.getProperties()).leaseState, 'available');
      const lease = file.getDataLakeLeaseClient(L2);
      await lease.acquireLease(-1);
      assert.equal((await file.getProperties()).leaseState, 'leased');
      await assert.rejects(file.append(' world', 5, 6), (e: { statusCode: number }) => e.statusCode === 412);
      await file.append(' world', 5, 6, { conditions: { leaseId: L2 } });
      await file.flush(11, { conditions: { leaseId: L2 } });
      await assert.rejects(file.delete(), (e: { statusCode: number }) => e.statusCode === 412);
      await lease.releaseLease();
      assert.equal((await file.read()).contentLength, 11);
      await file.delete();
    });
  });

  test('a lease survives an emulator restart on the durable store', async () => {
    const location = mkdtempSync(join(tmpdir(), 'adls-gen2-lease-'));
    try {
      const first = await startTestEmulator({ location });
      const h1 = { 'x-ms-version': '2025-01-05', Authorization: `Bearer ${(await storageCredential(first)).token}` };
      await first.fetch(`${A}/keep?resource=filesystem`, { method: 'PUT', headers: h1 });
      await first.fetch(`${A}/keep/f.txt?resource=file`, { method: 'PUT', headers: h1 });
      const got = await first.fetch(`${A}/keep/f.txt`, { method: 'POST', headers: { ...h1, 'x-ms-lease-action': 'acquire', 'x-ms-lease-duration': '-1', 'x-ms-proposed-lease-id': L1 } });
      assert.equal(got.status, 201);
      await first.stop();
      const second = await startTestEmulator({ location });
      try {
        const h2 = { 'x-ms-version': '2025-01-05', Authorization: `Bearer ${(await storageCredential(second)).token}` };
        const head = await second.fetch(`${A}/keep/f.txt`, { method: 'HEAD', headers: h2 });
        assert.equal(head.headers.get('x-ms-lease-state'), 'leased');
        const del = await second.fetch(`${A}/keep/f.txt`, { method: 'DELETE', headers: h2 });
        assert.deepEqual([del.status, del.headers.get('x-ms-error-code')], [412, 'LeaseIdMissing']);
        await del.arrayBuffer();
        assert.equal((await second.fetch(`${A}/keep/f.txt`, { method: 'DELETE', headers: { ...h2, 'x-ms-lease-id': L1 } })).status, 200);
      } finally {
        await second.stop();
      }
    } finally {
      rmSync(location, { recursive: true, force: true });
    }
  });
});
