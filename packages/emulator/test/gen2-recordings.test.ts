// Replays the sessions recorded against the real service (../shared/spec/gen2/recordings) that fall in the DFS
// front end's scope, in order, against the emulator: status codes, error codes, key headers and body shapes must
// match. Requests carry an account SAS (a `$superuser` caller, like the recorder's Shared Key) instead of the
// sanitised Authorization; continuation tokens are ours, carried from one reply to the next request.
import assert from 'node:assert/strict';
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { after, before, describe, test } from 'node:test';
import { AccountSASPermissions, DataLakeServiceClient, StorageSharedKeyCredential } from '@azure/storage-file-datalake';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { SHARED_DIR, startTestEmulator, type TestEmulator } from './helpers.js';

interface Entry {
  RequestUri: string; RequestMethod: string; RequestHeaders: Record<string, string>; RequestBody: string | null;
  StatusCode: number; ResponseHeaders: Record<string, string | string[]>; ResponseBody: unknown;
}

const DIR = join(SHARED_DIR, 'spec/gen2/recordings');
/** Sessions outside this front end's scope: soft delete/undelete. */
const OUT_OF_SCOPE = [/soft_delete/];
/** Headers whose recorded value the emulator must reproduce exactly. */
const SAME_VALUE = ['x-ms-error-code', 'x-ms-lease-id', 'x-ms-lease-state', 'x-ms-lease-status', 'x-ms-lease-duration', 'x-ms-resource-type', 'x-ms-permissions', 'x-ms-owner', 'x-ms-group', 'x-ms-acl', 'content-range',
  'x-ms-namespace-enabled', 'x-ms-delete-type-permanent', 'content-length', 'cache-control', 'content-disposition', 'content-encoding', 'content-language'];
/** Headers that must be there exactly when the service sent them. */
const PRESENT = ['etag', 'last-modified', 'x-ms-continuation', 'x-ms-request-id', 'x-ms-version', 'x-ms-creation-time', 'accept-ranges', 'content-md5'];
/** Not sent: credentials and transport headers. */
const SKIPPED_REQUEST_HEADERS = new Set(['authorization', 'content-length', 'connection', 'user-agent', 'host', 'accept-encoding', 'x-ms-date']);

/** The account name the recorder used, as it appears in List Containers markers. */
const RECORDED_ACCOUNT = '/fakestorageaccount/';

const lower = (h: Record<string, string | string[]>) => Object.fromEntries(Object.entries(h).map(([k, v]) => [k.toLowerCase(), Array.isArray(v) ? v.join(' ') : v]));

/** Why an entry is not replayed (undefined: replayed). */
function skipReason(e: Entry): string | undefined {
  const h = lower(e.RequestHeaders);
  if (h['x-ms-range-get-content-crc64']) return 'CRC64 of a range (not served)';
  return undefined;
}

const files = readdirSync(DIR).filter((f) => f.endsWith('.json') && !OUT_OF_SCOPE.some((re) => re.test(f))).sort();

