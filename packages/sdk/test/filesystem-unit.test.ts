// SDK filesystem client against a small in-memory fake (no TLS, loopback): wire format, paging,
// error mapping and the offset-aware append retry with injected faults.
import { after, before, describe, test } from 'node:test';
import assert from 'node:assert/strict';
import { Readable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import {
  AccessDeniedError, AlreadyExistsError, BadOffsetError, ConflictError, DataLakeFileSystemClient, HttpPipeline, IntegrityError, InvalidArgumentError,
  NotFoundError, accountBaseUrl, encodePath, normalizePath, validatePermission,
} from 'adls-gen1';
import { startFakeWebHdfs, type FakeWebHdfs, staticCredential } from 'adls-gen1-test-support';

const credential = staticCredential('fake-token');
const fast = { maxRetries: 3, baseDelayMs: 1, maxDelayMs: 5 };

describe('paths and endpoints', () => {
  test('normalises and encodes like Python quote()', () => {
    assert.equal(normalizePath(''), '/');
    assert.equal(normalizePath('./a//b/./c/'), '/a/b/c');
    assert.equal(encodePath('/d1/sp ace+plus%pct#hash?q,é.txt'), '/d1/sp%20ace%2Bplus%25pct%23hash%3Fq%2C%C3%A9.txt');
    assert.equal(encodePath("/a(b)!*'"), '/a%28b%29%21%2A%27');
  });
  test('account name, host or URL', () => {
    assert.equal(accountBaseUrl('acct'), 'https://acct.azuredatalakestore.net');
    assert.equal(accountBaseUrl('acct', { dataPlaneSuffix: 'adls.localhost', port: 8443 }), 'https://acct.adls.localhost:8443');
    assert.equal(accountBaseUrl('acct.adls.localhost', { port: 1 }), 'https://acct.adls.localhost:1');
    assert.equal(accountBaseUrl('https://acct.example.net/x'), 'https://acct.example.net');
    assert.throws(() => accountBaseUrl('http://example.com'), /plain http/);
  });
  test('validatePermission: 3 or 4 octal digits (sticky bit only), numbers as octal', () => {
    assert.equal(validatePermission('750'), '750');
    assert.equal(validatePermission('1770'), '1770');
    assert.equal(validatePermission(0o640), '640');
    for (const bad of ['75', '789', '2750', 'rwx', '', '07777']) assert.throws(() => validatePermission(bad), InvalidArgumentError, bad);
  });
});

describe('DataLakeFileSystemClient (fake server)', () => {
  let fake: FakeWebHdfs;
  let fs: DataLakeFileSystemClient;
  before(async () => {
    fake = await startFakeWebHdfs();
    fs = new DataLakeFileSystemClient(fake.url, credential, { retry: fast });
  });
  after(async () => { await fs.close(); await fake.close(); });

  test('awkward names round-trip through the URL', async () => {
    const name = '/d1/sp ace+plus%pct#hash?q,é.txt';
    await fs.create(name, Buffer.from('x'));
    const seen = fake.requests.at(-1)!;
    assert.equal(seen.rawPath, '/d1/sp%20ace%2Bplus%25pct%23hash%3Fq%2C%C3%A9.txt');
    assert.equal(seen.query.get('write'), 'true');
    assert.equal(seen.query.get('api-version'), '2018-09-01');
    const s = await fs.stat(name);
    assert.equal(s.path, name);
    assert.equal(s.name, 'sp ace+plus%pct#hash?q,é.txt');
    assert.equal(s.type, 'FILE');
    await fs.mv(name, '/d1/b c+d.txt');
    assert.equal(fake.requests.at(-1)!.query.get('destination'), '/d1/b c+d.txt');
    assert.ok(fake.nodes.has('/d1/b c+d.txt'));
  });

  test('paging follows continuation tokens', async () => {
    for (const c of 'abcdefghij') await fs.create(`/page/123${c}.txt`, Buffer.from(c));
    const before = fake.requests.length;
    const pages: string[][] = [];
    for await (const p of fs.listPages('/page', { pageSize: 3 })) pages.push(p.map((s) => s.name));
    assert.deepEqual(pages.map((p) => p.length), [3, 3, 3, 1]);
    const lists = fake.requests.slice(before);
    assert.deepEqual(lists.map((r) => r.query.get('listAfter')), [null, '123c.txt', '123f.txt', '123i.txt']);
    assert.deepEqual(await fs.ls('/page', { pageSize: 5, detail: false }), [...'abcdefghij'].map((c) => `/page/123${c}.txt`));
    // exact multiple: the last, empty page is requested and yields nothing
    assert.equal((await fs.ls('/page', { pageSize: 5 })).length, 10);
  });

  test('error mapping carries status, remote name and request id', async () => {
    const e = await fs.stat('/nope').catch((x) => x);
    assert.ok(e instanceof NotFoundError);
    assert.equal(e.code, 'NOT_FOUND');
    assert.equal(e.status, 404);
    assert.equal(e.remoteCode, 'FileNotFoundException');
    assert.equal(e.requestId, 'fake-req-id');
    assert.equal(await fs.exists('/nope'), false);
    await fs.create('/exists.txt');
    await assert.rejects(fs.create('/exists.txt'), AlreadyExistsError);
    await assert.rejects(fs.append('/exists.txt', Buffer.from('x'), { offset: 5 }), BadOffsetError);
    await fs.mkdir('/full/sub');
    await assert.rejects(fs.rm('/full'), ConflictError);
    await assert.rejects(fs.rm('/gone'), NotFoundError);
    await assert.rejects(fs.mv('/gone', '/x'), NotFoundError);
    assert.equal(await fs.checkAccess('/exists.txt', 'r-x'), true);
    assert.equal(await fs.checkAccess('/exists.txt', 'rwx'), false);
    await assert.rejects(fs.chmod('/exists.txt', '999'), /octal/);
  });

  test('append after a lost reply is not duplicated', async () => {
    await fs.create('/lost.txt', Buffer.from('abc'));
    let dropped = 0;
    // apply the APPEND, then kill the connection before any reply
    fake.faults.push((r, res, apply) => {
      if (r.op !== 'APPEND' || r.body.length === 0 || dropped > 0) return false;
      dropped++;
      apply();
      res.socket?.destroy();
      return true;
    });
    await fs.append('/lost.txt', Buffer.from('def'), { offset: 3, syncFlag: 'DATA', leaseId: 'L1' });
    fake.faults.length = 0;
    assert.equal(dropped, 1);
    assert.equal(fake.nodes.get('/lost.txt')!.data.toString(), 'abcdef');
    const appends = fake.requests.filter((r) => r.op === 'APPEND' && r.path === '/lost.txt');
    // original, retry (BadOffset), zero-length probe at offset+len with the same lease
    assert.deepEqual(appends.map((r) => [r.query.get('offset'), r.body.length, r.query.get('leaseid'), r.query.get('filesessionid')]),
      [['3', 3, 'L1', 'L1'], ['3', 3, 'L1', 'L1'], ['6', 0, 'L1', 'L1']]);
  });

  test('append retried after a 503 that did not apply', async () => {
    await fs.create('/busy.txt');
    let n = 0;
    fake.faults.push((r, res) => {
      if (r.op !== 'APPEND' || n++ > 0) return false;
      res.writeHead(503, { 'retry-after': '0', 'content-type': 'application/json' });
      res.end(JSON.stringify({ RemoteException: { exception: 'RuntimeException', message: 'busy' } }));
      return true;
    });
    await fs.append('/busy.txt', Buffer.from('xyz'), { offset: 0 });
    fake.faults.length = 0;
    assert.equal(fake.nodes.get('/busy.txt')!.data.toString(), 'xyz');
  });

  test('write stream: CREATE DATA, APPEND DATA blocks, last APPEND CLOSE, one lease', async () => {
    const before = fake.requests.length;
    const data = Buffer.alloc(10, 'z');
    await pipeline(Readable.from([data.subarray(0, 4), data.subarray(4)]), fs.createWriteStream('/w/out.bin', { blockSize: 4 }));
    const reqs = fake.requests.slice(before).filter((r) => r.path === '/w/out.bin');
    assert.deepEqual(reqs.map((r) => [r.op, r.query.get('syncFlag'), r.query.get('offset'), r.body.length]),
      [['CREATE', 'DATA', null, 0], ['APPEND', 'DATA', '0', 4], ['APPEND', 'DATA', '4', 4], ['APPEND', 'CLOSE', '8', 2]]);
    assert.equal(new Set(reqs.map((r) => r.query.get('leaseid'))).size, 1);
    assert.equal(fake.nodes.get('/w/out.bin')!.data.toString(), 'zzzzzzzzzz');
    // empty file: CREATE then a zero-byte CLOSE
    await pipeline(Readable.from([]), fs.createWriteStream('/w/empty.bin'));
    assert.equal(fake.nodes.get('/w/empty.bin')!.data.length, 0);
    // append mode starts at the current length
    await pipeline(Readable.from([Buffer.from('++')]), fs.createWriteStream('/w/out.bin', { append: true }));
    assert.equal(fake.nodes.get('/w/out.bin')!.data.toString(), 'zzzzzzzzzz++');
  });

  test('read stream fetches ranges in blocks', async () => {
    const content = Buffer.from('0123456789abcdefghij');
    await fs.create('/r.txt', content);
    const before = fake.requests.length;
    const chunks: Buffer[] = [];
    for await (const c of fs.createReadStream('/r.txt', { offset: 2, length: 15, blockSize: 6 })) chunks.push(c);
    assert.equal(Buffer.concat(chunks).toString(), content.subarray(2, 17).toString());
    const opens = fake.requests.slice(before).filter((r) => r.op === 'OPEN');
    assert.deepEqual(opens.map((r) => [r.query.get('offset'), r.query.get('length')]), [['2', '6'], ['8', '6'], ['14', '3']]);
    assert.equal((await fs.head('/r.txt', { bytes: 4 })).toString(), '0123');
    assert.equal((await fs.tail('/r.txt', { bytes: 4 })).toString(), 'ghij');
    const one = await fs.read('/r.txt', { offset: 5, length: 3 });
    assert.equal((await one.toArray()).join(''), '567');
  });

  test('concat, acl, expiry, times, walk, glob, du', async () => {
    await fs.create('/c/a', Buffer.from('hello'));
    await fs.create('/c/b', Buffer.from(' world'));
    await fs.concat('/c/out', ['/c/a', 'c/b']);
    const mc = fake.requests.at(-1)!;
    assert.equal(mc.op, 'MSCONCAT');
    assert.deepEqual(JSON.parse(mc.body.toString()), { sources: ['/c/a', '/c/b'] });
    assert.equal(fake.nodes.get('/c/out')!.data.toString(), 'hello world');

    await fs.modifyAclEntries('/c/out', [{ type: 'user', id: 'abc', permission: 'r-x' }]);
    assert.equal(fake.requests.at(-1)!.query.get('aclSpec'), 'user:abc:r-x');
    assert.ok((await fs.getAclStatus('/c/out')).entries.includes('user:abc:r-x'));
    await fs.setExpiry('/c/out', 'Absolute', 1896091200000);
    assert.equal((await fs.stat('/c/out')).msExpirationTime, 1896091200000);
    await fs.setTimes('/c/out', { modificationTime: 1000 });
    assert.equal((await fs.stat('/c/out')).modificationTime, 1000);

    await fs.create('/t/x/1.csv', Buffer.from('11'));
    await fs.create('/t/x/2.txt', Buffer.from('222'));
    await fs.create('/t/y/z/3.csv', Buffer.from('3333'));
    const walked = [];
    for await (const s of fs.walk('/t')) walked.push(s.path);
    assert.deepEqual(walked, ['/t/x/1.csv', '/t/x/2.txt', '/t/y/z/3.csv']);
    assert.deepEqual((await fs.glob('/t/*/*.csv')).map((s) => s.path), ['/t/x/1.csv']);
    assert.deepEqual((await fs.glob('/t/**/*.csv')).map((s) => s.path), ['/t/x/1.csv', '/t/y/z/3.csv']);
    assert.deepEqual((await fs.glob('/t/?')).map((s) => s.path), ['/t/x', '/t/y']);
    const du = await fs.du('/t');
    assert.equal(du.length, 9);
    assert.equal(du.fileCount, 3);
    assert.deepEqual(du.children.map((c) => [c.path, c.length]), [['/t/x', 5], ['/t/y', 4]]);
  });

  test('read stream resumes after a connection cut mid-body', async () => {
    const content = Buffer.alloc(5000, 'q');
    content.write('END', 4997);
    await fs.create('/cut.bin', content);
    let cuts = 0;
    fake.faults.push((r, res) => {
      if (r.op !== 'OPEN' || cuts++ > 0) return false;
      const off = Number(r.query.get('offset'));
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(Number(r.query.get('length'))) });
      res.write(content.subarray(off, off + 1000), () => setTimeout(() => res.socket?.destroy(), 20));
      return true;
    });
    try {
      const back = Buffer.concat(await fs.createReadStream('/cut.bin').toArray());
      assert.ok(back.equals(content));
      const opens = fake.requests.filter((r) => r.op === 'OPEN' && r.path === '/cut.bin');
      assert.deepEqual(opens.map((r) => r.query.get('offset')), ['0', '1000']);
    } finally { fake.faults.length = 0; }
  });

  test('read stream keeps every byte for a slow reader, and stops fetching once destroyed', async () => {
    const content = Buffer.alloc(3 * 1024 * 1024);
    for (let i = 0; i < content.length; i += 4) content.writeUInt32LE(i, i);
    await fs.create('/slow.bin', content);
    const got: Buffer[] = [];
    for await (const c of fs.createReadStream('/slow.bin', { blockSize: 1024 * 1024 })) {
      got.push(c);
      await new Promise((resolve) => setImmediate(resolve));
    }
    assert.ok(Buffer.concat(got).equals(content));

    const start = fake.requests.length;
    const stream = fs.createReadStream('/slow.bin', { blockSize: 1024 * 1024 });
    await new Promise<void>((resolve) => stream.once('data', () => resolve()));
    stream.destroy();
    await new Promise((resolve) => setTimeout(resolve, 100));
    const opens = fake.requests.slice(start).filter((r) => r.op === 'OPEN');
    assert.equal(opens.length, 1, 'no block is fetched after the stream is destroyed');
  });

  test('a range answered with more bytes than asked, or with none, is an IntegrityError', async () => {
    await fs.create('/long.bin', Buffer.alloc(100, 'l'));
    fake.faults.push((r, res) => {
      if (r.op !== 'OPEN') return false;
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end(Buffer.alloc(Number(r.query.get('length')) + 10, 'l'));
      return true;
    });
    try {
      await assert.rejects(fs.createReadStream('/long.bin', { blockSize: 40 }).toArray(), (e: Error) => e instanceof IntegrityError && /more bytes than asked for at offset 0/.test(e.message));
    } finally { fake.faults.length = 0; }
    fake.faults.push((r, res) => {
      if (r.op !== 'OPEN') return false;
      res.writeHead(200, { 'content-type': 'application/octet-stream' });
      res.end();
      return true;
    });
    try {
      const start = fake.requests.length;
      await assert.rejects(fs.createReadStream('/long.bin').toArray(), (e: Error) => e instanceof IntegrityError && /service stopped at 0/.test(e.message));
      assert.equal(fake.requests.slice(start).filter((r) => r.op === 'OPEN').length, 5, 'five empty answers in a row');
    } finally { fake.faults.length = 0; }
  });

  /** Every OPEN answers its headers and 100 bytes, then the connection is cut. */
  function cutEveryOpen(content: Buffer): void {
    fake.faults.push((r, res) => {
      if (r.op !== 'OPEN') return false;
      const off = Number(r.query.get('offset'));
      res.writeHead(200, { 'content-type': 'application/octet-stream', 'content-length': String(Number(r.query.get('length'))) });
      res.write(content.subarray(off, off + 100), () => setTimeout(() => res.socket?.destroy(), 5));
      return true;
    });
  }

  test('a read that keeps being cut gives up after the client\'s retry budget (not a multiple of it)', async () => {
    const content = Buffer.alloc(5000, 'k');
    await fs.create('/cut-always.bin', content);
    cutEveryOpen(content);
    try {
      const start = fake.requests.length;
      await assert.rejects(fs.createReadStream('/cut-always.bin', { blockSize: 1000 }).toArray());
      const opens = fake.requests.slice(start).filter((r) => r.op === 'OPEN');
      assert.equal(opens.length, 1 + fast.maxRetries, 'one OPEN plus one resume per allowed retry');
      assert.deepEqual(opens.map((r) => r.query.get('offset')), ['0', '100', '200', '300']);
    } finally { fake.faults.length = 0; }
  });

  test('a client on a shared pipeline follows the pipeline\'s retry settings', async () => {
    const shared = new HttpPipeline({ credential, scopes: ['https://datalake.azure.net//.default'], retry: { maxRetries: 1, baseDelayMs: 1, maxDelayMs: 5 } });
    const client = new DataLakeFileSystemClient(fake.url, credential, { pipeline: shared, retry: { maxRetries: 9 } });
    const content = Buffer.alloc(3000, 's');
    await client.create('/cut-shared.bin', content);
    cutEveryOpen(content);
    try {
      const start = fake.requests.length;
      await assert.rejects(async () => (await client.read('/cut-shared.bin', { offset: 0, length: 3000 })).toArray());
      assert.equal(fake.requests.slice(start).filter((r) => r.op === 'OPEN').length, 2);
    } finally {
      fake.faults.length = 0;
      await client.close();
      await shared.close();
    }
  });

  test('abort signal cancels before sending', async () => {
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(fs.stat('/', { abortSignal: ac.signal }), { name: 'AbortError' });
  });

  test('access denied maps to AccessDeniedError', async () => {
    fake.faults.push((r, res) => {
      if (r.op !== 'LISTSTATUS') return false;
      res.writeHead(403, { 'content-type': 'application/json' });
      res.end(JSON.stringify({ RemoteException: { exception: 'AccessControlException', message: 'LISTSTATUS failed with error 0x83090aa2' } }));
      return true;
    });
    try {
      await assert.rejects(fs.ls('/'), (e: unknown) => e instanceof AccessDeniedError && e.status === 403);
    } finally { fake.faults.length = 0; }
  });
});
