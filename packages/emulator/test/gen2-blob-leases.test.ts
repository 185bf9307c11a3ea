// Blob leases (Gen2 Blob API): the lease state machine with an injected clock, and BlobLeaseClient end to end.
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import type { ContainerClient } from '@azure/storage-blob';
import { BlobLeases } from '../src/gen2/leases/lease-table.js';
import { startTestEmulator, type TestEmulator } from './helpers.js';
import { blobService } from './gen2-blob-helpers.js';

const A = '11111111-1111-4111-8111-111111111111';
const B = '22222222-2222-4222-8222-222222222222';

function codeOf(fn: () => unknown): string {
  try {
    fn();
  } catch (e) {
    return `${(e as { status: number }).status} ${(e as { code: string }).code}`;
  }
  return 'ok';
}

describe('gen2 blob leases', () => {
  it('walks a fixed lease through acquire, renew, expiry, break and release with the service codes', () => {
    let now = 1_000_000;
    const l = new BlobLeases(() => now);
    assert.equal(l.acquire('k', 15, A), A);
    assert.deepEqual(l.view('k'), { state: 'leased', status: 'locked', duration: 'fixed' });
    assert.equal(codeOf(() => l.acquire('k', 15, B)), '409 LeaseAlreadyPresent');
    assert.equal(codeOf(() => l.checkWrite('k', undefined)), '412 LeaseIdMissing');
    assert.equal(codeOf(() => l.checkWrite('k', B)), '412 LeaseIdMismatchWithBlobOperation');
    assert.equal(codeOf(() => l.checkWrite('k', A)), 'ok');
    now += 14_000;
    l.renew('k', A);
    now += 14_000;
    assert.equal(l.view('k').state, 'leased');
    now += 2_000;
    assert.deepEqual(l.view('k'), { state: 'expired', status: 'unlocked' });
    assert.equal(codeOf(() => l.checkWrite('k', undefined)), 'ok');
    assert.equal(codeOf(() => l.checkWrite('k', A)), '412 LeaseNotPresentWithBlobOperation');
    assert.equal(l.acquire('k', 60, B), B);
    assert.equal(l.break('k', 10), 10);
    assert.deepEqual(l.view('k'), { state: 'breaking', status: 'locked', duration: 'fixed' });
    assert.equal(codeOf(() => l.acquire('k', 15, A)), '409 LeaseIsBreakingAndCannotBeAcquired');
    assert.equal(codeOf(() => l.renew('k', B)), '409 LeaseIsBrokenAndCannotBeRenewed');
    now += 10_000;
    assert.deepEqual(l.view('k'), { state: 'broken', status: 'unlocked' });
    assert.equal(codeOf(() => l.checkWrite('k', undefined)), 'ok');
    l.release('k', B);
    assert.deepEqual(l.view('k'), { state: 'available', status: 'unlocked' });
    assert.equal(codeOf(() => l.release('k', B)), '409 LeaseNotPresentWithLeaseOperation');
    assert.equal(codeOf(() => l.break('k', 0)), '409 LeaseNotPresentWithLeaseOperation');
  });

  it('changes lease ids, and breaks an infinite lease at once by default', () => {
    const l = new BlobLeases(() => 5);
    l.acquire('k', -1, A);
    assert.equal(codeOf(() => l.change('k', B, B)), '409 LeaseIdMismatchWithLeaseOperation');
    l.change('k', A, B);
    l.change('k', A, B); // repeating a change that already happened succeeds, as on Azure
    assert.equal(codeOf(() => l.release('k', A)), '409 LeaseIdMismatchWithLeaseOperation');
    assert.deepEqual(l.view('k'), { state: 'leased', status: 'locked', duration: 'infinite' });
    assert.equal(l.break('k', undefined), 0);
    assert.equal(l.view('k').state, 'broken');
    assert.equal(l.acquire('k', 20, undefined).length, 36);
  });

  describe('with @azure/storage-blob', () => {
    let t: TestEmulator;
    let fs: ContainerClient;
    before(async () => {
      t = await startTestEmulator();
      fs = (await blobService(t)).getContainerClient('leasefs');
      await fs.create();
    });
    after(async () => { await t.stop(); });

    it('guards writes with the lease: LeaseIdMissing, then allowed with the id; release and break free the blob', async () => {
      const blob = fs.getBlockBlobClient('locked.txt');
      await blob.upload('v1', 2);
      const lease = blob.getBlobLeaseClient(A);
      const got = await lease.acquireLease(-1);
      assert.equal(got.leaseId, A);
      const fail = async (p: Promise<unknown>) => p.then(() => 'ok', (e: { statusCode: number; code: string }) => `${e.statusCode} ${e.code}`);
      assert.equal(await fail(blob.upload('v2', 2)), '412 LeaseIdMissing');
      assert.equal(await fail(blob.delete()), '412 LeaseIdMissing');
      assert.equal(await fail(blob.setHTTPHeaders({ blobContentType: 'x/y' }, { conditions: { leaseId: B } })), '412 LeaseIdMismatchWithBlobOperation');
      await blob.upload('v3', 2, { conditions: { leaseId: A } });
      const listed = await fs.listBlobsFlat().next();
      assert.equal(listed.value.properties.leaseState, 'leased');
      assert.equal(listed.value.properties.leaseDuration, 'infinite');
      await lease.changeLease(B);
      assert.equal(lease.leaseId, B);
      await lease.renewLease();
      await lease.releaseLease();
      await blob.upload('v4', 2);
      await lease.acquireLease(15);
      const broken = await lease.breakLease(0);
      assert.equal(broken.leaseTime, 0);
      await blob.upload('v5', 2);
      assert.equal((await blob.downloadToBuffer()).toString(), 'v5');
      assert.equal(await fail(fs.getBlobClient('missing').getBlobLeaseClient().acquireLease(15)), '404 BlobNotFound');
      assert.equal(await fail(blob.getBlobLeaseClient().acquireLease(5)), '400 InvalidHeaderValue');
    });
  });
});
