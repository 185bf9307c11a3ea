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
import { mintToken, startTestEmulator, type TestEmulator } from '../../emulator/test/helpers.js';

const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');

describe('adls fs put/get (in-process, emulator)', () => {
  let t: TestEmulator;
  let dir: string;
  let makeClient: (connections: number) => DataLakeFileSystemClient;
  before(async () => {
    t = await startTestEmulator();
    const info = t.emu.info();
    const owner = info.users.find((u) => u.mfa) ?? info.users[0];
    const token = await mintToken(t.emu, { upn: owner.username });
    const credential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_000_000 }) };
    makeClient = (connections) => new DataLakeFileSystemClient(info.defaultAccount, credential, {
      dataPlaneSuffix: info.dataPlaneSuffix, port: t.emu.port, ca: t.emu.core.ca.caCertPem, connections,
    });
    dir = await mkdtemp(join(tmpdir(), 'adls-cli-xfer-'));
  });
  after(async () => { await t?.stop(); await rm(dir, { recursive: true, force: true }); });

  async function adls(...args: string[]): Promise<{ out: string; err: string; code: number }> {
    let out = '';
    let err = '';
    const stdout = new Writable({ write(c, _e, cb) { out += c.toString(); cb(); } });
    const stderr = new Writable({ write(c, _e, cb) { err += c.toString(); cb(); } });
    const program = new Command('adls').exitOverride();
    const fs = program.command('fs').exitOverride();
    registerTransferCommands(fs, { clientFor: async (_cmd, connections) => makeClient(connections), stdout, stderr, isTTY: false });
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
    const data = randomBytes(300 * 1024);
    const local = join(dir, 'f.bin');
    await writeFile(local, data);
    const put = await adls('put', local, '/cli/f.bin', '--threads', '4', '--chunk-size', '64K', '--block-size', '16K', '--verify', 'checksum', '--json');
    assert.equal(put.code, 0, put.err);
    const summary = JSON.parse(put.out);
    assert.equal(summary.direction, 'upload');
    assert.equal(summary.bytes, data.length);
    assert.equal(summary.chunksTransferred, 5);
    assert.match(put.err, /put: .*300\.0 KiB \(100\.0%\)/);
    const out = join(dir, 'f.out');
    const get = await adls('get', '/cli/f.bin', out, '-t', '3', '--chunk-size', '64K', '--fsync');
    assert.equal(get.code, 0, get.err);
    assert.match(get.err, /downloaded 1 file\(s\), 300\.0 KiB/);
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
    const put = await adls('put', '-r', src, '/cli/tree', '--chunk-size', '32K', '--block-size', '8K');
    assert.equal(put.code, 0, put.err);
    assert.equal((await adls('get', '/cli/tree', join(dir, 'x'))).code, EXIT.BAD_INPUT);
    const out = join(dir, 'tree-out');
    const get = await adls('get', '-r', '/cli/tree', out, '--json');
    assert.equal(get.code, 0, get.err);
    assert.equal(JSON.parse(get.out).files, 2);
    assert.equal(await readFile(join(out, 'a.txt'), 'utf8'), 'alpha');
    assert.equal(sha(await readFile(join(out, 'sub', 'b.bin'))), sha(await readFile(join(src, 'sub', 'b.bin'))));
  });

  test('a missing local source is exit 3', async () => {
    assert.equal((await adls('put', join(dir, 'nope'), '/cli/nope')).code, EXIT.NOT_FOUND);
  });
});
