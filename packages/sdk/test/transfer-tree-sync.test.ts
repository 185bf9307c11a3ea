// Folder transfers that behave like cp/rsync: where a folder lands, filters, dry runs, existing targets, and sync.
import { randomBytes } from 'node:crypto';
import { mkdir, readdir, readFile, rm, stat, utimes, writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { AlreadyExistsError, download, syncDownload, syncUpload, upload } from 'adls-gen1';
import { readAll, startHarness, stopHarness, type Harness } from './transfer-harness.js';

const KiB = 1024;
const small = { chunkSize: 64 * KiB, blockSize: 16 * KiB, concurrency: 4, adaptChunkSize: false };

async function makeTree(root: string, files: Record<string, string | Buffer>): Promise<void> {
  for (const [rel, data] of Object.entries(files)) {
    await mkdir(join(root, rel, '..'), { recursive: true });
    await writeFile(join(root, rel), data);
  }
}

async function remoteFiles(h: Harness, root: string): Promise<string[]> {
  const out: string[] = [];
  for await (const s of h.fs.walk(root)) out.push(s.path.slice(root.length + 1));
  return out.sort();
}

describe('folder transfers', () => {
  let h: Harness;
  let src: string;
  before(async () => {
    h = await startHarness();
    src = join(h.dir, 'tree');
    await makeTree(src, { 'a.txt': 'alpha', 'b.log': 'log', 'sub/c.txt': 'gamma', 'sub/d.log': 'log2' });
  });
  after(async () => { await stopHarness(h); });

  it('a folder goes into a target ending with /, is the target otherwise, and tree/ copies its content', async () => {
    assert.equal((await upload(h.fs, src, '/sem/', small)).target, '/sem/tree');
    assert.deepEqual(await remoteFiles(h, '/sem/tree'), ['a.txt', 'b.log', 'sub/c.txt', 'sub/d.log']);
    await upload(h.fs, src, '/sem/copy', small);
    assert.deepEqual(await remoteFiles(h, '/sem/copy'), ['a.txt', 'b.log', 'sub/c.txt', 'sub/d.log']);
    await upload(h.fs, src + '/', '/sem/content/', small);
    assert.deepEqual(await remoteFiles(h, '/sem/content'), ['a.txt', 'b.log', 'sub/c.txt', 'sub/d.log']);
    // Downloads follow the same rule.
    const out = join(h.dir, 'sem-out');
    await mkdir(out);
    assert.equal((await download(h.fs, '/sem/tree', out + '/', small)).target, join(out, 'tree'));
    assert.equal(await readFile(join(out, 'tree', 'sub', 'c.txt'), 'utf8'), 'gamma');
    await download(h.fs, '/sem/tree/', join(out, 'flat'), small);
    assert.deepEqual((await readdir(join(out, 'flat'))).sort(), ['a.txt', 'b.log', 'sub']);
  });

  it('include/exclude globs pick files by name or by path', async () => {
    await upload(h.fs, src, '/glob/logs', { ...small, include: ['*.log'] });
    assert.deepEqual(await remoteFiles(h, '/glob/logs'), ['b.log', 'sub/d.log']);
    await upload(h.fs, src, '/glob/nolog', { ...small, exclude: ['*.log', 'sub/**'] });
    assert.deepEqual(await remoteFiles(h, '/glob/nolog'), ['a.txt']);
    const out = join(h.dir, 'glob-out');
    await download(h.fs, '/sem/tree', out, { ...small, include: ['sub/*'] });
    assert.deepEqual((await readdir(join(out, 'sub'))).sort(), ['c.txt', 'd.log']);
    await assert.rejects(stat(join(out, 'a.txt')), { code: 'ENOENT' });
  });

  it('a dry run lists what would happen and changes nothing', async () => {
    const r = await upload(h.fs, src, '/dry/tree', { ...small, dryRun: true });
    assert.equal(r.dryRun, true);
    assert.equal(r.actions?.length, 4);
    assert.ok(r.actions?.every((a) => a.action === 'send' && a.target.startsWith('/dry/tree/')));
    assert.equal(await h.fs.exists('/dry'), false);
    // Against an existing copy: conflicts are listed, not thrown.
    const again = await upload(h.fs, src, '/sem/tree', { ...small, dryRun: true });
    assert.deepEqual(again.actions?.map((a) => a.action), ['conflict', 'conflict', 'conflict', 'conflict']);
  });

  it('re-running after adding a file: fail (default) names the conflict; skip and ifSourceNewer send only the new file', async () => {
    const grown = join(h.dir, 'grown');
    await makeTree(grown, { 'one.txt': '1', 'two.txt': '2' });
    await upload(h.fs, grown, '/grown', small);
    await writeFile(join(grown, 'three.txt'), '3');
    await assert.rejects(upload(h.fs, grown, '/grown', small), (e: unknown) => e instanceof AlreadyExistsError && /2 target file\(s\)/.test(e.message));
    const r = await upload(h.fs, grown, '/grown', { ...small, existing: 'skip' });
    assert.deepEqual([r.files, r.filesSkipped], [1, 2]);
    // ifSourceNewer: an older target is replaced, a newer one left.
    await writeFile(join(grown, 'one.txt'), 'ONE');
    const past = new Date(Date.now() - 3600_000);
    await utimes(join(grown, 'two.txt'), past, past);
    await writeFile(join(grown, 'two.txt'), 'TWO');
    await utimes(join(grown, 'two.txt'), past, past);
    const future = new Date(Date.now() + 3600_000);
    await utimes(join(grown, 'one.txt'), future, future);
    const n = await upload(h.fs, grown, '/grown', { ...small, existing: 'ifSourceNewer' });
    assert.deepEqual([n.files, n.filesSkipped], [1, 2]);
    assert.equal((await readAll(h.fs, '/grown/one.txt')).toString(), 'ONE');
    assert.equal((await readAll(h.fs, '/grown/two.txt')).toString(), '2');
  });
});

describe('sync', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await stopHarness(h); });

  it('local → remote sends only new and changed files, and deletes extras on request', async () => {
    const src = join(h.dir, 'sync-src');
    await makeTree(src, { 'keep.txt': 'same', 'edit.txt': 'v1', 'gone.txt': 'bye', 'old/x.txt': 'x', 'big.bin': randomBytes(150 * KiB) });
    const first = await syncUpload(h.fs, src, '/sync/dst', small);
    assert.equal(first.files, 5);
    const second = await syncUpload(h.fs, src, '/sync/dst', small);
    assert.deepEqual([second.files, second.filesSkipped, second.bytesTransferred], [0, 5, 0], 'nothing changed, nothing sent');

    await writeFile(join(src, 'edit.txt'), 'v2 longer');
    const future = new Date(Date.now() + 60_000);
    await utimes(join(src, 'edit.txt'), future, future);
    await writeFile(join(src, 'new.txt'), 'new');
    await rm(join(src, 'gone.txt'));
    await rm(join(src, 'old'), { recursive: true });
    const plan = await syncUpload(h.fs, src, '/sync/dst', { ...small, deleteDestination: true, dryRun: true });
    assert.deepEqual(plan.actions?.filter((a) => a.action !== 'skip').map((a) => `${a.action} ${a.target}`).sort(), [
      'delete /sync/dst/gone.txt', 'delete /sync/dst/old', 'send /sync/dst/edit.txt', 'send /sync/dst/new.txt',
    ]);
    assert.equal(await h.fs.exists('/sync/dst/gone.txt'), true, 'the dry run deleted nothing');
    const r = await syncUpload(h.fs, src, '/sync/dst', { ...small, deleteDestination: true });
    assert.deepEqual([r.files, r.filesDeleted], [2, 2]);
    assert.deepEqual(await remoteFiles(h, '/sync/dst'), ['big.bin', 'edit.txt', 'keep.txt', 'new.txt']);
    assert.equal((await readAll(h.fs, '/sync/dst/edit.txt')).toString(), 'v2 longer');
  });

  it('compare checksum catches a same-size change that size-mtime does not', async () => {
    const src = join(h.dir, 'sync-sum');
    await makeTree(src, { 'f.txt': 'hi' });
    await syncUpload(h.fs, src, '/sync/sum', small);
    const was = await stat(join(src, 'f.txt'));
    await writeFile(join(src, 'f.txt'), 'HO');
    await utimes(join(src, 'f.txt'), was.atime, was.mtime);
    assert.equal((await syncUpload(h.fs, src, '/sync/sum', small)).files, 0, 'size-mtime sees no change (documented)');
    assert.equal((await syncUpload(h.fs, src, '/sync/sum', { ...small, compare: 'checksum' })).files, 1);
    assert.equal((await readAll(h.fs, '/sync/sum/f.txt')).toString(), 'HO');
  });

  it('remote → local fetches what changed and deletes local extras on request', async () => {
    await h.fs.create('/sync/down/a.txt', Buffer.from('a'), { overwrite: true });
    await h.fs.create('/sync/down/sub/b.txt', Buffer.from('b'), { overwrite: true });
    const out = join(h.dir, 'sync-down');
    assert.equal((await syncDownload(h.fs, '/sync/down', out, small)).files, 2);
    assert.equal((await syncDownload(h.fs, '/sync/down', out, small)).files, 0);
    await writeFile(join(out, 'extra.txt'), 'x');
    await mkdir(join(out, 'extra-dir'));
    await h.fs.create('/sync/down/sub/b.txt', Buffer.from('bb'), { overwrite: true });
    const r = await syncDownload(h.fs, '/sync/down', out, { ...small, deleteDestination: true });
    assert.deepEqual([r.files, r.filesDeleted], [1, 2]);
    assert.deepEqual((await readdir(out)).sort(), ['a.txt', 'sub']);
    assert.equal(await readFile(join(out, 'sub', 'b.txt'), 'utf8'), 'bb');
  });
});
