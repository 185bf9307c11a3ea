// The one parser of `adls fs` path arguments: plain paths and adl:// (Gen1), abfs[s]:// (Gen2), malformed URLs.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { CliError, EXIT } from '../src/exit.js';
import { resolveRemoteArgs } from '../src/remote-args.js';
import { displayLocation, isRemoteUrl, parseRemotePath } from '../src/remote-path.js';

/** Asserts a BAD_INPUT CliError whose message matches `text`. */
function refused(arg: string, text: RegExp): void {
  assert.throws(() => parseRemotePath(arg), (e: unknown) => e instanceof CliError && e.exitCode === EXIT.BAD_INPUT && text.test(e.message), arg);
}

test('plain paths and adl:// are Gen1', () => {
  assert.deepEqual(parseRemotePath('/data/x'), { kind: 'gen1', path: '/data/x' });
  assert.deepEqual(parseRemotePath('adl:/data/x'), { kind: 'gen1', path: '/data/x' });
  assert.deepEqual(parseRemotePath('adl://mylake.azuredatalakestore.net/data'), { kind: 'gen1', path: '/data', account: 'mylake' });
  assert.deepEqual(parseRemotePath('adl://mylake'), { kind: 'gen1', path: '/', account: 'mylake' });
  assert.deepEqual(parseRemotePath('adl://mylake.adls.localhost:8443/a%20b/c/'), { kind: 'gen1', path: '/a b/c/', account: 'mylake' });
  assert.equal(isRemoteUrl('./adl:/x'), false);
  assert.equal(isRemoteUrl('/data/x'), false);
  assert.equal(isRemoteUrl('ABFSS://fs@acct/x'), true);
});

test('abfss://filesystem@account.dfs.core.windows.net/path (Hadoop ABFS)', () => {
  assert.deepEqual(parseRemotePath('abfss://data@mystore.dfs.core.windows.net/raw/2026/a.csv'), {
    kind: 'gen2', scheme: 'abfss', fileSystem: 'data', account: 'mystore', endpoint: 'https://mystore.dfs.core.windows.net', path: '/raw/2026/a.csv',
  });
  // abfs (no s) still goes over TLS; the root is '/'; percent-encoding is decoded; a trailing slash stays.
  const plain = parseRemotePath('abfs://data@mystore.dfs.core.windows.net');
  assert.equal(plain.kind === 'gen2' && plain.endpoint, 'https://mystore.dfs.core.windows.net');
  assert.equal(plain.path, '/');
  assert.equal(parseRemotePath('abfss://data@mystore.dfs.core.windows.net/my%20dir/').path, '/my dir/');
  assert.equal(parseRemotePath('abfss://data@mystore.dfs.core.chinacloudapi.cn/x').kind, 'gen2');
});

test('the emulator\'s hosts: {account}.dfs.adls.localhost:PORT, path style on IP hosts, a bare account', () => {
  assert.deepEqual(parseRemotePath('abfss://fs1@devstoreaccount1.dfs.adls.localhost:8443/dir/f.bin'), {
    kind: 'gen2', scheme: 'abfss', fileSystem: 'fs1', account: 'devstoreaccount1', endpoint: 'https://devstoreaccount1.dfs.adls.localhost:8443', path: '/dir/f.bin',
  });
  assert.deepEqual(parseRemotePath('abfss://fs1@127.0.0.1:8443/devstoreaccount1/dir/f.bin'), {
    kind: 'gen2', scheme: 'abfss', fileSystem: 'fs1', account: 'devstoreaccount1', endpoint: 'https://127.0.0.1:8443/devstoreaccount1', path: '/dir/f.bin',
  });
  assert.equal(parseRemotePath('abfss://fs1@localhost:8443/devstoreaccount1').path, '/');
  assert.deepEqual(parseRemotePath('abfss://fs1@devstoreaccount1/x'), { kind: 'gen2', scheme: 'abfss', fileSystem: 'fs1', account: 'devstoreaccount1', path: '/x' });
});

test('malformed URLs are bad input naming the problem', () => {
  refused('abfss://mystore.dfs.core.windows.net/x', /No file system/);
  refused('abfss://Data@mystore.dfs.core.windows.net/x', /Not a file system name: 'Data'/);
  refused('abfss://a--b@mystore.dfs.core.windows.net/x', /Not a file system name/);
  refused('abfss://fs1@my_store.dfs.core.windows.net/x', /Not a storage account name/);
  refused('abfss://fs1@mystore.blob.core.windows.net/x', /mystore\.dfs\.core\.windows\.net instead of mystore\.blob/);
  refused('abfss://fs1@mystore.example.com/x', /Not a DFS endpoint host/);
  refused('abfss://fs1@127.0.0.1:8443/', /storage account first in the path/);
  refused('abfss://fs1@mystore.dfs.core.windows.net/x?sv=1', /no query or fragment/);
  refused('abfss://fs1@mystore.dfs.core.windows.net/a%zz', /Malformed percent-encoding/);
  refused('abfss://fs1@mystore.dfs.core.windows.net/a/../b', /'\.' and '\.\.'/);
  refused('adl://', /No account/);
  refused('adl:data', /Not a Gen1 URL/);
  refused('wasbs://c@a.blob.core.windows.net/x', /Unsupported URL scheme/);
});

test('one command, one backend: URL arguments are replaced by their paths and must agree', () => {
  const r = resolveRemoteArgs(['750', 'abfss://fs1@acct.dfs.core.windows.net/a', 'abfss://fs1@acct.dfs.core.windows.net/b/']);
  assert.deepEqual(r.args, ['750', '/a', '/b/']);
  assert.equal(r.location?.kind, 'gen2');
  assert.deepEqual(resolveRemoteArgs(['/a', 'user::rwx']), { args: ['/a', 'user::rwx'], location: undefined });
  assert.throws(() => resolveRemoteArgs(['abfss://fs1@acct.dfs.core.windows.net/a', 'abfss://other@acct.dfs.core.windows.net/b']),
    (e: unknown) => e instanceof CliError && e.exitCode === EXIT.BAD_INPUT && /one account and file system/.test(e.message));
  assert.throws(() => resolveRemoteArgs(['adl://one/a', 'adl://two/b']), /one account/);
});

test('displayLocation writes a location back as its URL', () => {
  const loc = parseRemotePath('abfss://fs1@127.0.0.1:8443/devstoreaccount1/a%20b');
  assert.equal(loc.kind === 'gen2' && displayLocation(loc), 'abfss://fs1@127.0.0.1:8443/devstoreaccount1/a%20b');
});
