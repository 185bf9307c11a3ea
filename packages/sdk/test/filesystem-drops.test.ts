// Replies cut part way through the body (the emulator's rateDrop fault: headers and half the JSON, then the
// socket is destroyed) on idempotent operations: the pipeline retries them, DELETE/MKDIRS/RENAME recognise
// their own earlier work, OPEN resumes from the next byte; nothing surfaces to the caller.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import type { DataLakeFileSystemClient } from 'adls-gen1';
import { emulatorFileSystem, mintToken, startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';

let t: TestEmulator;
let fs: DataLakeFileSystemClient;

function setDropRate(rate: number): void {
  t.emu.core.options.faults.rateDrop = rate;
}

before(async () => {
  t = await startTestEmulator();
  fs = emulatorFileSystem(t, await mintToken(t.emu), {
    // 40% drops: 13 attempts would all fail for 1 operation in 150,000 (≈1 run in 700); 41 attempts never do.
    retry: { maxRetries: 40, baseDelayMs: 1, maxDelayMs: 5 },
  });
});
after(async () => { await fs?.close(); await t?.stop(); });

describe('idempotent operations survive replies cut mid-body', () => {
  test('stat, ls, getAclStatus, contentSummary loops under 40% dropped replies', async () => {
    for (let i = 0; i < 5; i++) await fs.create(`/drops/meta/f${i}`, Buffer.from(`file ${i}`), { overwrite: true });
    setDropRate(0.4);
    try {
      for (let i = 0; i < 20; i++) {
        const s = await fs.stat(`/drops/meta/f${i % 5}`);
        assert.equal(s.length, `file ${i % 5}`.length);
        assert.equal((await fs.ls('/drops/meta', { detail: false })).length, 5);
        assert.ok((await fs.getAclStatus('/drops/meta')).owner);
        assert.equal((await fs.contentSummary('/drops/meta')).fileCount, 5);
      }
    } finally { setDropRate(0); }
  });

  test('mkdir, mv and rm loops under 40% dropped replies', async () => {
    setDropRate(0.4);
    try {
      for (let i = 0; i < 15; i++) {
        await fs.mkdir(`/drops/ns/d${i}/sub`);
        await fs.mv(`/drops/ns/d${i}`, `/drops/ns/moved${i}`);
        await fs.rm(`/drops/ns/moved${i}`, { recursive: true });
      }
    } finally { setDropRate(0); }
    assert.deepEqual(await fs.ls('/drops/ns'), []);
  });

  test('read resumes a body cut part way through', async () => {
    const data = Buffer.alloc(200_000);
    for (let i = 0; i < data.length; i++) data[i] = (i * 13) % 251;
    await fs.create('/drops/data.bin', data.subarray(0, 100_000), { overwrite: true, syncFlag: 'DATA' });
    await fs.append('/drops/data.bin', data.subarray(100_000), { offset: 100_000, syncFlag: 'CLOSE' });
    setDropRate(0.4);
    try {
      for (let i = 0; i < 15; i++) {
        assert.ok(Buffer.concat(await (await fs.read('/drops/data.bin')).toArray()).equals(data));
        assert.ok(Buffer.concat(await (await fs.read('/drops/data.bin', { offset: 1234, length: 100_000 })).toArray()).equals(data.subarray(1234, 101_234)));
        assert.ok((await fs.head('/drops/data.bin', { bytes: 5000 })).equals(data.subarray(0, 5000)));
      }
    } finally { setDropRate(0); }
  });
});
