import { test, after, before } from 'node:test';
import assert from 'node:assert/strict';
import { chmodSync, mkdirSync, mkdtempSync, readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { open } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  AbortError, CredentialBase, DeviceCodeCredential, FileTokenCache, MemoryTokenCache, RefreshTokenCredential,
  type AccessToken, type CachedAccessToken, type CredentialGetTokenOptions, type TokenCache,
} from 'adls-gen1';
import { aadError, CLIENT_ID, FakeAad, FakeClock, TENANT_ID, USER_OID } from './auth-fake-aad.js';

let aad: FakeAad;
let dir: string;
before(async () => { aad = await new FakeAad().start(); dir = mkdtempSync(join(tmpdir(), 'adls-auth-cache-')); });
after(async () => { await aad.stop(); rmSync(dir, { recursive: true, force: true }); });

function setup(cache: TokenCache = new MemoryTokenCache()) {
  aad.reset();
  const clock = new FakeClock();
  aad.nowS = () => Math.floor(clock.now() / 1000);
  const cred = new DeviceCodeCredential({ authorityHost: aad.base, allowInsecure: true, tenantId: TENANT_ID, clientId: CLIENT_ID, clock, tokenCache: cache });
  return { clock, cred, cache };
}
const DL = 'https://datalake.azure.net//.default';
const MGMT = 'https://management.core.windows.net//.default';
const refreshes = () => aad.requests.filter((r) => r.form.grant_type === 'refresh_token');

test('concurrent getToken calls share one network refresh', async () => {
  const { cred } = setup();
  await cred.getToken(DL);
  const tokens = await Promise.all(Array.from({ length: 8 }, () => cred.getToken(MGMT)));
  assert.equal(refreshes().length, 1);
  assert.equal(new Set(tokens.map((t) => t.token)).size, 1);
});

test('tokens are refreshed ahead of expiry (5 min, or refresh_in), not before', async () => {
  const { cred, clock } = setup();
  aad.on((r) => (r.form.grant_type === 'refresh_token' || r.path.endsWith('/token') ? { body: aad.tokens('v2', 'https://datalake.azure.net/', { expiresIn: 3600 }) } : undefined));
  const t1 = await cred.getToken(DL);
  assert.ok(t1.refreshAfterTimestamp! <= t1.expiresOnTimestamp - 300_000);
  clock.t += 3600_000 - 301_000; // 5 min + 1 s before expiry: still fresh
  assert.equal((await cred.getToken(DL)).token, t1.token);
  assert.equal(refreshes().length, 0);
  clock.t += 2_000; // inside the 5-minute window: refresh, silently
  const t2 = await cred.getToken(DL);
  assert.notEqual(t2.token, t1.token);
  assert.equal(refreshes().length, 1);
  assert.equal(aad.count('/devicecode'), 1);

  const s = setup();
  aad.on((r) => (r.path.endsWith('/token') ? { body: { ...aad.tokens('v2', 'https://datalake.azure.net/', { expiresIn: 3600 }), refresh_in: 600 } } : undefined));
  await s.cred.getToken(DL);
  s.clock.t += 601_000;
  await s.cred.getToken(DL);
  assert.equal(refreshes().length, 1);
});

test('forceRefresh (the pipeline after a 401) bypasses a fresh cached token', async () => {
  const { cred } = setup();
  const t1 = await cred.getToken(DL);
  const t2 = await cred.getToken(DL, { forceRefresh: true } as never);
  assert.notEqual(t1.token, t2.token);
  assert.equal(refreshes().length, 1);
});

test('invalid_grant on refresh drops the refresh token; the device credential falls back to a new device flow', async () => {
  const { cred, cache } = setup();
  await cred.getToken(DL);
  aad.on((r) => (r.form.grant_type === 'refresh_token' ? aadError('invalid_grant', 70008) : undefined));
  let dropped = false;
  const origUpdate = cache.update.bind(cache);
  cache.update = async (k, fn) => origUpdate(k, (cur) => { const n = fn(cur); if (cur?.refreshToken && n && !n.refreshToken) dropped = true; return n; });
  await cred.getToken(MGMT);
  assert.ok(dropped);
  assert.equal(aad.count('/devicecode'), 2);
});

