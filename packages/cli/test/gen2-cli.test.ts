// The built `adls` on abfss:// URLs against the emulator's Gen2 endpoint: a real device-code sign-in (token for
// https://storage.azure.com/), Microsoft's DataLake SDK underneath, the emulator's CA trusted through the CLI's
// own agent, files round-tripped byte for byte, ACLs enforced for bob with Gen1's error shape, connection strings.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { after, before, describe, it } from 'node:test';
import { AccountSASPermissions, AccountSASResourceTypes, AccountSASServices, generateAccountSASQueryParameters, StorageSharedKeyCredential } from '@azure/storage-file-datalake';
import { startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';

const CLI = resolve('packages/cli/dist/main.js');

interface Run { code: number | null; out: string; err: string }

/** Runs the CLI asynchronously (spawnSync would block the in-process emulator). */
function adls(env: NodeJS.ProcessEnv, args: string[], onStderr?: (text: string) => void): Promise<Run> {
  return new Promise((done, fail) => {
    const child = spawn(process.execPath, [CLI, ...args], { env, stdio: ['ignore', 'pipe', 'pipe'] });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; onStderr?.(err); });
    child.on('error', fail);
    child.on('exit', (code) => done({ code, out, err }));
  });
}

describe('adls fs on abfss:// (built CLI, emulator)', () => {
  let t: TestEmulator;
  let env: NodeJS.ProcessEnv;
  let bobEnv: NodeJS.ProcessEnv;
  let bobOid: string;
  let work: string;
  let fs: string;
  /** The development storage account as the emulator lists it: name, published key, ready connection string. */
  let dev: { name: string; key: string | null; connectionString: string | null };
  const dirs: string[] = [];

  const envFor = () => {
    const dir = mkdtempSync(join(tmpdir(), 'adls-gen2-cli-'));
    dirs.push(dir);
    return { ...process.env, ADLS_EMULATOR: t.base, ADLS_CA_FILE: t.emu.info().caCertPath, ADLS_CONFIG_DIR: dir, ADLS_SUBSCRIPTION: '' };
  };
  /** Runs a command that must succeed; returns its stdout. */
  const ok = async (e: NodeJS.ProcessEnv, ...args: string[]) => {
    const r = await adls(e, args);
    assert.equal(r.code, 0, `adls ${args.join(' ')}: ${r.err}`);
    return r.out;
  };

  before(async () => {
    t = await startTestEmulator();
    const users = t.emu.info().users;
    // The development storage account's owner (a super-user on it) is the MFA user; bob is an ordinary user.
    const owner = users.find((u) => u.mfa) ?? users[0];
    const bob = users.find((u) => u.oid !== owner.oid && u.password && !u.mfa)!;
    bobOid = bob.oid;
    env = envFor();
    bobEnv = envFor();
    let approved = false;
    const login = await adls(env, ['login'], (stderr) => {
      const code = /enter the code (\S+)/.exec(stderr)?.[1];
      if (!code || approved) return;
      approved = true;
      void t.fetch('/_emulator/device/approve', {
        method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_code: code, username: owner.username }),
      }).then((r) => r.text());
    });
    assert.equal(login.code, 0, login.err);
    const bobLogin = await adls({ ...bobEnv, ADLS_PASSWORD: bob.password! }, ['login', '--username', bob.username]);
    assert.equal(bobLogin.code, 0, bobLogin.err);
    work = mkdtempSync(join(tmpdir(), 'adls-gen2-files-'));
    dirs.push(work);
    dev = t.emu.info().storageAccounts.find((a) => a.key !== null)!;
    // Host style, as on Azure: {account}.dfs.{suffix}; the CLI resolves *.localhost and trusts the emulator's CA.
    fs = `abfss://cli1@${dev.name}.dfs.${t.emu.info().dataPlaneSuffix}:${t.emu.port}`;
    await ok(env, 'fs', 'mkdir', `${fs}/`);
  });
  after(async () => {
    await t?.stop();
    for (const d of dirs) rmSync(d, { recursive: true, force: true });
  });

  it('mkdir, put (multi-MiB, parallel), ls, cat, get byte-identical, mv, rm -r', async () => {
    const data = randomBytes(6 * 1024 * 1024 + 4321);
    writeFileSync(join(work, 'big.bin'), data);
    writeFileSync(join(work, 'note.txt'), 'hello gen2\n');
    mkdirSync(join(work, 'tree', 'sub'), { recursive: true });
    writeFileSync(join(work, 'tree', 'a.txt'), 'a');
    writeFileSync(join(work, 'tree', 'sub', 'b.bin'), randomBytes(70_000));
    await ok(env, 'fs', 'mkdir', '-m', '750', `${fs}/data/in`);

    const put = JSON.parse(await ok(env, 'fs', 'put', join(work, 'big.bin'), `${fs}/data/in/`, '-t', '4', '--chunk-size', '1M', '--verify', 'checksum', '--json'));
    assert.deepEqual([put.direction, put.target, put.files, put.bytes, put.verified], ['upload', '/data/in/big.bin', 1, data.length, 'checksum']);
    await ok(env, 'fs', 'put', join(work, 'note.txt'), `${fs}/data/in/note.txt`);
    const again = await adls(env, ['fs', 'put', join(work, 'note.txt'), `${fs}/data/in/note.txt`]);
    assert.equal(again.code, 6, again.err);
    assert.match(again.err, /^adls: \/data\/in\/note\.txt already exists \(pass --overwrite to replace it\)/);

    const listed = JSON.parse(await ok(env, 'fs', 'ls', '--json', `${fs}/data/in`));
    assert.deepEqual(listed.map((s: { path: string; length: number; type: string }) => [s.path, s.type, s.length]),
      [['/data/in/big.bin', 'FILE', data.length], ['/data/in/note.txt', 'FILE', 11]]);
    assert.equal(JSON.parse(await ok(env, 'fs', 'stat', '--json', `${fs}/data/in`)).permission, '750');
    assert.equal(await ok(env, 'fs', 'cat', `${fs}/data/in/note.txt`), 'hello gen2\n');

    const get = JSON.parse(await ok(env, 'fs', 'get', `${fs}/data/in/big.bin`, join(work, 'copy.bin'), '-t', '4', '--chunk-size', '1M', '--verify', 'checksum', '--json'));
    assert.equal(get.bytes, data.length);
    assert.ok(readFileSync(join(work, 'copy.bin')).equals(data), 'downloaded bytes are the uploaded bytes');

    assert.deepEqual(JSON.parse(await ok(env, 'fs', 'mv', '--json', `${fs}/data/in/note.txt`, `${fs}/data/note.txt`)), { source: '/data/in/note.txt', destination: '/data/note.txt' });

    // --resume: windows flushed to a hidden temporary file, renamed into place at the end (nothing else left behind).
    const resumable = JSON.parse(await ok(env, 'fs', 'put', join(work, 'big.bin'), `${fs}/data/r.bin`, '--resume', '-t', '2', '--chunk-size', '2M', '--json'));
    assert.deepEqual([resumable.bytes, resumable.bytesResumed], [data.length, 0]);
    assert.equal(await ok(env, 'fs', 'ls', `${fs}/data`), '/data/in\n/data/note.txt\n/data/r.bin\n');
    assert.equal(JSON.parse(await ok(env, 'fs', 'stat', '--json', `${fs}/data/r.bin`)).length, data.length);

    // Trees: put -r into a folder, get -r back, byte for byte.
    await ok(env, 'fs', 'put', '-r', join(work, 'tree'), `${fs}/data/`);
    await ok(env, 'fs', 'get', '-r', `${fs}/data/tree`, join(work, 'tree-copy'));
    for (const f of ['a.txt', 'sub/b.bin']) assert.ok(readFileSync(join(work, 'tree-copy', f)).equals(readFileSync(join(work, 'tree', f))), f);

    assert.deepEqual(JSON.parse(await ok(env, 'fs', 'rm', '-r', '--json', `${fs}/data`)), { deleted: ['/data'] });
    const gone = await adls(env, ['fs', 'stat', `${fs}/data`]);
    assert.equal(gone.code, 3, gone.err);
  });

  it('ACLs: set and get, enforced for bob; a refusal reads like Gen1\'s (one line, the hint, exit 4)', async () => {
    await ok(env, 'fs', 'mkdir', '-m', '700', `${fs}/shared`, `${fs}/private`);
    writeFileSync(join(work, 's.txt'), 'for bob');
    await ok(env, 'fs', 'put', join(work, 's.txt'), `${fs}/shared/s.txt`);
    await ok(env, 'fs', 'acl', 'modify', `${fs}/`, `user:${bobOid}:--x`);
    await ok(env, 'fs', 'acl', 'set', `${fs}/shared`, `user::rwx,group::---,other::---,user:${bobOid}:r-x`);
    await ok(env, 'fs', 'acl', 'modify', `${fs}/shared/s.txt`, `user:${bobOid}:r--`);
    const acl = JSON.parse(await ok(env, 'fs', 'acl', 'get', '--json', `${fs}/shared`));
    assert.ok(acl.entries.includes(`user:${bobOid}:r-x`), JSON.stringify(acl));

    assert.equal(await ok(bobEnv, 'fs', 'ls', `${fs}/shared`), '/shared/s.txt\n');
    assert.equal(await ok(bobEnv, 'fs', 'cat', `${fs}/shared/s.txt`), 'for bob');

    const refused = await adls(bobEnv, ['fs', 'ls', `${fs}/private`]);
    assert.equal(refused.code, 4, refused.err);
    const lines = refused.err.trimEnd().split('\n');
    assert.match(lines[0], /^adls: (GETFILESTATUS|LISTSTATUS) \/private: AuthorizationPermissionMismatch: \S.*$/);
    assert.equal(lines[1], "hint: 'adls whoami' shows who you are signed in as; the owner must grant that identity access.");

    // Gen1's refusal of the same kind, for comparison: the same two lines' shape and exit code.
    await ok(env, 'fs', 'mkdir', '-m', '700', '/gen1-private');
    const gen1 = await adls(bobEnv, ['fs', 'ls', '/gen1-private']);
    assert.equal(gen1.code, 4, gen1.err);
    const gen1Lines = gen1.err.trimEnd().split('\n');
    assert.match(gen1Lines[0], /^adls: \S+ \/gen1-private: \w+: \S.*$/);
    assert.equal(gen1Lines[1], lines[1]);

    const write = await adls(bobEnv, ['fs', 'put', join(work, 's.txt'), `${fs}/shared/bob.txt`]);
    assert.equal(write.code, 4, write.err);
  });

  it('connection string, account key and SAS (flags or environment): no sign-in needed; a bare account uses the listed endpoint', async () => {
    await ok(env, 'fs', 'mkdir', `${fs}/cs`);
    writeFileSync(join(work, 'cs.txt'), 'signed with the key');
    const cs = dev.connectionString!; // as /_emulator/info hands it out (path style on localhost)
    const anonymous = envFor(); // signed in nowhere: the key alone signs the requests
    await ok(anonymous, 'fs', 'put', join(work, 'cs.txt'), 'abfss://cli1@devstoreaccount1/cs/cs.txt', '--connection-string', cs);
    assert.equal(await ok({ ...anonymous, AZURE_STORAGE_CONNECTION_STRING: cs }, 'fs', 'cat', 'abfss://cli1@devstoreaccount1/cs/cs.txt'), 'signed with the key');
    // The same file through the signed-in session, the account's endpoint taken from the emulator's list.
    assert.equal(await ok(env, 'fs', 'cat', 'abfss://cli1@devstoreaccount1/cs/cs.txt'), 'signed with the key');
    assert.equal(await ok(anonymous, 'fs', 'ls', 'abfss://cli1@devstoreaccount1/cs', '--account-key', dev.key!), '/cs/cs.txt\n');
    // A read-only account SAS: reads pass, a write is refused as the service refuses it (exit 4).
    const sas = generateAccountSASQueryParameters({
      permissions: AccountSASPermissions.parse('rl'), resourceTypes: AccountSASResourceTypes.parse('sco').toString(),
      services: AccountSASServices.parse('b').toString(), expiresOn: new Date(Date.now() + 3600_000),
    }, new StorageSharedKeyCredential(dev.name, dev.key!)).toString();
    assert.equal(await ok({ ...anonymous, AZURE_STORAGE_SAS_TOKEN: sas }, 'fs', 'cat', 'abfss://cli1@devstoreaccount1/cs/cs.txt'), 'signed with the key');
    const sasWrite = await adls(anonymous, ['fs', 'mkdir', 'abfss://cli1@devstoreaccount1/cs/new', '--sas', sas]);
    assert.equal(sasWrite.code, 4, sasWrite.err);
    const wrong = await adls(anonymous, ['fs', 'ls', 'abfss://cli1@devstoreaccount1/cs', '--connection-string', cs.replace(/AccountKey=[^;]+/, `AccountKey=${Buffer.alloc(64, 1).toString('base64')}`)]);
    assert.equal(wrong.code, 5, wrong.err);
    assert.match(wrong.err, /AuthenticationFailed/);
  });
});
