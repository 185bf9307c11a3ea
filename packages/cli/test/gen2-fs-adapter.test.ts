// The fs commands on abfss:// paths through the Gen2 adapter and Microsoft's DataLake SDK, against a tiny fake DFS
// (gen2-fake-dfs.ts): the same output and --json shapes as Gen1, the same exit codes for the service's refusals.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { mkdtemp, readdir, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { AnonymousCredential, DataLakeFileSystemClient, newPipeline } from '@azure/storage-file-datalake';
import { download } from 'adls-gen1';
import { registerFsCommands } from '../src/commands/fs.js';
import { exitCodeFor, EXIT } from '../src/exit.js';
import { Gen2FileSystem } from '../src/gen2/filesystem.js';
import { gen2TransferRemote } from '../src/gen2/transfer-remote.js';
import { uploadGen2 } from '../src/gen2/upload.js';
import type { RemoteLocation } from '../src/remote-path.js';
import { startFakeDfs, type FakeDfs } from './gen2-fake-dfs.js';

const URL_ROOT = 'abfss://fs1@127.0.0.1:9/devstoreaccount1';

describe('adls fs on abfss:// (in-process, fake DFS)', () => {
  let fake: FakeDfs;
  const locations: (RemoteLocation | undefined)[] = [];
  before(async () => { fake = await startFakeDfs(); });
  after(async () => {
    await fake.close();
    assert.deepEqual(fake.unknown, [], 'every request the adapter sent is one the DataLake SDK documents');
  });
  const backend = () => new Gen2FileSystem(new DataLakeFileSystemClient(fake.url, newPipeline(new AnonymousCredential(), { retryOptions: { maxTries: 1 } })));

  /** Runs a command that must succeed. */
  async function ok(...args: string[]): Promise<string> {
    const r = await adls(...args);
    assert.equal(r.code, 0, r.error);
    return r.out;
  }

  /** The command's --json output, parsed (failing with the command's error when it failed). */
  async function json(...args: string[]): Promise<any> {
    const r = await adls(...args);
    assert.equal(r.code, 0, r.error);
    return JSON.parse(r.out);
  }

  async function adls(...args: string[]): Promise<{ out: string; code: number; error?: string }> {
    let out = '';
    const stdout = new Writable({ write(c, _e, cb) { out += c.toString(); cb(); } });
    const program = new Command('adls').exitOverride();
    registerFsCommands(program.command('fs').exitOverride(), {
      clientFor: async (_cmd, location) => { locations.push(location); return backend(); }, stdout, directoryFor: async () => undefined,
    });
    try {
      await program.parseAsync(['fs', ...args], { from: 'user' });
      return { out, code: 0 };
    } catch (e) {
      return { out, code: exitCodeFor(e), error: (e as Error).message };
    }
  }

  test('mkdir, touch, ls, stat --json: Gen1 shapes, the URL picks the Gen2 backend', async () => {
    await ok('mkdir', `${URL_ROOT}/`); // the file system: there already, which is fine
    await ok('mkdir', '-m', '750', `${URL_ROOT}/a/b`, `${URL_ROOT}/c`);
    assert.equal(locations.at(-1)?.kind, 'gen2');
    assert.equal(fake.nodes.get('/a/b')?.permissions, 'rwxr-x---');
    await ok('touch', `${URL_ROOT}/a/f.txt`);
    assert.equal((await adls('ls', `${URL_ROOT}/a`)).out, '/a/b\n/a/f.txt\n');
    assert.match((await adls('ls', '-l', `${URL_ROOT}/a`)).out, /^drwxr-x--- +oid-alice +oid-group +0 .* \/a\/b$/m);
    const st = (await json('stat', '--json', `${URL_ROOT}/a/f.txt`));
    assert.equal(st.type, 'FILE');
    assert.equal(st.length, 0);
    assert.equal(st.permission, '640');
    assert.match(st.modificationTime, /^\d{4}-\d\d-\d\dT/);
    assert.equal((await json('stat', '--json', `${URL_ROOT}/a`)).type, 'DIRECTORY');
    assert.deepEqual((await json('ls', '-r', '--json', `${URL_ROOT}/a`)).map((s: { path: string }) => s.path), ['/a/b', '/a/f.txt']);
    // Without --json or -n, owners are user principal names (the DFS upn=true).
    assert.match((await adls('stat', `${URL_ROOT}/a/f.txt`)).out, /owner +alice@contoso\.com/);
  });

  test('cat, head, tail, du, mv, rm -r', async () => {
    fake.nodes.set('/d', { dir: true, data: Buffer.alloc(0), owner: 'o', group: 'g', permissions: 'rwxr-x---', acl: '', mtime: new Date() });
    fake.nodes.set('/d/x', { dir: false, data: Buffer.from('hello'), owner: 'o', group: 'g', permissions: 'rw-r-----', acl: '', mtime: new Date() });
    fake.nodes.set('/d/e', { dir: true, data: Buffer.alloc(0), owner: 'o', group: 'g', permissions: 'rwxr-x---', acl: '', mtime: new Date() });
    fake.nodes.set('/d/e/y', { dir: false, data: Buffer.from(' world'), owner: 'o', group: 'g', permissions: 'rw-r-----', acl: '', mtime: new Date() });
    assert.equal((await adls('cat', `${URL_ROOT}/d/x`)).out, 'hello');
    assert.deepEqual((await json('cat', '--json', `${URL_ROOT}/d/x`)), { path: '/d/x', length: 5, encoding: 'utf8', content: 'hello' });
    assert.equal((await adls('head', '-c', '2', `${URL_ROOT}/d/x`)).out, 'he');
    assert.equal((await adls('tail', '--bytes', '3', `${URL_ROOT}/d/e/y`)).out, 'rld');
    const du = (await json('du', '--json', `${URL_ROOT}/d`));
    assert.deepEqual({ length: du.length, files: du.fileCount, dirs: du.directoryCount }, { length: 11, files: 2, dirs: 2 });
    assert.deepEqual(du.children, [{ path: '/d/e', type: 'DIRECTORY', length: 6 }, { path: '/d/x', type: 'FILE', length: 5 }]);
    // mv onto an existing directory moves into it (HDFS rule); onto an existing file only with -f.
    assert.deepEqual((await json('mv', '--json', `${URL_ROOT}/d/x`, `${URL_ROOT}/d/e`)), { source: '/d/x', destination: '/d/e' });
    assert.ok(fake.nodes.has('/d/e/x'));
    const clash = await adls('mv', `${URL_ROOT}/d/e/x`, `${URL_ROOT}/d/e/y`);
    assert.equal(clash.code, EXIT.ALREADY_EXISTS);
    const notEmpty = await adls('rm', `${URL_ROOT}/d`);
    assert.equal(notEmpty.code, EXIT.BAD_INPUT);
    assert.match(notEmpty.error!, /is a directory that is not empty: pass -r/);
    assert.deepEqual((await json('rm', '-r', '--json', `${URL_ROOT}/d`)), { deleted: ['/d'] });
    assert.equal(fake.nodes.has('/d/e/y'), false);
    const gone = await adls('stat', `${URL_ROOT}/d`);
    assert.equal(gone.code, EXIT.NOT_FOUND);
  });

  test('acl set/modify/remove/get, chmod, chown: whole ACLs written back, Gen1 AclStatus shape', async () => {
    await adls('mkdir', `${URL_ROOT}/acl`);
    await ok('acl', 'set', `${URL_ROOT}/acl`, 'user::rwx,group::r-x,other::---,user:8ba1e2c4-0000-4000-8000-00000000000b:r-x');
    await ok('acl', 'modify', `${URL_ROOT}/acl`, 'user:8ba1e2c4-0000-4000-8000-00000000000c:rwx,default:user::rwx');
    let acl = (await json('acl', 'get', '--json', `${URL_ROOT}/acl`));
    assert.deepEqual(acl.entries, ['user::rwx', 'user:8ba1e2c4-0000-4000-8000-00000000000b:r-x', 'user:8ba1e2c4-0000-4000-8000-00000000000c:rwx', 'default:user::rwx', 'group::r-x', 'other::---']);
    assert.equal(acl.permission, '750');
    await ok('acl', 'remove', `${URL_ROOT}/acl`, 'user:8ba1e2c4-0000-4000-8000-00000000000b');
    await ok('acl', 'remove', '--default', `${URL_ROOT}/acl`);
    acl = (await json('acl', 'get', '--json', `${URL_ROOT}/acl`));
    assert.deepEqual(acl.entries, ['user::rwx', 'user:8ba1e2c4-0000-4000-8000-00000000000c:rwx', 'group::r-x', 'other::---']);
    assert.equal((await json('stat', '--json', `${URL_ROOT}/acl`)).aclBit, true);
    await ok('acl', 'remove', '--all', `${URL_ROOT}/acl`);
    assert.equal(fake.nodes.get('/acl')?.acl, '');
    await ok('chmod', '1751', `${URL_ROOT}/acl`);
    assert.equal(fake.nodes.get('/acl')?.permissions, 'rwxr-x--t');
    await ok('chown', '8ba1e2c4-0000-4000-8000-00000000000d:8ba1e2c4-0000-4000-8000-00000000005f', `${URL_ROOT}/acl`);
    assert.deepEqual([fake.nodes.get('/acl')?.owner, fake.nodes.get('/acl')?.group], ['8ba1e2c4-0000-4000-8000-00000000000d', '8ba1e2c4-0000-4000-8000-00000000005f']);
  });

  test('a refusal by the service is ACCESS_DENIED with the operation, path and storage error code', async () => {
    await adls('mkdir', `${URL_ROOT}/secret`);
    fake.forbidden.add('/secret');
    const r = await adls('ls', `${URL_ROOT}/secret`);
    assert.equal(r.code, EXIT.ACCESS_DENIED);
        // A HEAD answer carries only x-ms-error-code: the service's wording of it is shown.
    assert.equal(r.error, 'GETFILESTATUS /secret: AuthorizationPermissionMismatch: This request is not authorized to perform this operation using this permission.');
    const body = await adls('cat', `${URL_ROOT}/secret`);
    assert.equal(body.code, EXIT.ACCESS_DENIED);
    assert.equal(body.error, 'OPEN /secret: AuthorizationPermissionMismatch: AuthorizationPermissionMismatch (fake)');
    fake.forbidden.delete('/secret');
  });

  test('what Gen2 has not: concat is refused as bad input; mixed file systems are refused', async () => {
    const c = await adls('concat', `${URL_ROOT}/t`, `${URL_ROOT}/a/f.txt`);
    assert.equal(c.code, EXIT.BAD_INPUT);
    assert.match(c.error!, /Gen1 only/);
    const mixed = await adls('mv', `${URL_ROOT}/a`, 'abfss://other@127.0.0.1:9/devstoreaccount1/a');
    assert.equal(mixed.code, EXIT.BAD_INPUT);
  });

  test('put through uploadFile and get through ranged reads round-trip the bytes; --if-exists fail refuses first', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gen2-adapter-'));
    try {
      const data = Buffer.alloc(3 * 1024 * 1024 + 17);
      for (let i = 0; i < data.length; i++) data[i] = (i * 31 + (i >> 9)) & 0xff;
      await writeFile(join(dir, 'in.bin'), data);
      const fs = backend();
      const progress: number[] = [];
      const common = { threads: 4, chunkSize: 1024 * 1024, verify: 'checksum' as const, abortSignal: new AbortController().signal, onProgress: (p: { bytesDone: number }) => progress.push(p.bytesDone) };
      const up = await uploadGen2(fs, join(dir, 'in.bin'), '/up/', { ...common, existing: 'fail' });
      assert.equal(up.target, '/up/in.bin');
      assert.equal(up.bytes, data.length);
      assert.equal(progress.at(-1), data.length);
      assert.ok(fake.nodes.get('/up/in.bin')!.data.equals(data));
      await assert.rejects(uploadGen2(fs, join(dir, 'in.bin'), '/up/in.bin', { ...common, existing: 'fail' }), /already exists \(use overwrite/);
      const skipped = await uploadGen2(fs, join(dir, 'in.bin'), '/up/in.bin', { ...common, existing: 'skip' });
      assert.equal(skipped.filesSkipped, 1);
      const down = await download(gen2TransferRemote(fs), '/up/in.bin', join(dir, 'out.bin'), { concurrency: 4, chunkSize: 1024 * 1024, verify: 'checksum' });
      assert.equal(down.bytes, data.length);
      assert.ok((await readFile(join(dir, 'out.bin'))).equals(data));
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });

  test('put --resume: flushed windows survive an interruption, the rerun sends the rest and renames into place; a changed temp file starts over', async () => {
    const dir = await mkdtemp(join(tmpdir(), 'gen2-resume-'));
    const MiB = 1024 * 1024;
    try {
      const data = Buffer.alloc(5 * MiB + 99);
      for (let i = 0; i < data.length; i++) data[i] = (i * 7 + (i >> 11)) & 0xff;
      await writeFile(join(dir, 'big.bin'), data);
      const fs = backend();
      const stateDir = join(dir, 'state');
      const run = (signal: AbortSignal, onProgress: (p: { bytesDone: number }) => void = () => {}) =>
        uploadGen2(fs, join(dir, 'big.bin'), '/res/big.bin', { threads: 2, chunkSize: MiB, existing: 'fail', verify: 'size', resume: true, stateDir, abortSignal: signal, onProgress });
      const temps = () => [...fake.nodes.keys()].filter((k) => k.startsWith('/res/.big.bin.adls-upload-'));

      // Interrupted once the first window (2 chunks of 1 MiB) is flushed.
      const stop = new AbortController();
      await assert.rejects(run(stop.signal, (p) => { if (p.bytesDone >= 2 * MiB) stop.abort(); }));
      assert.equal(fake.nodes.has('/res/big.bin'), false, 'nothing at the target until the upload is complete');
      assert.equal(temps().length, 1);
      assert.equal(fake.nodes.get(temps()[0])!.data.length, 2 * MiB);

      const second = await run(new AbortController().signal);
      assert.deepEqual([second.bytesResumed, second.bytesTransferred, second.bytes], [2 * MiB, data.length - 2 * MiB, data.length]);
      assert.ok(fake.nodes.get('/res/big.bin')!.data.equals(data));
      assert.deepEqual(temps(), []);
      assert.deepEqual(await readdir(stateDir), [], 'the state is gone with the finished upload');

      // Someone else writes to the temporary file between the runs: its ETag changes, the upload starts over.
      const again = new AbortController();
      await assert.rejects(uploadGen2(fs, join(dir, 'big.bin'), '/res/big.bin', {
        threads: 2, chunkSize: MiB, existing: 'overwrite', verify: 'size', resume: true, stateDir, abortSignal: again.signal,
        onProgress: (p) => { if (p.bytesDone >= 2 * MiB) again.abort(); },
      }));
      fake.nodes.get(temps()[0])!.version! += 10;
      const fresh = await uploadGen2(fs, join(dir, 'big.bin'), '/res/big.bin', { threads: 2, chunkSize: MiB, existing: 'overwrite', verify: 'size', resume: true, stateDir, abortSignal: new AbortController().signal, onProgress: () => {} });
      assert.equal(fresh.bytesResumed, 0);
      assert.ok(fake.nodes.get('/res/big.bin')!.data.equals(data));
      assert.deepEqual(temps(), []);
    } finally {
      await rm(dir, { recursive: true, force: true });
    }
  });
});