test('RefreshTokenCredential: silent only; invalid_grant → AUTH_INVALID_GRANT then AUTH_REQUIRED; MFA step-up is typed', async () => {
  const { cred, cache } = setup();
  const rec = await cred.authenticate(DL);
  const silent = new RefreshTokenCredential({ authorityHost: aad.base, allowInsecure: true, tenantId: TENANT_ID, clientId: CLIENT_ID, tokenCache: cache, authenticationRecord: rec });
  assert.ok((await silent.getToken(DL)).token);
  assert.equal(refreshes().length, 0);
  assert.ok((await silent.getToken(MGMT)).token);
  assert.equal(refreshes().length, 1);

  aad.on((r, n) => (r.form.grant_type === 'refresh_token' && n >= 0 && r.form.scope?.startsWith('https://management.azure.com') ? aadError('invalid_grant', 50076, { suberror: 'basic_action' }) : undefined));
  assert.equal((await silent.getToken('https://management.azure.com/.default').catch((e) => e)).code, 'AUTH_MFA_REQUIRED');
  assert.ok((await cache.get(rec.cacheKey))?.refreshToken, 'an MFA step-up keeps the refresh token');

  aad.on((r) => (r.form.grant_type === 'refresh_token' ? aadError('invalid_grant', 70008) : undefined));
  assert.equal((await silent.getToken('https://other.example/.default').catch((e) => e)).code, 'AUTH_INVALID_GRANT');
  assert.equal((await cache.get(rec.cacheKey))?.refreshToken, undefined);
  assert.equal((await silent.getToken('https://other.example/.default').catch((e) => e)).code, 'AUTH_REQUIRED');
  assert.equal(aad.count('/devicecode'), 1);
});

test('RefreshTokenCredential from a raw refresh token stores the account and the rotated token', async () => {
  aad.reset();
  const cache = new MemoryTokenCache();
  const c = new RefreshTokenCredential({ authorityHost: aad.base, allowInsecure: true, tenantId: TENANT_ID, clientId: CLIENT_ID, tokenCache: cache, refreshToken: 'rt-from-elsewhere', protocol: 'v1' });
  await c.getToken('https://datalake.azure.net/');
  assert.equal(refreshes()[0].form.refresh_token, 'rt-from-elsewhere');
  assert.equal(refreshes()[0].form.resource, 'https://datalake.azure.net/');
  const [acct] = await cache.list();
  assert.equal(acct.homeAccountId, `${USER_OID}.${TENANT_ID}`);
  assert.equal(acct.refreshToken, 'rt-1');
  await c.getToken('https://management.core.windows.net/');
  assert.equal(refreshes()[1].form.refresh_token, 'rt-1');
});

test('FileTokenCache: 0600 file in a 0700 folder, atomic writes, rotated RT persisted, survives a new process', async () => {
  const path = join(dir, 'cfg', 'tokens.json');
  const { cred } = setup(new FileTokenCache(path));
  const rec = await cred.authenticate(DL);
  assert.equal(statSync(path).mode & 0o777, 0o600);
  assert.equal(statSync(join(dir, 'cfg')).mode & 0o777, 0o700);
  await cred.getToken(MGMT);
  const content = JSON.parse(readFileSync(path, 'utf8'));
  const acct = content.accounts[rec.cacheKey];
  assert.equal(acct.refreshToken, 'rt-2', 'the rotated refresh token is stored');
  assert.deepEqual(Object.keys(acct.accessTokens).sort(), ['https://datalake.azure.net/', 'https://management.core.windows.net/']);
  assert.equal(acct.username, 'alice@contoso.test');
  assert.match(rec.cacheKey, /^127\.0\.0\.1:\d+\|11111111-2222-4333-8444-555555555555\|cccccccc-0000-4000-8000-000000000001\|0a0a0a0a-0000-4000-8000-00000000000a\.11111111-2222-4333-8444-555555555555$/);
  assert.deepEqual(readdirSync(join(dir, 'cfg')), ['tokens.json'], 'no temporary files left');
  // A second "process": a new cache object on the same file, silent path only.
  const again = new RefreshTokenCredential({ authorityHost: aad.base, allowInsecure: true, tenantId: TENANT_ID, clientId: CLIENT_ID, tokenCache: new FileTokenCache(path), authenticationRecord: rec });
  const n = aad.requests.length;
  assert.equal((await again.getToken(MGMT)).token, acct.accessTokens['https://management.core.windows.net/'].token);
  assert.equal(aad.requests.length, n);
  // Concurrent updates from one process do not lose writes.
  const fc = new FileTokenCache(join(dir, 'race.json'));
  await Promise.all(Array.from({ length: 10 }, (_, i) => fc.update(`k${i}`, () => ({ ...acct, homeAccountId: `h${i}` }))));
  assert.equal((await fc.list()).length, 10);
  await fc.update('k3', () => undefined);
  assert.equal((await fc.list()).length, 9);
});

test('FileTokenCache in an existing shared folder leaves the folder mode alone; only folders it creates become 0700', async () => {
  const shared = join(dir, 'shared');
  mkdirSync(shared);
  chmodSync(shared, 0o1777);
  const acct = { homeAccountId: 'h', accessTokens: {} } as never;
  await new FileTokenCache(join(shared, 'tokens.json')).update('k', () => acct);
  assert.equal(statSync(shared).mode & 0o7777, 0o1777, 'a folder that existed is not chmodded');
  assert.equal(statSync(join(shared, 'tokens.json')).mode & 0o777, 0o600);
  await new FileTokenCache(join(shared, 'a', 'b', 'tokens.json')).update('k', () => acct);
  assert.equal(statSync(join(shared, 'a')).mode & 0o777, 0o700);
  assert.equal(statSync(join(shared, 'a', 'b')).mode & 0o777, 0o700);
  assert.equal(statSync(shared).mode & 0o7777, 0o1777);
  assert.equal(statSync(join(shared, 'a', 'b', 'tokens.json')).mode & 0o777, 0o600);
});

