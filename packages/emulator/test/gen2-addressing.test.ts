// Gen2 addressing: host-style and path-style requests, path decoding, DFS/Blob classification, TLS names.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { addressOf, decodePath } from '../src/gen2/addressing.js';
import { classify } from '../src/gen2/classify.js';
import { issuableServerName } from '../src/tls/ca.js';

const opts = (known: string[] = ['devstoreaccount1'], storageRequest = true) =>
  ({ suffix: 'adls.localhost', publicHost: 'localhost', isAccount: (n: string) => known.includes(n), storageRequest });

describe('gen2 addressing', () => {
  it('reads the account and endpoint from {account}.dfs|blob.{suffix} hosts', () => {
    const a = addressOf('devstoreaccount1.dfs.adls.localhost', '/fs/dir/file.txt', opts());
    assert.deepEqual(a, { account: 'devstoreaccount1', endpoint: 'dfs', style: 'host', rawPath: '/fs/dir/file.txt', filesystem: 'fs', path: ['dir', 'file.txt'] });
    assert.equal(addressOf('devstoreaccount1.blob.adls.localhost', '/', opts())?.filesystem, undefined);
    assert.equal(addressOf('devstoreaccount1.blob.other.example', '/fs', opts()), undefined);
    // Azure's own names (transparent mode).
    assert.equal(addressOf('devstoreaccount1.dfs.core.windows.net', '/fs/a', opts())?.endpoint, 'dfs');
    assert.equal(addressOf('devstoreaccount1.queue.core.windows.net', '/fs/a', opts()), undefined);
    // A Gen1 account host is not Gen2's.
    assert.equal(addressOf('adlsemulator.adls.localhost', '/webhdfs/v1/x', opts()), undefined);
  });

  it("takes Azure's public {account}.dfs|blob.core.windows.net as host style (transparent mode), whatever the suffix", () => {
    const a = addressOf('DevStoreAccount1.Blob.core.windows.net', '/fs/d%2Ff', opts());
    assert.deepEqual(a, { account: 'devstoreaccount1', endpoint: 'blob', style: 'host', rawPath: '/fs/d%2Ff', filesystem: 'fs', path: ['d', 'f'] });
    // Named by the host, an account we do not hold is still claimed: the account lookup answers for it.
    assert.equal(addressOf('nosuchstorage.dfs.core.windows.net', '/', opts(['devstoreaccount1'], false))?.account, 'nosuchstorage');
    for (const host of ['ab.dfs.core.windows.net', 'a.b.dfs.core.windows.net', 'devstoreaccount1.queue.core.windows.net', 'management.core.windows.net']) {
      assert.equal(addressOf(host, '/fs', opts()), undefined, host);
    }
  });

  it('takes the account from the first segment on loopback and IP hosts (path style)', () => {
    const a = addressOf('127.0.0.1', '/devstoreaccount1/fs/a/b', opts());
    assert.equal(a?.style, 'path');
    assert.equal(a?.endpoint, undefined);
    assert.equal(a?.account, 'devstoreaccount1');
    assert.equal(a?.filesystem, 'fs');
    assert.deepEqual(a?.path, ['a', 'b']);
    assert.equal(addressOf('localhost', '/devstoreaccount1', opts())?.filesystem, undefined);
    assert.equal(addressOf('[::1]', '/devstoreaccount1/fs', opts())?.filesystem, 'fs');
  });

  it('leaves identity, management and Gen1 paths alone on shared hosts', () => {
    assert.equal(addressOf('localhost', '/common/oauth2/v2.0/token', opts(['devstoreaccount1'], false)), undefined);
    assert.equal(addressOf('localhost', '/subscriptions/x', opts()), undefined);
    assert.equal(addressOf('localhost', '/webhdfs/v1/x', opts()), undefined);
    assert.equal(addressOf('localhost', '/_emulator/info', opts()), undefined);
    // An unknown account is claimed only when the request is a storage request (x-ms-version).
    assert.equal(addressOf('localhost', '/nosuchaccount/fs', opts(['devstoreaccount1'], false)), undefined);
    assert.equal(addressOf('localhost', '/nosuchaccount/fs', opts())?.account, 'nosuchaccount');
  });

  it('decodes each segment, then splits at an encoded slash (the Python SDK sends dir%2Ffile)', () => {
    assert.deepEqual(decodePath('/pydir%2Fpy.bin'), ['pydir', 'py.bin']);
    assert.deepEqual(decodePath('/a%20b/c%25d//e'), ['a b', 'c%d', 'e']);
    assert.throws(() => decodePath('/bad%zz'), URIError);
    assert.deepEqual(addressOf('127.0.0.1', '/devstoreaccount1/fs/pydir%2Fpy.bin', opts())?.path, ['pydir', 'py.bin']);
  });

  it('tells DFS from Blob calls on a shared origin by the request', () => {
    const c = (method: string, q: string, headers: Record<string, string> = {}) => classify(undefined, method, new URLSearchParams(q), headers);
    assert.equal(c('PUT', 'resource=file'), 'dfs');
    assert.equal(c('PUT', 'restype=container'), 'blob');
    assert.equal(c('PATCH', 'action=append&position=0'), 'dfs');
    assert.equal(c('HEAD', 'action=getAccessControl'), 'dfs');
    assert.equal(c('HEAD', ''), 'blob');
    assert.equal(c('GET', ''), 'blob');
    assert.equal(c('PUT', 'mode=legacy', { 'x-ms-rename-source': '/fs/a' }), 'dfs');
    assert.equal(c('PUT', 'comp=metadata'), 'blob');
    assert.equal(c('GET', 'resource=account'), 'dfs');
    assert.equal(c('GET', 'comp=list'), 'blob');
    assert.equal(c('DELETE', 'recursive=true'), 'dfs');
    assert.equal(c('DELETE', ''), 'dfs');
    assert.equal(c('DELETE', 'restype=container'), 'blob');
    // The generated clients' Accept header tells plain path calls apart (the DataLake SDK's file delete has no query).
    assert.equal(c('DELETE', '', { accept: 'application/json' }), 'dfs');
    assert.equal(c('DELETE', '', { accept: 'application/xml' }), 'blob');
    assert.equal(c('HEAD', '', { accept: 'application/xml' }), 'blob');
    // The DataLake SDK sends its blob calls to a non-Azure dfs host unchanged: markers and Accept win over the host.
    assert.equal(classify('dfs', 'PUT', new URLSearchParams('restype=container'), {}), 'blob');
    assert.equal(classify('dfs', 'HEAD', new URLSearchParams(''), { accept: 'application/xml' }), 'blob');
    // Otherwise the host decides when it names the endpoint.
    assert.equal(classify('dfs', 'GET', new URLSearchParams(''), {}), 'dfs');
  });

  it('issues TLS certificates for storage account hosts under the data-plane suffix only', () => {
    assert.equal(issuableServerName('devstoreaccount1.dfs.adls.localhost', 'localhost', 'adls.localhost'), true);
    assert.equal(issuableServerName('devstoreaccount1.blob.adls.localhost', 'localhost', 'adls.localhost'), true);
    assert.equal(issuableServerName('devstoreaccount1.queue.adls.localhost', 'localhost', 'adls.localhost'), false);
    assert.equal(issuableServerName('a.b.c.adls.localhost', 'localhost', 'adls.localhost'), false);
  });
});
