// What an upload that fails leaves behind, against the emulator: a file of one chunk written in several requests
// (CREATE + APPENDs straight to the target) that fails before its CREATE went out whole must leave an existing
// target exactly as it was; only once the CREATE has gone out may the partial target be removed.
import { randomBytes } from 'node:crypto';
import { readFile, stat } from 'node:fs/promises';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { IntegrityError, remoteFromClient, upload } from 'adls-gen1';
import { readAll, sha, startHarness, stopHarness, type Harness } from './transfer-harness.js';

/**
 * A real file whose size (stat) is larger than what reading it gives: a sysfs attribute reports a page (4096
 * bytes) and reads as a few. The upload's first read comes short, as with a source truncated after its size
 * was checked: an IntegrityError while the CREATE's body is streamed, so the CREATE never reaches the service whole.
 */
const SHORT_READ_FILE = '/sys/devices/system/cpu/online';

describe('a failed upload and the existing target', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await stopHarness(h); });

  it('a one-chunk, several-request upload whose local read fails before the CREATE leaves the existing target as it was', async () => {
    const size = (await stat(SHORT_READ_FILE)).size;
    const readable = (await readFile(SHORT_READ_FILE)).length;
    const blockSize = 1024;
    assert.ok(size > blockSize && readable < blockSize, `${SHORT_READ_FILE}: stat size ${size}, reads ${readable} bytes: not a short-reading sysfs file`);
    const before = randomBytes(3000);
    await h.fs.create('/keep/target.bin', before, { overwrite: true });
    const base = remoteFromClient(h.fs);
    const created: string[] = [];
    const removed: string[] = [];
    const remote = {
      ...base,
      create: async (...a: Parameters<typeof base.create>) => { await base.create(...a); created.push(a[0]); },
      remove: async (...a: Parameters<typeof base.remove>) => { removed.push(a[0]); await base.remove(...a); },
    };
    // One chunk (chunkSize ≥ size), several requests (size > blockSize): written straight to the target.
    const opts = { overwrite: true, chunkSize: 64 * 1024, adaptChunkSize: false, blockSize, concurrency: 1 };
    await assert.rejects(upload(remote, SHORT_READ_FILE, '/keep/target.bin', opts), (e) => e instanceof IntegrityError && /ended early/.test(e.message));
    assert.deepEqual(created, [], 'no CREATE succeeded');
    assert.deepEqual(removed, [], 'the target was not removed as a partial one');
    assert.equal(sha(await readAll(h.fs, '/keep/target.bin')), sha(before), 'the existing target is untouched');
  });
});