test('FileTokenCache: a failed write (sync) removes its temporary file', async () => {
  const folder = join(dir, 'failing');
  const probe = await open(join(dir, 'probe'), 'w');
  const proto = Object.getPrototypeOf(probe) as { sync(): Promise<void> };
  await probe.close();
  const realSync = proto.sync;
  proto.sync = async () => { throw Object.assign(new Error('EIO: i/o error, fsync'), { code: 'EIO' }); };
  try {
    await assert.rejects(new FileTokenCache(join(folder, 'tokens.json')).update('k', () => ({ homeAccountId: 'h', accessTokens: {} }) as never), /EIO/);
  } finally {
    proto.sync = realSync;
  }
  assert.deepEqual(readdirSync(folder), [], 'no temporary file left behind');
});

/** A credential whose acquisitions wait until released (or until the signal they were given fires). */
class GatedCredential extends CredentialBase {
  readonly calls: { options: CredentialGetTokenOptions; release(): void; aborted(): boolean }[] = [];
  constructor() { super({ tenantId: TENANT_ID }); }
  protected async cachedToken(): Promise<CachedAccessToken | undefined> { return undefined; }
  protected acquire(_resource: string, options: CredentialGetTokenOptions): Promise<AccessToken> {
    const n = this.calls.length + 1;
    return new Promise((resolve, reject) => {
      options.abortSignal?.addEventListener('abort', () => reject(new AbortError()), { once: true });
      this.calls.push({
        options,
        release: () => resolve({ token: `t${n}${options.claims ? '-claims' : ''}`, expiresOnTimestamp: Date.now() + 3600_000 }),
        aborted: () => options.abortSignal?.aborted === true,
      });
    });
  }
}
const tick = () => new Promise((r) => setImmediate(r));

test('a claims or forceRefresh request never joins a plain acquisition in flight', async () => {
  const cred = new GatedCredential();
  const plain = cred.getToken(DL);
  await tick();
  const withClaims = cred.getToken(DL, { claims: '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}' });
  const forced = cred.getToken(DL, { forceRefresh: true } as never);
  await tick();
  assert.equal(cred.calls.length, 3, 'claims and forceRefresh get acquisitions of their own');
  assert.equal(cred.calls[1].options.claims, '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}');
  for (const c of cred.calls) c.release();
  assert.equal((await plain).token, 't1');
  assert.equal((await withClaims).token, 't2-claims');
  assert.equal((await forced).token, 't3');
});

test('aborting the caller that started a shared acquisition fails only that caller', async () => {
  const cred = new GatedCredential();
  const ac = new AbortController();
  const first = cred.getToken(DL, { abortSignal: ac.signal });
  await tick();
  const others = [cred.getToken(DL), cred.getToken(DL)];
  await tick();
  assert.equal(cred.calls.length, 1);
  ac.abort();
  await assert.rejects(first, AbortError);
  assert.equal(cred.calls[0].aborted(), false, 'the shared acquisition goes on for the others');
  cred.calls[0].release();
  assert.deepEqual((await Promise.all(others)).map((t) => t.token), ['t1', 't1']);

  // Once every waiter has aborted, the acquisition itself is cancelled and the next caller starts afresh.
  const a1 = new AbortController();
  const a2 = new AbortController();
  const waiters = [cred.getToken(DL, { abortSignal: a1.signal }), cred.getToken(DL, { abortSignal: a2.signal })];
  await tick();
  a1.abort();
  assert.equal(cred.calls[1].aborted(), false);
  a2.abort();
  for (const w of waiters) await assert.rejects(w, AbortError);
  assert.equal(cred.calls[1].aborted(), true);
  const next = cred.getToken(DL);
  await tick();
  assert.equal(cred.calls.length, 3);
  cred.calls[2].release();
  assert.equal((await next).token, 't3');
});

test('an @azure/core-auth AbortSignalLike keeps no listener once getToken is done', async () => {
  const { cred } = setup();
  const listeners = new Set<unknown>();
  const like = {
    aborted: false,
    addEventListener: (_t: 'abort', l: unknown) => { listeners.add(l); },
    removeEventListener: (_t: 'abort', l: unknown) => { listeners.delete(l); },
  };
  await cred.getToken(DL, { abortSignal: like });
  for (let i = 0; i < 20; i++) await cred.getToken(MGMT, { abortSignal: like, forceRefresh: true } as never);
  assert.equal(listeners.size, 0);
});
