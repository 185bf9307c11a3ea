// `adls fs put` / `adls fs get` run in-process against the emulator (client injected through deps).
import { createHash, randomBytes } from 'node:crypto';
import { mkdir, mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import assert from 'node:assert/strict';
import { after, before, describe, test } from 'node:test';
import { Command } from 'commander';
import { DataLakeFileSystemClient } from 'adls-gen1';
import { parseSize, registerTransferCommands } from '../src/commands/transfer.js';
import { exitCodeFor, EXIT } from '../src/exit.js';
import { emulatorFileSystem, mintToken, startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('adls fs put/get (in-process, emulator)', () => {
  let t: TestEmulator;
  let dir: string;
  let makeClient: (connections: number) => DataLakeFileSystemClient;
  before(async () => {
    t = await startTestEmulator();
    const info = t.emu.info();
    const token = await mintToken(t.emu, { upn: (info.users.find((u) => u.mfa) ?? info.users[0]).username });
    makeClient = (connections) => emulatorFileSystem(t, token, { connections });
    dir = await mkdtemp(join(tmpdir(), 'adls-cli-xfer-'));
    process.env.ADLS_TRANSFER_STATE_DIR = join(dir, 'state'); // not the real ~/.adls-gen1
  });
  after(async () => { await t?.stop(); await rm(dir, { recursive: true, force: true }); });

  async function adls(...args: string[]): Promise<{ out: string; err: string; code: number }> {
    let out = '';
    let err = '';
    const stdout = new Writable({ write(c, _e, cb) { out += c.toString(); cb(); } });
    const stderr = new Writable({ write(c, _e, cb) { err += c.toString(); cb(); } });
    const program = new Command('adls').exitOverride();
    const fs = program.command('fs').exitOverride();
    registerTransferCommands(fs, { clientFor: async (_cmd, connections) => makeClient(connections), stdout, stderr, isTTY: false, confirm: async () => false });
    try {
      await program.parseAsync(['fs', ...args], { from: 'user' });
      return { out, err, code: 0 };
    } catch (e) {
      return { out, err: err + String((e as Error).message), code: exitCodeFor(e) };
    }
  }

  test('parses sizes', () => {
    assert.equal(parseSize('4M'), 4 * 1024 * 1024);
    assert.equal(parseSize('256MiB'), 256 * 1024 * 1024);
    assert.equal(parseSize('1g'), 1024 ** 3);
    assert.equal(parseSize('65536'), 65536);
    assert.throws(() => parseSize('lots'));
  });

  test('put and get a file, with a JSON summary and progress lines', async () => {
    const data = randomBytes(2.5 * 1024 * 1024);
    const local = join(dir, 'f.bin');
    await writeFile(local, data);
    const put = await adls('put', local, '/cli/f.bin', '--threads', '4', '--chunk-size', '1M', '--block-size', '256K', '--verify', 'checksum', '--json');
    assert.equal(put.code, 0, put.err);
    const summary = JSON.parse(put.out);
    assert.equal(summary.direction, 'upload');
    assert.equal(summary.bytes, data.length);
    assert.equal(summary.chunksTransferred, 3);
    assert.ok(Number.isInteger(summary.elapsedMs) && Number.isInteger(summary.bytesPerSecond), 'whole numbers in JSON');
    assert.match(put.err, /put: .*2\.5 MiB \(100\.0%\)/);
    const out = join(dir, 'f.out');
    const get = await adls('get', '/cli/f.bin', out, '-t', '3', '--chunk-size', '1M', '--fsync');
    assert.equal(get.code, 0, get.err);
    assert.match(get.err, /downloaded 1 file\(s\), 2\.5 MiB/);
    assert.equal(sha(await readFile(out)), sha(data));
    // --fsync is a download flag: put does not take it.
    const bad = await adls('put', local, '/cli/f2.bin', '--fsync');
    assert.notEqual(bad.code, 0, bad.err);
    assert.match(bad.err, /unknown option '--fsync'/);
  });

  test('refuses to overwrite (exit 6) unless --overwrite', async () => {
    const local = join(dir, 'o.bin');
    await writeFile(local, randomBytes(10));
    assert.equal((await adls('put', local, '/cli/o.bin')).code, 0);
    const refused = await adls('put', local, '/cli/o.bin');
    assert.equal(refused.code, EXIT.ALREADY_EXISTS);
    assert.match(refused.err, /already exists \(pass --overwrite to replace it\)/);
    assert.doesNotMatch(refused.err, /put: 0 B/, 'no progress line when nothing moved');
    assert.equal((await adls('put', local, '/cli/o.bin', '--overwrite')).code, 0);
    assert.equal((await adls('get', '/cli/o.bin', local)).code, EXIT.ALREADY_EXISTS);
  });

  test('trees need -r, and round-trip with it', async () => {
    const src = join(dir, 'tree');
    await mkdir(join(src, 'sub'), { recursive: true });
    await writeFile(join(src, 'a.txt'), 'alpha');
    await writeFile(join(src, 'sub', 'b.bin'), randomBytes(100 * 1024));
    assert.equal((await adls('put', src, '/cli/tree')).code, EXIT.BAD_INPUT);
    const put = await adls('put', '-r', src, '/cli/tree', '--block-size', '8K');
    assert.equal(put.code, 0, put.err);
    assert.equal((await adls('get', '/cli/tree', join(dir, 'x'))).code, EXIT.BAD_INPUT);
    const out = join(dir, 'tree-out');
    const get = await adls('get', '-r', '/cli/tree', out, '--json');
    assert.equal(get.code, 0, get.err);
    assert.equal(JSON.parse(get.out).files, 2);
    assert.equal(await readFile(join(out, 'a.txt'), 'utf8'), 'alpha');
    assert.equal(sha(await readFile(join(out, 'sub', 'b.bin'))), sha(await readFile(join(src, 'sub', 'b.bin'))));
  });

  test('refuses absurd chunk sizes with the allowed range (exit 2)', async () => {
    const local = join(dir, 'c.bin');
    await writeFile(local, randomBytes(10));
    for (const size of ['1K', '512K', '5G']) {
      const r = await adls('put', local, '/cli/c.bin', '--chunk-size', size);
      assert.equal(r.code, EXIT.BAD_INPUT, size);
      assert.match(r.err, /--chunk-size must be between 1M and 4G/);
    }
  });

  test('put -r tree /dir/ lands in /dir/tree; re-runs with --if-exists skip, --dry-run and filters', async () => {
    const src = join(dir, 'cp-tree');
    await mkdir(join(src, 'sub'), { recursive: true });
    await writeFile(join(src, 'a.txt'), 'a');
    await writeFile(join(src, 'sub', 'b.txt'), 'b');
    await writeFile(join(src, 'skip.tmp'), 'tmp');
    const put = await adls('put', '-r', src, '/cp/', '--exclude', '*.tmp', '--json');
    assert.equal(put.code, 0, put.err);
    assert.equal(JSON.parse(put.out).target, '/cp/cp-tree');
    assert.equal(JSON.parse(put.out).files, 2);
    await writeFile(join(src, 'c.txt'), 'c');
    const refused = await adls('put', '-r', src, '/cp/', '--exclude', '*.tmp');
    assert.equal(refused.code, EXIT.ALREADY_EXISTS);
    assert.match(refused.err, /2 target file\(s\) already exist.*--if-exists skip/);
    const dry = await adls('put', '-r', src, '/cp/', '--exclude', '*.tmp', '--if-exists', 'skip', '--dry-run');
    assert.equal(dry.code, 0, dry.err);
    assert.match(dry.out, /^send\s+\S+c\.txt → \/cp\/cp-tree\/c\.txt/m);
    assert.match(dry.out, /dry run: 1 to send \(1 B\), 2 to skip, 0 conflict\(s\), 0 to delete; nothing was changed/);
    const skip = await adls('put', '-r', src, '/cp/', '--exclude', '*.tmp', '--if-exists', 'skip', '--json');
    assert.equal(skip.code, 0, skip.err);
    assert.deepEqual([JSON.parse(skip.out).files, JSON.parse(skip.out).filesSkipped], [1, 2]);
    assert.equal((await adls('put', '-r', src, '/cp/', '-f', '--if-exists', 'skip')).code, EXIT.BAD_INPUT);
  });

  test('get -r follows the same rule: dir/ target gets the folder, a source ending in / gives its content', async () => {
    const c = makeClient(2);
    try { await c.create('/getrule/tree/sub/f.txt', Buffer.from('f'), { overwrite: true }); } finally { await c.close(); }
    const into = join(dir, 'getrule-into');
    await mkdir(into);
    assert.equal((await adls('get', '-r', '/getrule/tree', into + '/')).code, 0);
    assert.equal(await readFile(join(into, 'tree', 'sub', 'f.txt'), 'utf8'), 'f');
    const flat = join(dir, 'getrule-flat');
    assert.equal((await adls('get', '-r', '/getrule/tree/', flat)).code, 0);
    assert.equal(await readFile(join(flat, 'sub', 'f.txt'), 'utf8'), 'f');
  });

  test('put --resume re-sends a same-size file whose content changed', async () => {
    const src = join(dir, 'hi-tree');
    await mkdir(src, { recursive: true });
    await writeFile(join(src, 'r.txt'), 'hi');
    await writeFile(join(src, 'same.txt'), 'same');
    assert.equal((await adls('put', '-r', src, '/hi/tree')).code, 0);
    await writeFile(join(src, 'r.txt'), 'HO');
    const r = await adls('put', '-r', src, '/hi/tree', '--resume', '--verify', 'checksum');
    assert.equal(r.code, 0, r.err);
    assert.match(r.err, /uploaded 1 file\(s\).*1 not sent \(1 compared by content: identical\).*checksums of the sent files verified/);
    const out = join(dir, 'hi-out.txt');
    assert.equal((await adls('get', '/hi/tree/r.txt', out)).code, 0);
    assert.equal(await readFile(out, 'utf8'), 'HO');
  });

  test('fs sync needs one adl: side, sends only what changed, and prints JSON', async () => {
    const src = join(dir, 'sync-src');
    await mkdir(src, { recursive: true });
    await writeFile(join(src, 'one.txt'), '1');
    const bad = await adls('sync', src, join(dir, 'elsewhere'));
    assert.equal(bad.code, EXIT.BAD_INPUT);
    assert.match(bad.err, /adl:\/path/);
    const first = await adls('sync', src, 'adl:/synced', '--json');
    assert.equal(first.code, 0, first.err);
    assert.equal(JSON.parse(first.out).files, 1);
    await writeFile(join(src, 'two.txt'), '2');
    const second = await adls('sync', src, 'adl:/synced');
    assert.equal(second.code, 0, second.err);
    assert.match(second.err, /uploaded 1 file\(s\).*1 not sent/);
    const back = join(dir, 'sync-back');
    const down = await adls('sync', 'adl:/synced', back, '--json');
    assert.equal(down.code, 0, down.err);
    assert.equal(JSON.parse(down.out).files, 2);
    assert.equal(await readFile(join(back, 'two.txt'), 'utf8'), '2');
  });

  test('fs cleanup lists the segment folders an interrupted upload left, and removes them with --yes', async () => {
    const c = makeClient(2);
    try {
      await c.create('/left/big.bin.segments.0123456789abcdef0123456789abcdef/big.bin_0', Buffer.alloc(10), { overwrite: true });
      await c.create('/left/keep/file.txt', Buffer.from('x'), { overwrite: true });
    } finally { await c.close(); }
    // Just written: it may belong to a running upload, so by default (--older-than 1h) it is only reported.
    const fresh = await adls('cleanup', '/left', '--yes');
    assert.equal(fresh.code, 0, fresh.err);
    assert.match(fresh.err, /1 folder\(s\) changed in the last 60 min left alone/);
    assert.equal(JSON.parse((await adls('cleanup', '/left', '--json')).out).recent.length, 1);
    assert.equal((await adls('cleanup', '/left', '--older-than', 'soon')).code, EXIT.BAD_INPUT);
    const list = await adls('cleanup', '/left', '--json', '--older-than', '0');
    assert.equal(list.code, 0, list.err);
    const listed = JSON.parse(list.out);
    assert.equal(listed.removed, false);
    assert.deepEqual(listed.folders.map((f: { path: string; target: string; bytes: number }) => [f.path, f.target, f.bytes]),
      [['/left/big.bin.segments.0123456789abcdef0123456789abcdef', '/left/big.bin', 10]]);
    const plain = await adls('cleanup', '/left', '--older-than', '0');
    assert.match(plain.out, /big\.bin\.segments\./);
    assert.match(plain.err, /nothing removed \(pass --yes/);
    const removed = await adls('cleanup', '/left', '--yes', '--older-than', '0');
    assert.equal(removed.code, 0, removed.err);
    assert.match(removed.err, /removed 1 folder/);
    assert.equal(JSON.parse((await adls('cleanup', '/left', '--json', '--older-than', '0')).out).folders.length, 0);
  });

  test('a missing local source is exit 3', async () => {
    assert.equal((await adls('put', join(dir, 'nope'), '/cli/nope')).code, EXIT.NOT_FOUND);
  });
});

test('progress ETA reads -- until a rate is known', async () => {
  const { etaText } = await import('../src/commands/transfer-progress.js');
  assert.equal(etaText(100, 0), '--');
  assert.equal(etaText(100, Number.NaN), '--');
  assert.equal(etaText(100, 10), '10s');
  assert.equal(etaText(185, 1), '3m05s');
  assert.equal(etaText(3720, 1), '1h02m');
  assert.equal(etaText(0, 0), '0s');
});

