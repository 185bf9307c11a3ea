import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { OPERATIONS } from 'adls-gen1-protocol';
import { ALICE, startDataLake, type DataLakeTest } from './datalake-support.js';
import { SHARED_DIR } from './helpers.js';

/**
 * Replays every Swagger data-plane example (shared/spec/swagger/data-plane/examples) against a fresh
 * account each, and compares the status and the body shape (key names, case-insensitively for the wrapper,
 * and value types). Placeholder values that the normative spec rejects are replaced (OVERRIDES), and
 * PRECONDITIONS create what the example assumes exists.
 */
const DIR = join(SHARED_DIR, 'spec/swagger/data-plane/examples');
const P = '/webhdfs/v1/test_file_path';

const OVERRIDES: Record<string, Record<string, unknown>> = {
  // "rwx" is not an octal permission (filesystem-api §5.11).
  SETPERMISSION: { permission: '770' },
  // "test_fsaction" is not [r-][w-][x-] (§5.16).
  CHECKACCESS: { fsaction: 'r--' },
  // SETACL must include the base entries (§5.13): the example's named entry is kept, base entries added.
  SETACL: { aclspec: 'user::rwx,group::r-x,other::---,user:2666084e-edd4-4276-9a8c-d1024a5e3d94:rwx' },
  // "test_owner"/"test_group" are placeholders, not principals: owners are object ids or UPNs (§5.12, §6.4).
  SETOWNER: { owner: '2666084e-edd4-4276-9a8c-d1024a5e3d94', group: '2666084e-edd4-4276-9a8c-d1024a5e3d94' },
};

type Setup = (d: DataLakeTest, host: string) => Promise<void>;
const file = (path: string, body = 'xy'): Setup => async (d, host) => {
  const r = await d.call('PUT', `/webhdfs/v1/${path}?op=CREATE&write=true&overwrite=true`, { host, body });
  assert.equal(r.status, 201);
};
const PRECONDITIONS: Record<string, Setup[]> = {
  APPEND: [file('test_file_path', 'x')], // example offset is 1
  OPEN: [file('test_file_path')],
  CHECKACCESS: [file('test_file_path')],
  GETACLSTATUS: [file('test_file_path')],
  GETCONTENTSUMMARY: [file('test_file_path')],
  GETFILESTATUS: [file('test_file_path')],
  LISTSTATUS: [file('test_file_path/test_list_b')], // between listAfter=test_list_after and listBefore=test_list_before
  MODIFYACLENTRIES: [file('test_file_path')],
  REMOVEACL: [file('test_file_path')],
  REMOVEACLENTRIES: [file('test_file_path')],
  REMOVEDEFAULTACL: [file('test_file_path')],
  SETACL: [file('test_file_path')],
  SETEXPIRY: [file('test_file_path')],
  SETOWNER: [file('test_file_path')],
  SETPERMISSION: [file('test_file_path')],
  CONCAT: [file('test_source_1'), file('test_source_2')],
  MSCONCAT: [file('file/path/1.txt'), file('file/path/2.txt'), file('file/path/lastfile.csv')],
  // DELETE, RENAME and MKDIRS examples show {"boolean": false}: only the shape is compared.
};

/** Same keys (wrapper key case-insensitively, as the wire uses AclStatus/FileStatus where Swagger has aclStatus) and value types. */
function assertShape(actual: any, expected: any, where: string): void {
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${where}: array expected`);
    if (expected.length > 0) {
      assert.ok(actual.length > 0, `${where}: non-empty array expected`);
      assertShape(actual[0], expected[0], `${where}[0]`);
    }
    return;
  }
  if (expected !== null && typeof expected === 'object') {
    assert.equal(typeof actual, 'object', where);
    for (const k of Object.keys(expected)) {
      const key = Object.keys(actual).find((a) => a.toLowerCase() === k.toLowerCase());
      assert.ok(key !== undefined, `${where}: missing key ${k} in ${JSON.stringify(actual)}`);
      assertShape(actual[key!], expected[k], `${where}.${k}`);
    }
    return;
  }
  assert.equal(typeof actual, typeof expected, `${where}: type`);
}

let d: DataLakeTest;
before(async () => { d = await startDataLake(); });
after(async () => { await d.stop(); });

const examples = readdirSync(DIR).filter((f) => f.endsWith('.json')).sort();

test('every example file is covered', () => assert.equal(examples.length, 22));

examples.forEach((name, i) => {
  test(`swagger example ${name}`, async () => {
    const ex = JSON.parse(readFileSync(join(DIR, name), 'utf8'));
    const params = { ...ex.parameters, ...OVERRIDES[String(ex.parameters.op)] };
    const spec = OPERATIONS[params.op];
    assert.ok(spec, `op ${params.op} in the shared table`);
    // A fresh account per example, owned by alice, reached through its own host name.
    const account = `swaggerex${i}`;
    d.t.emu.core.accounts.insert({ name: account, subscriptionId: 'x', resourceGroup: 'rg', location: 'eastus2', ownerOid: ALICE.oid,
      provisioningState: 'Succeeded', tags: {}, properties: {} }, Date.now());
    d.t.emu.core.namespaces.provision(account, { oid: ALICE.oid, name: ALICE.upn });
    const host = `${account}.adls.localhost`;
    for (const setup of PRECONDITIONS[spec.op] ?? []) await setup(d, host);

    const skip = new Set(['accountName', 'adlsFileSystemDnsSuffix', 'path', 'streamContents', 'Transfer-Encoding']);
    const q = new URLSearchParams();
    for (const [k, v] of Object.entries(params)) {
      if (skip.has(k)) continue;
      q.set(k, Array.isArray(v) ? v.join(',') : String(v));
    }
    const prefix = spec.namespace === 'webhdfsext' ? '/WebHdfsExt/test_file_path' : P;
    let body: any;
    if (params.streamContents !== undefined) {
      body = typeof params.streamContents === 'string' ? params.streamContents : JSON.stringify(params.streamContents);
    }
    if (params['Transfer-Encoding'] === 'chunked') {
      const bytes = new TextEncoder().encode(body);
      body = new ReadableStream({ start(c) { c.enqueue(bytes); c.close(); } });
    }
    const r = await d.call(spec.method, `${prefix}?${q}`, { host, body });
    const [status, expected] = Object.entries(ex.responses)[0] as [string, { body?: unknown }];
    assert.equal(r.status, Number(status), `${name}: ${r.text}`);
    if (expected.body === undefined) {
      assert.equal(r.text, '');
      assert.equal(r.headers.get('content-type'), null);
    } else if (typeof expected.body === 'string') {
      assert.equal(r.headers.get('content-type'), 'application/octet-stream');
      assert.equal(r.text, 'y'); // OPEN offset=1 length=1 of "xy"
    } else {
      assertShape(r.json, expected.body, name);
    }
  });
});
