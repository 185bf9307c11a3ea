// `adls fs` commands run in-process against the SDK's fake WebHDFS server (client injected through deps).
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Writable } from 'node:stream';
import { Command } from 'commander';
import { DataLakeFileSystemClient } from 'adls-gen1';
import { registerFsCommands } from '../src/commands/fs.js';
import { exitCodeFor, EXIT } from '../src/exit.js';
import type { DirectoryUser } from '../src/principals.js';
import { emulatorFileSystem, type FakeWebHdfs, mintToken, startFakeWebHdfs, startTestEmulator, type TestEmulator, staticCredential } from 'adls-gen1-test-support';
import { spawnSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { fileURLToPath } from 'node:url';

const credential = staticCredential('fake-token');

/** Runs `adls fs <args>` in-process with the given client; returns stdout and the exit code main.ts would use. */
async function runFs(makeClient: () => DataLakeFileSystemClient, args: string[], directory?: DirectoryUser[]): Promise<{ out: string; code: number; error?: string }> {
  let out = '';
  const stdout = new Writable({ write(c, _e, cb) { out += c.toString(); cb(); } });
  const program = new Command('adls').exitOverride();
  const fs = program.command('fs').exitOverride();
  registerFsCommands(fs, { clientFor: async () => makeClient(), stdout, directoryFor: async () => directory });
  try {
    await program.parseAsync(['fs', ...args], { from: 'user' });
    return { out, code: 0 };
  } catch (e) {
    return { out, code: exitCodeFor(e), error: (e as Error).message };
  }
}

describe('adls fs (in-process, fake server)', () => {
  let fake: FakeWebHdfs;
  before(async () => { fake = await startFakeWebHdfs(); });
  after(async () => { await fake.close(); });
  const adls = (...args: string[]) => runFs(() => new DataLakeFileSystemClient(fake.url, credential, { retry: { maxRetries: 0 } }), args);

  test('mkdir, touch, ls, stat --json', async () => {
    assert.equal((await adls('mkdir', '/a/b', '/c')).code, 0);
    assert.equal((await adls('touch', '/a/f.txt')).code, 0);
    assert.equal((await adls('ls', '/a')).out, '/a/b\n/a/f.txt\n');
    const long = (await adls('ls', '-l', '/a')).out;
    assert.match(long, /^drwxrwx--- .* \/a\/b$/m);
    const json = JSON.parse((await adls('stat', '--json', '/a/f.txt')).out);
    assert.equal(json.type, 'FILE');
    assert.equal(json.length, 0);
    assert.deepEqual(JSON.parse((await adls('ls', '-r', '--json', '/a')).out).map((s: { path: string }) => s.path), ['/a/b', '/a/f.txt']);
  });

  test('cat, head, tail, du, concat', async () => {
    fake.nodes.set('/d/x', { type: 'FILE', data: Buffer.from('hello'), permission: '770', mtime: 0, acl: [] });
    fake.nodes.set('/d', { type: 'DIRECTORY', data: Buffer.alloc(0), permission: '770', mtime: 0, acl: [] });
    fake.nodes.set('/d/y', { type: 'FILE', data: Buffer.from(' world'), permission: '770', mtime: 0, acl: [] });
    assert.equal((await adls('cat', '/d/x')).out, 'hello');
    assert.equal((await adls('head', '-c', '2', '/d/x')).out, 'he');
    assert.equal((await adls('tail', '--bytes', '3', '/d/y')).out, 'rld');
    const du = JSON.parse((await adls('du', '--json', '/d')).out);
    assert.equal(du.length, 11);
    assert.equal((await adls('concat', '/d/z', '/d/x', '/d/y')).code, 0);
    assert.equal((await adls('cat', '/d/z')).out, 'hello world');
    assert.match((await adls('du', '-s', '/d')).out, /^11 +\/d \(total: 1 files, 1 directories\)$/m);
  });

  test('mv, rm -r, chmod, acl, expiry', async () => {
    await adls('touch', '/m/one');
    assert.equal((await adls('mv', '/m/one', '/m/two')).code, 0);
    assert.equal((await adls('chmod', '750', '/m/two')).code, 0);
    assert.equal(fake.nodes.get('/m/two')!.permission, '750');
    const id = '0d0e0f00-1111-4222-8333-444455556666';
    assert.equal((await adls('acl', 'modify', '/m/two', `user:${id}:r-x`)).code, 0);
    assert.match((await adls('acl', 'get', '/m/two')).out, new RegExp(`^user:${id}:r-x$`, 'm'));
    // Without a directory to look names up in (Azure), a short name is refused before any request.
    const before = fake.requests.length;
    const short = await adls('acl', 'modify', '/m/two', 'user:abc:r-x');
    assert.equal(short.code, EXIT.BAD_INPUT);
    assert.match(short.error!, /'abc' is not an object id or a user principal name/);
    assert.equal(fake.requests.length, before);
    assert.equal((await adls('expiry', '/m/two', 'absolute', '2030-01-01T00:00:00Z')).code, 0);
    assert.equal(fake.nodes.get('/m/two')!.expiry, Date.parse('2030-01-01T00:00:00Z'));
    // Not empty without -r: the command line must change → bad input (2), not "already exists".
    assert.equal((await adls('rm', '/m')).code, EXIT.BAD_INPUT);
    assert.equal(fake.nodes.has('/m/two'), true);
    assert.equal((await adls('rm', '-r', '/m')).code, 0);
    assert.equal(fake.nodes.has('/m'), false);
  });

  test('--json on write commands prints a result object; times are ISO 8601 UTC, "never" is null', async () => {
    const made = JSON.parse((await adls('mkdir', '--json', '/j/a', '/j/b')).out);
    assert.deepEqual(made.map((s: { path: string }) => s.path), ['/j/a', '/j/b']);
    assert.match(made[0].modificationTime, /^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    const touched = JSON.parse((await adls('touch', '--json', '/j/f')).out);
    assert.equal(touched[0].type, 'FILE');
    assert.equal(touched[0].msExpirationTime, null);
    assert.equal(JSON.parse((await adls('chmod', '--json', '750', '/j/f')).out)[0].permission, '750');
    const id = '0d0e0f00-1111-4222-8333-444455556666';
    const acl = JSON.parse((await adls('acl', 'modify', '--json', '/j/f', `user:${id}:r--`)).out);
    assert.equal(acl[0].path, '/j/f');
    assert.ok(acl[0].entries.includes(`user:${id}:r--`));
    assert.deepEqual(JSON.parse((await adls('mv', '--json', '/j/f', '/j/g')).out), { source: '/j/f', destination: '/j/g' });
    const exp = JSON.parse((await adls('expiry', '--json', '/j/g', 'absolute', '2030-01-01T00:00:00Z')).out);
    assert.equal(exp.msExpirationTime, '2030-01-01T00:00:00.000Z');
    fake.nodes.set('/j/t', { type: 'FILE', data: Buffer.from('héllo'), permission: '770', mtime: 0, acl: [] });
    assert.deepEqual(JSON.parse((await adls('cat', '--json', '/j/t')).out), { path: '/j/t', length: 6, encoding: 'utf8', content: 'héllo' });
    fake.nodes.set('/j/bin', { type: 'FILE', data: Buffer.from([0xff, 0xfe, 0x00]), permission: '770', mtime: 0, acl: [] });
    assert.equal(JSON.parse((await adls('head', '--json', '/j/bin')).out).content, '//4A');
    assert.deepEqual(JSON.parse((await adls('rm', '-r', '--json', '/j')).out), { deleted: ['/j'] });
  });

  test('exit codes: not found 3, bad input 2', async () => {
    assert.equal((await adls('stat', '/missing')).code, EXIT.NOT_FOUND);
    assert.equal((await adls('cat', '/missing')).code, EXIT.NOT_FOUND);
    assert.equal((await adls('chmod', '99', '/')).code, EXIT.BAD_INPUT);
    assert.equal((await adls('expiry', '/x', 'someday')).code, EXIT.BAD_INPUT);
    assert.equal((await adls('head', '-c', 'lots', '/x')).code, EXIT.BAD_INPUT);
  });
});

describe('adls fs (in-process, emulator)', () => {
  let t: TestEmulator;
  let token: string;
  before(async () => { t = await startTestEmulator(); token = await mintToken(t.emu); });
  after(async () => { await t?.stop(); });
  const adls = (...args: string[]) => runFs(() => emulatorFileSystem(t, token), args, t.emu.info().users.map((u) => ({ username: u.username, oid: u.oid })));

  test('names, not GUIDs: ls -l and acl get show UPNs; chown and acl take user names', async () => {
    const [alice, bob] = t.emu.info().users;
    assert.equal((await adls('touch', '/names/f.txt')).code, 0);
    const long = (await adls('ls', '-l', '/names')).out;
    assert.match(long, new RegExp(`^-rwxrwx--- +${alice.username} .*/names/f\\.txt$`, 'm'));
    assert.doesNotMatch(long, new RegExp(alice.oid));
    assert.match((await adls('ls', '-l', '-n', '/names')).out, new RegExp(alice.oid));
    assert.equal(JSON.parse((await adls('ls', '--json', '/names')).out)[0].owner, alice.oid);

    // "bob" is the only user whose UPN starts with bob@: it is his object id that lands in the ACL.
    assert.equal((await adls('acl', 'modify', '/names/f.txt', 'user:bob:r-x')).code, 0);
    assert.ok(JSON.parse((await adls('acl', 'get', '--json', '/names/f.txt')).out).entries.includes(`user:${bob.oid}:r-x`));
    const text = (await adls('acl', 'get', '/names/f.txt')).out;
    assert.match(text, new RegExp(`^# owner: ${alice.username}$`, 'm'));
    assert.match(text, new RegExp(`^user:${bob.username}:r-x$`, 'm'));
    assert.equal((await adls('acl', 'remove', '/names/f.txt', 'user:bob')).code, 0);
    assert.ok(!JSON.parse((await adls('acl', 'get', '--json', '/names/f.txt')).out).entries.some((e: string) => e.includes(bob.oid)));

    const nobody = await adls('chown', 'nobody', '/names/f.txt');
    assert.equal(nobody.code, EXIT.BAD_INPUT);
    assert.match(nobody.error!, /No user 'nobody'/);
    assert.equal((await adls('chown', `bob:${bob.username}`, '/names/f.txt')).code, 0);
    const s = JSON.parse((await adls('stat', '--json', '/names/f.txt')).out);
    assert.deepEqual([s.owner, s.group], [bob.oid, bob.oid]);
    assert.match((await adls('stat', '/names/f.txt')).out, new RegExp(`^owner +${bob.username}$`, 'm'));
  });

  test('a session: mkdir, touch, ls, chmod, acl, du, cat, rm', async () => {
    assert.equal((await adls('stat', '/')).code, 0);
    assert.equal((await adls('mkdir', '/cli/dir')).code, 0);
    assert.equal((await adls('touch', '/cli/dir/a b.txt')).code, 0);
    assert.equal((await adls('ls', '/cli/dir')).out, '/cli/dir/a b.txt\n');
    assert.equal((await adls('chmod', '750', '/cli/dir/a b.txt')).code, 0);
    assert.equal(JSON.parse((await adls('stat', '--json', '/cli/dir/a b.txt')).out).permission, '750');
    const other = t.emu.info().users[1].oid;
    assert.equal((await adls('acl', 'modify', '-r', '/cli', `user:${other}:r-x,default:user:${other}:r-x`)).code, 0);
    assert.ok(JSON.parse((await adls('acl', 'get', '--json', '/cli/dir/a b.txt')).out).entries.includes(`user:${other}:r-x`));
    assert.ok(JSON.parse((await adls('acl', 'get', '--json', '/cli/dir')).out).entries.includes(`default:user:${other}:r-x`));
    assert.equal((await adls('cat', '/cli/dir/a b.txt')).out, '');
    assert.equal(JSON.parse((await adls('du', '--json', '/cli')).out).fileCount, 1);
    assert.equal((await adls('stat', '/cli/nope')).code, EXIT.NOT_FOUND);
    assert.equal((await adls('rm', '-r', '/cli')).code, 0);
    assert.equal((await adls('stat', '/cli')).code, EXIT.NOT_FOUND);
  });
});

describe('adls fs (built CLI)', () => {
  const main = fileURLToPath(new URL('../dist/main.js', import.meta.url));
  const run = (...args: string[]) => spawnSync(process.execPath, [main, 'fs', ...args], { encoding: 'utf8', timeout: 20_000 });

  test('bad input exits 2 before any sign-in or request', () => {
    assert.ok(existsSync(main), 'the CLI is built (npm run build)');
    assert.match(run('--help').stdout, /ls \[options\] \[path\]/);
    // (the other validators are covered in-process above; each spawn costs a second)
    for (const args of [['chmod', '99', '/x'], ['acl', 'set', '/x', 'bogus']]) {
      const r = run(...args);
      assert.equal(r.status, EXIT.BAD_INPUT, `${args.join(' ')}: ${r.stderr}`);
    }
  });
});