describe('recorded real-service sessions, replayed', () => {
  let t: TestEmulator;
  let sas: string;
  before(async () => {
    t = await startTestEmulator({ inMemory: true });
    const client = new DataLakeServiceClient(`https://localhost:${t.emu.port}/${DEV_STORAGE_ACCOUNT.name}`, new StorageSharedKeyCredential(DEV_STORAGE_ACCOUNT.name, DEV_STORAGE_ACCOUNT.key));
    sas = new URL(client.generateAccountSasUrl(new Date(Date.now() + 3600_000), AccountSASPermissions.parse('rwdlacup'), 'sco')).search.slice(1);
  });
  after(() => t.stop());

  for (const file of files) {
    test(file.replace(/\.json$/, ''), async () => {
      const session = JSON.parse(readFileSync(join(DIR, file), 'utf8')) as { Entries: Entry[] };
      let continuation: string | undefined;
      let lastCreatedFile: string | undefined;
      let replayed = 0;
      for (const e of session.Entries) {
        if (skipReason(e)) continue;
        const u = new URL(e.RequestUri);
        const query = new URLSearchParams(u.search);
        if (query.has('continuation')) {
          assert.ok(continuation, `${e.RequestMethod} ${u.pathname}: the previous reply carried no continuation`);
          query.set('continuation', continuation);
        }
        // List Containers' marker names the account: the recorder's becomes ours.
        if (query.has('marker')) query.set('marker', query.get('marker')!.replace(RECORDED_ACCOUNT, `/${DEV_STORAGE_ACCOUNT.name}/`));
        const headers: Record<string, string> = {};
        for (const [k, v] of Object.entries(lower(e.RequestHeaders))) if (!SKIPPED_REQUEST_HEADERS.has(k)) headers[k] = v;
        // The recorder removed x-ms-rename-source from the renames (README): their source is the file the session
        // created last, `/{filesystem}/{path}` as the SDK sends it (with the account first, path style).
        if (/[?&]mode=(legacy|posix)/.test(e.RequestUri) && !headers['x-ms-rename-source']) headers['x-ms-rename-source'] = `/${DEV_STORAGE_ACCOUNT.name}${lastCreatedFile}`;
        if (query.get('resource') === 'file' && e.RequestMethod === 'PUT') lastCreatedFile = u.pathname;
        const path = `/${DEV_STORAGE_ACCOUNT.name}${u.pathname}?${query.toString()}${query.size ? '&' : ''}${sas}`;
        const res = await t.fetch(path, { method: e.RequestMethod, headers, body: e.RequestBody ?? undefined });
        const what = `${e.RequestMethod} ${u.pathname}${u.search.slice(0, 80)}`;
        const got = Object.fromEntries([...res.headers.entries()].map(([k, v]) => [k.toLowerCase(), v]));
        const want = lower(e.ResponseHeaders);
        assert.equal(res.status, e.StatusCode, `${what}: status (${JSON.stringify(got['x-ms-error-code'])})`);
        for (const h of SAME_VALUE) if (want[h] !== undefined) assert.equal(got[h], want[h], `${what}: ${h}`);
        for (const h of PRESENT) assert.equal(got[h] !== undefined, want[h] !== undefined, `${what}: ${h} ${want[h] === undefined ? 'absent' : 'present'} in the recording`);
        for (const h of Object.keys(want).filter((k) => k.startsWith('x-ms-meta-'))) assert.equal(got[h], want[h], `${what}: ${h}`);
        continuation = got['x-ms-continuation'];
        const body = Buffer.from(await res.arrayBuffer());
        compareBody(what, e, body);
        replayed++;
      }
      assert.ok(replayed >= 3, `${file}: replayed ${replayed} requests`);
    });
  }
});

function compareBody(what: string, e: Entry, body: Buffer): void {
  const rec = e.ResponseBody;
  if (rec === null || rec === undefined) {
    if (e.RequestMethod !== 'GET') assert.equal(body.length, 0, `${what}: empty body`);
    return;
  }
  if (typeof rec === 'string' && rec.replace(/^\uFEFF/, '').startsWith('<')) return compareXml(what, rec, body.toString());
  if (typeof rec === 'string') {
    // Base64: file content, or the setAccessControlRecursive JSON.
    const bytes = Buffer.from(rec, 'base64');
    if (bytes[0] === 0x7b) assert.deepEqual(JSON.parse(body.toString()), JSON.parse(bytes.toString()), `${what}: JSON body`);
    else assert.ok(body.equals(bytes), `${what}: content`);
    return;
  }
  if (Array.isArray(rec)) {
    const code = /<Code>([^<]+)<\/Code>/.exec(rec.join(''))?.[1];
    assert.equal(/<Code>([^<]+)<\/Code>/.exec(body.toString())?.[1], code, `${what}: XML error code`);
    return;
  }
  const r = rec as { error?: { code: string }; paths?: Record<string, unknown>[] };
  const mine = JSON.parse(body.toString()) as typeof r;
  if (r.error) assert.equal(mine.error?.code, r.error.code, `${what}: JSON error code`);
  if (r.paths) {
    assert.equal(mine.paths?.length, r.paths.length, `${what}: number of paths`);
    r.paths.forEach((p, i) => {
      assert.deepEqual(Object.keys(mine.paths![i]), Object.keys(p), `${what}: fields of path ${i}`);
      for (const k of ['name', 'contentLength', 'permissions', 'owner', 'group', 'isDirectory']) assert.equal(mine.paths![i][k], p[k], `${what}: ${k} of path ${i}`);
    });
  }
}

/** An XML listing (List Containers): the same names in the same order, and a NextMarker exactly when recorded. */
function compareXml(what: string, recorded: string, mine: string): void {
  const names = (xml: string) => [...xml.matchAll(/<Name>([^<]*)<\/Name>/g)].map((m) => m[1]);
  const next = (xml: string) => /<NextMarker>([^<]*)<\/NextMarker>/.exec(xml)?.[1]?.replace(RECORDED_ACCOUNT, `/${DEV_STORAGE_ACCOUNT.name}/`) ?? '';
  assert.deepEqual(names(mine), names(recorded), `${what}: names listed`);
  assert.equal(next(mine), next(recorded), `${what}: NextMarker`);
  for (const tag of ['EnumerationResults', 'Containers', 'Properties', 'Metadata']) assert.equal(mine.includes(`<${tag}`), recorded.includes(`<${tag}`), `${what}: <${tag}>`);
}
