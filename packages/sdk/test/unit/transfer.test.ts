import { mkdtemp, rm, stat, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { effectiveChunkSize, planChunks, blocksOf } from '../../src/transfer/plan.js';
import { ProgressTracker, type TransferProgress } from '../../src/transfer/progress.js';
import { forEachLimited, Semaphore } from '../../src/transfer/concurrency.js';
import { defaultStateDir, loadState, StateFile, statePathFor, stateMatches, isTransferArtifact, type TransferState } from '../../src/transfer/state.js';
import { checkChunkCount, resolveOptions, type ResolvedOptions } from '../../src/transfer/options.js';
import { decide } from '../../src/transfer/existing.js';
import { pathFilter } from '../../src/transfer/filter.js';
import { AbortError, InvalidArgumentError } from '../../src/errors.js';

const MiB = 1024 * 1024;

describe('chunk planner', () => {
  it('covers a file exactly, last chunk short', () => {
    const p = planChunks(10, 4);
    assert.deepEqual(p.chunks, [{ index: 0, offset: 0, length: 4 }, { index: 1, offset: 4, length: 4 }, { index: 2, offset: 8, length: 2 }]);
  });
  it('gives an empty file one empty chunk, and chunk size ± 1 the expected counts', () => {
    assert.deepEqual(planChunks(0, 4).chunks, [{ index: 0, offset: 0, length: 0 }]);
    assert.equal(planChunks(3, 4).chunks.length, 1);
    assert.equal(planChunks(4, 4).chunks.length, 1);
    assert.equal(planChunks(5, 4).chunks.length, 2);
  });
  it('rejects bad sizes', () => {
    assert.throws(() => planChunks(-1, 4), RangeError);
    assert.throws(() => planChunks(4, 0), RangeError);
  });
  it('adapts the chunk size so that a file spreads over the workers, in whole blocks, never above the maximum', () => {
    const o = { chunkSize: 256 * MiB, blockSize: 4 * MiB, concurrency: 8, adapt: true };
    assert.equal(effectiveChunkSize(1024 * MiB, o), 64 * MiB);
    assert.equal(effectiveChunkSize(10 * MiB, o), 4 * MiB);
    assert.equal(effectiveChunkSize(3 * MiB, o), 256 * MiB); // fits one block: one request
    assert.equal(effectiveChunkSize(100 * 1024 * MiB, o), 256 * MiB);
    assert.equal(effectiveChunkSize(1024 * MiB, { ...o, adapt: false }), 256 * MiB);
    assert.equal(effectiveChunkSize(1000, { chunkSize: 100, blockSize: 30, concurrency: 4, adapt: true }), 100);
  });
  it('splits a chunk into blocks', () => {
    assert.deepEqual([...blocksOf({ index: 1, offset: 10, length: 7 }, 3)], [{ offset: 10, length: 3 }, { offset: 13, length: 3 }, { offset: 16, length: 1 }]);
    assert.deepEqual([...blocksOf({ index: 0, offset: 0, length: 0 }, 3)], [{ offset: 0, length: 0 }]);
  });
});

describe('options', () => {
  it('validates ranges before any I/O', () => {
    assert.throws(() => resolveOptions({ concurrency: 0 }, 'upload'), RangeError);
    assert.throws(() => resolveOptions({ chunkSize: 1.5 }, 'upload'), RangeError);
    assert.throws(() => resolveOptions({ blockSize: 5 * MiB }, 'upload'), RangeError);
    assert.equal(resolveOptions({ chunkSize: 100, blockSize: 1000 }, 'upload').blockSize, 100);
    assert.equal(resolveOptions({}, 'download').verify, 'size');
  });
});

describe('progress', () => {
  it('never counts a retried chunk twice', () => {
    const seen: TransferProgress[] = [];
    const p = new ProgressTracker((x) => seen.push(x));
    p.addTotals(1, 10);
    p.chunkBytes('a', 4);
    p.chunkBytes('a', 2); // restarted from its beginning
    p.chunkBytes('a', 4);
    p.chunkBytes('a', 6);
    p.chunkDone('a', 6);
    p.chunkDone('a', 6);
    p.chunkBytes('a', 6);
    p.chunkDone('b', 4);
    p.fileDone();
    assert.deepEqual(p.snapshot(), { bytesDone: 10, bytesTotal: 10, filesDone: 1, filesTotal: 1, chunksDone: 2 });
    assert.ok(seen.every((s, i) => i === 0 || s.bytesDone >= seen[i - 1].bytesDone));
  });
});

describe('concurrency', () => {
  it('keeps at most N tasks in flight', async () => {
    let inFlight = 0;
    let peak = 0;
    await forEachLimited(Array.from({ length: 20 }, (_, i) => i), 3, async () => {
      inFlight++;
      peak = Math.max(peak, inFlight);
      await new Promise((r) => setTimeout(r, 2));
      inFlight--;
    });
    assert.equal(peak, 3);
  });
  it('stops after the first failure, aborts the others and throws it', async () => {
    let started = 0;
    let abortedSeen = 0;
    await assert.rejects(forEachLimited(Array.from({ length: 50 }, (_, i) => i), 4, async (i, signal) => {
      started++;
      if (i === 2) throw new Error('boom');
      await new Promise((r) => setTimeout(r, 20));
      if (signal.aborted) abortedSeen++;
    }), /boom/);
    assert.ok(started < 10, `started ${started}`);
    assert.ok(abortedSeen >= 1);
  });
  it('throws AbortError when the caller aborts, and shares a semaphore', async () => {
    const sem = new Semaphore(1);
    const ac = new AbortController();
    const p = forEachLimited([1, 2, 3], sem, async () => { ac.abort(); await new Promise((r) => setTimeout(r, 5)); }, ac.signal);
    await assert.rejects(p, AbortError);
    assert.equal(await sem.run(async () => 7), 7); // the slot was given back
  });
});

describe('resume state file', () => {
  let dir: string;
  before(async () => { dir = await mkdtemp(join(tmpdir(), 'adls-state-')); });
  after(async () => { await rm(dir, { recursive: true, force: true }); });

  const base: TransferState = {
    version: 2, kind: 'upload', account: 'https://a.example', remotePath: '/r', localPath: '/l', size: 10, mtimeMs: 5,
    chunkSize: 4, done: [], updatedAt: '',
  };

  it('round-trips, written atomically, and validates against the source', async () => {
    const path = join(dir, 'x' + '.adls-transfer.json');
    const sf = new StateFile(path, { ...base, segmentsDir: '/r.segments.abc' });
    await Promise.all([sf.markDone(2, 'md5-2'), sf.markDone(0), sf.markDone(1)]);
    const back = await loadState(path);
    assert.ok(back);
    assert.deepEqual(back.done, [0, 1, 2]);
    assert.equal(back.segmentsDir, '/r.segments.abc');
    assert.equal(back.md5?.['2'], 'md5-2');
    assert.ok(stateMatches(back, base));
    assert.ok(!stateMatches(back, { ...base, mtimeMs: 6 }));
    assert.ok(!stateMatches(back, { ...base, size: 11 }));
    await sf.remove();
    assert.equal(await loadState(path), undefined);
  });
  it('ignores unknown versions and garbage', async () => {
    const path = join(dir, 'v.json');
    await writeFile(path, JSON.stringify({ ...base, version: 99 }));
    assert.equal(await loadState(path), undefined);
    await writeFile(path, '{not json');
    assert.equal(await loadState(path), undefined);
  });
  it('keeps unfinished chunks\' offsets, written soon after and never after the state is removed', async () => {
    const path = join(dir, 'o.adls-transfer.json');
    const sf = new StateFile(path, { ...base });
    sf.noteOffset(1, 3);
    await sf.save();
    assert.deepEqual((await loadState(path))?.offsets, { 1: 3 });
    assert.equal(new StateFile(path, (await loadState(path))!).offsetOf(1), 3);
    await sf.markDone(1);
    assert.deepEqual((await loadState(path))?.offsets, {}, 'a finished chunk has no offset');
    sf.noteOffset(2, 1);
    await sf.remove();
    await new Promise((r) => setTimeout(r, 400)); // past the coalescing delay: the pending write must not revive the file
    assert.equal(await loadState(path), undefined);
  });
  it('is private to the user (0600 in a 0700 folder)', async () => {
    const sub = join(dir, 'private', 'transfers');
    const path = join(sub, 'p.adls-transfer.json');
    await new StateFile(path, { ...base }).save();
    assert.equal((await stat(path)).mode & 0o777, 0o600);
    assert.equal((await stat(sub)).mode & 0o777, 0o700);
  });
  it('lives in the user\'s folder by default (never beside the source), hashed by transfer', async () => {
    assert.equal(defaultStateDir({ HOME: '/h' } as NodeJS.ProcessEnv).endsWith(join('.adls-gen1', 'transfers')), true);
    assert.equal(defaultStateDir({ ADLS_CONFIG_DIR: '/cfg' } as NodeJS.ProcessEnv), join('/cfg', 'transfers'));
    assert.equal(defaultStateDir({ ADLS_CONFIG_DIR: '/cfg', ADLS_TRANSFER_STATE_DIR: '/st' } as NodeJS.ProcessEnv), '/st');
    assert.ok(!statePathFor('upload', '/a/b.bin', '/r', 'acct').startsWith('/a/'));
    const p1 = statePathFor('upload', '/a/b.bin', '/r', 'acct', dir);
    const p2 = statePathFor('download', '/a/b.bin', '/r', 'acct', dir);
    assert.notEqual(p1, p2);
    assert.ok(p1.startsWith(dir));
    assert.ok(isTransferArtifact('b.bin.adls-transfer.json') && isTransferArtifact('b.bin.adls-partial') && !isTransferArtifact('b.bin'));
  });
});

describe('existing targets', () => {
  const opts = (o: Partial<Pick<ResolvedOptions, 'existing' | 'resume' | 'syncCompare'>>) => ({ existing: 'fail' as const, resume: false, ...o });
  const src = { size: 2, mtimeMs: 2000 };
  it('decides per policy, and never trusts a same-size target on resume without comparing', () => {
    assert.equal(decide(src, undefined, opts({})), 'new');
    assert.equal(decide(src, { size: 2, mtimeMs: 1 }, opts({})), 'conflict');
    assert.equal(decide(src, { size: 2, mtimeMs: 1 }, opts({ resume: true })), 'compare');
    assert.equal(decide(src, { size: 3, mtimeMs: 1 }, opts({ resume: true })), 'conflict');
    assert.equal(decide(src, { size: 3, mtimeMs: 1 }, opts({ existing: 'overwrite' })), 'replace');
    assert.equal(decide(src, { size: 3, mtimeMs: 1 }, opts({ existing: 'skip' })), 'skip');
    assert.equal(decide(src, { size: 2, mtimeMs: 1999 }, opts({ existing: 'ifSourceNewer' })), 'replace');
    assert.equal(decide(src, { size: 2, mtimeMs: 2000 }, opts({ existing: 'ifSourceNewer' })), 'skip');
  });
  it('sync sends a different size or a newer source; checksum compares same-size files', () => {
    const sync = opts({ existing: 'overwrite', syncCompare: 'size-mtime' });
    assert.equal(decide(src, { size: 2, mtimeMs: 3000 }, sync), 'skip');
    assert.equal(decide(src, { size: 2, mtimeMs: 1000 }, sync), 'replace');
    assert.equal(decide(src, { size: 5, mtimeMs: 3000 }, sync), 'replace');
    assert.equal(decide(src, { size: 2, mtimeMs: 3000 }, { ...sync, syncCompare: 'checksum' }), 'compare');
  });
  it('validates the policy and refuses contradictions', () => {
    assert.throws(() => resolveOptions({ existing: 'maybe' as never }, 'upload'), InvalidArgumentError);
    assert.throws(() => resolveOptions({ overwrite: true, existing: 'skip' }, 'upload'), InvalidArgumentError);
    assert.equal(resolveOptions({ overwrite: true }, 'upload').existing, 'overwrite');
    assert.throws(() => resolveOptions({ include: [''] }, 'upload'), InvalidArgumentError);
  });
});

describe('include/exclude globs', () => {
  it('match names without / at any depth, paths with /', () => {
    const f = pathFilter(['*.csv', 'keep/**'], ['*.tmp.csv', 'keep/secret*']);
    assert.deepEqual(['a.csv', 'x/y/b.csv', 'c.tmp.csv', 'keep/z.bin', 'keep/secret.txt', 'd.txt', '.hidden.csv'].filter(f),
      ['a.csv', 'x/y/b.csv', 'keep/z.bin', '.hidden.csv']);
    assert.ok(pathFilter([], [])('anything/at/all'));
  });
});

describe('chunk count limit', () => {
  it('refuses more than maxChunksPerFile pieces, naming the smallest chunk size that works', () => {
    assert.doesNotThrow(() => checkChunkCount('/f', 10_000, 1));
    assert.throws(() => checkChunkCount('/f', 300 * MiB, 1024), (e: unknown) => e instanceof InvalidArgumentError && /307200 pieces/.test(e.message) && /at least 31458 B/.test(e.message));
  });
});
