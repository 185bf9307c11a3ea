import { cpSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { decodeJwt, decodeProtectedHeader } from 'jose';
import { SEED } from 'adls-gen1-emulator';
import { SigningKeys } from '../src/identity/keys.js';
import { LocalCa } from '../src/tls/ca.js';
import { startTestEmulator, type TestEmulator } from './helpers.js';

/** Shared helpers for the identity tests: a controllable clock, form posts and flow shortcuts. */
export const TENANT = SEED.tenantId;
export interface SeedUser { upn: string; password: string; oid: string; totpSecret: string | null }
export const ALICE: SeedUser = SEED.users[0];
export const BOB: SeedUser = SEED.users[1];
export const CLI_APP: string = SEED.azureCliClientId;
export const NATIVE_APP: string = SEED.nativeClientId;
export const ARM = 'https://management.core.windows.net/';
export const DATALAKE = 'https://datalake.azure.net/';

export interface Clock { now: number; advance(seconds: number): void }

let template: string | undefined;

/**
 * A fresh data folder that reuses one set of generated keys (CA, TLS leaf, signing keys) per test
 * process: RSA key generation dominates emulator start-up otherwise.
 */
export function freshLocation(): string {
  if (!template) {
    template = mkdtempSync(join(tmpdir(), 'adls-id-template-'));
    new LocalCa(template);
    new SigningKeys(template);
    process.once('exit', () => rmSync(template!, { recursive: true, force: true }));
  }
  const dir = mkdtempSync(join(tmpdir(), 'adls-id-test-'));
  cpSync(join(template, 'tls'), join(dir, 'tls'), { recursive: true });
  cpSync(join(template, 'keys'), join(dir, 'keys'), { recursive: true });
  return dir;
}

export async function startIdentityEmulator(opts: Parameters<typeof startTestEmulator>[0] = {}): Promise<{ t: TestEmulator; clock: Clock }> {
  const clock: Clock = { now: Date.now(), advance(s) { this.now += s * 1000; } };
  const location = opts.location ?? freshLocation();
  const t = await startTestEmulator({ now: () => clock.now, ...opts, location });
  if (!opts.location) {
    const stop = t.stop;
    t.stop = async () => { await stop(); rmSync(location, { recursive: true, force: true }); };
  }
  return { t, clock };
}

export interface JsonReply { status: number; body: any; headers: Headers }

export async function postForm(t: TestEmulator, path: string, params: Record<string, string>, headers: Record<string, string> = {}): Promise<JsonReply> {
  const res = await t.fetch(path, {
    method: 'POST',
    headers: { 'content-type': 'application/x-www-form-urlencoded;charset=utf-8', ...headers },
    body: new URLSearchParams(params).toString(),
  });
  const text = await res.text();
  return { status: res.status, body: JSON.parse(text), headers: res.headers as unknown as Headers };
}

export async function postJson(t: TestEmulator, path: string, body: unknown): Promise<JsonReply> {
  const res = await t.fetch(path, { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify(body) });
  return { status: res.status, body: JSON.parse(await res.text()), headers: res.headers as unknown as Headers };
}

export async function getJson(t: TestEmulator, path: string): Promise<JsonReply> {
  const res = await t.fetch(path);
  return { status: res.status, body: JSON.parse(await res.text()), headers: res.headers as unknown as Headers };
}

/** Starts a v1 (`resource`) or v2 (`scope`) device flow; returns the parsed devicecode reply. */
export async function startDeviceCode(t: TestEmulator, o: { v1?: boolean; resource?: string; scope?: string; clientId?: string; tenant?: string } = {}): Promise<any> {
  const tenant = o.tenant ?? TENANT;
  const r = o.v1
    ? await postForm(t, `/${tenant}/oauth2/devicecode?api-version=1.0`, { client_id: o.clientId ?? CLI_APP, resource: o.resource ?? ARM })
    : await postForm(t, `/${tenant}/oauth2/v2.0/devicecode`, {
      client_id: o.clientId ?? CLI_APP, scope: o.scope ?? `${DATALAKE}/.default offline_access openid profile` });
  if (r.status !== 200) throw new Error(`devicecode failed: ${JSON.stringify(r.body)}`);
  return r.body;
}

export async function pollV1(t: TestEmulator, deviceCode: string, o: { clientId?: string; resource?: string; tenant?: string } = {}): Promise<JsonReply> {
  return postForm(t, `/${o.tenant ?? TENANT}/oauth2/token`, {
    grant_type: 'device_code', client_id: o.clientId ?? CLI_APP, resource: o.resource ?? ARM, code: deviceCode });
}

export async function pollV2(t: TestEmulator, deviceCode: string, o: { clientId?: string; tenant?: string; urn?: boolean } = {}): Promise<JsonReply> {
  return postForm(t, `/${o.tenant ?? TENANT}/oauth2/v2.0/token?client-request-id=abc`, {
    grant_type: o.urn ? 'urn:ietf:params:oauth:grant-type:device_code' : 'device_code', client_id: o.clientId ?? CLI_APP,
    device_code: deviceCode, client_info: '1', 'x-client-SKU': 'test' });
}

export async function approve(t: TestEmulator, userCode: string, username: string = ALICE.upn, extra: Record<string, unknown> = {}): Promise<JsonReply> {
  return postJson(t, '/_emulator/device/approve', { user_code: userCode, username, ...extra });
}

/** Runs a whole v2 device flow as `username` and returns the token response. */
export async function deviceFlowTokens(t: TestEmulator, o: { v1?: boolean; username?: string; clientId?: string; resource?: string; scope?: string } = {}): Promise<any> {
  const dc = await startDeviceCode(t, o);
  const a = await approve(t, dc.user_code, o.username ?? ALICE.upn);
  if (a.status !== 200) throw new Error(`approve failed: ${JSON.stringify(a.body)}`);
  const r = o.v1 ? await pollV1(t, dc.device_code, { clientId: o.clientId, resource: o.resource }) : await pollV2(t, dc.device_code, { clientId: o.clientId });
  if (r.status !== 200) throw new Error(`poll failed: ${JSON.stringify(r.body)}`);
  return r.body;
}

export const claims = (jwt: string) => decodeJwt(jwt) as Record<string, any>;
export const header = (jwt: string) => decodeProtectedHeader(jwt) as Record<string, any>;

/** Asserts the AAD error envelope (spec §1.1) and returns the body. */
export function isAadError(r: JsonReply, status: number, error: string, code: number): boolean {
  return r.status === status && r.body.error === error && r.body.error_codes?.[0] === code &&
    typeof r.body.error_description === 'string' && r.body.error_description.startsWith(`AADSTS${code}: `) &&
    typeof r.body.trace_id === 'string' && typeof r.body.correlation_id === 'string' && /^\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ$/.test(r.body.timestamp);
}
