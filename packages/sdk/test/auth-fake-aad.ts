// A tiny fake Azure AD for unit tests of the credentials: plain HTTP on loopback (credentials use
// allowInsecure), scripted answers, every request recorded. Error paths the emulator cannot produce
// (429/503, slow_down, non-JSON bodies, wrong issuer hosts) are scripted here.
import { createSign, generateKeyPairSync, type KeyObject } from 'node:crypto';
import { createServer, type IncomingMessage, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { AbortError, type Clock } from 'adls-gen1';

export interface Recorded { method: string; path: string; form: Record<string, string>; headers: IncomingMessage['headers'] }
export interface Answer { status?: number; body?: unknown; raw?: string; headers?: Record<string, string> }
export type Handler = (req: Recorded, n: number) => Answer | undefined;

export const TENANT_ID = '11111111-2222-4333-8444-555555555555';
export const CLIENT_ID = 'cccccccc-0000-4000-8000-000000000001';
export const USER_OID = '0a0a0a0a-0000-4000-8000-00000000000a';

const b64 = (v: unknown) => Buffer.from(JSON.stringify(v)).toString('base64url');
/** An unsigned-looking JWT (credentials never verify access tokens; id_token claims are checked). */
export function jwt(claims: Record<string, unknown>): string {
  return `${b64({ typ: 'JWT', alg: 'RS256', kid: 'k' })}.${b64(claims)}.c2ln`;
}

/** The fake's signing key (its JWKS publishes the public half as kid `fake-key-1`). */
export const SIGNING_KEY = generateKeyPairSync('rsa', { modulusLength: 2048 });
export const SIGNING_KID = 'fake-key-1';

/** An RS256 JWT signed by `key` (default: the fake's signing key), as Azure AD signs id_tokens. */
export function signedJwt(claims: Record<string, unknown>, key: KeyObject = SIGNING_KEY.privateKey, kid = SIGNING_KID): string {
  const input = `${b64({ typ: 'JWT', alg: 'RS256', kid })}.${b64(claims)}`;
  return `${input}.${createSign('RSA-SHA256').update(input).sign(key).toString('base64url')}`;
}

export class FakeAad {
  readonly requests: Recorded[] = [];
  private server!: Server;
  base = '';
  /** Per path-suffix handlers; the first that answers wins. */
  handlers: Handler[] = [];
  private counts = new Map<string, number>();
  rtCounter = 0;
  nowS = () => Math.floor(Date.now() / 1000);

  async start(): Promise<this> {
    this.server = createServer((req, res) => {
      let data = '';
      req.on('data', (c) => { data += c; });
      req.on('end', () => {
        const url = new URL(req.url ?? '/', 'http://x');
        const rec: Recorded = { method: req.method ?? '', path: url.pathname, form: Object.fromEntries(new URLSearchParams(data)), headers: req.headers };
        this.requests.push(rec);
        const key = `${rec.method} ${rec.path}`;
        const n = (this.counts.get(key) ?? 0) + 1;
        this.counts.set(key, n);
        let ans: Answer | undefined;
        for (const h of this.handlers) { ans = h(rec, n); if (ans) break; }
        ans ??= this.defaults(rec);
        res.writeHead(ans.status ?? 200, { 'content-type': 'application/json', ...ans.headers });
        res.end(ans.raw ?? JSON.stringify(ans.body ?? {}));
      });
    });
    await new Promise<void>((r) => this.server.listen(0, '127.0.0.1', () => r()));
    this.base = `http://127.0.0.1:${(this.server.address() as AddressInfo).port}`;
    return this;
  }

  async stop(): Promise<void> {
    this.server.closeAllConnections();
    await new Promise<void>((r) => this.server.close(() => r()));
  }

  on(h: Handler): this { this.handlers.push(h); return this; }

  /** Forgets handlers, recorded requests and per-route counters (between tests). */
  reset(): void {
    this.handlers = [];
    this.requests.length = 0;
    this.counts.clear();
    this.rtCounter = 0;
  }

  count(pathSuffix: string, pred: (r: Recorded) => boolean = () => true): number {
    return this.requests.filter((r) => r.path.endsWith(pathSuffix) && pred(r)).length;
  }

  /** A v1 or v2 token response for a resource. */
  tokens(v: 'v1' | 'v2', resource: string, opts: { expiresIn?: number; amr?: string[]; aud?: string; iss?: string } = {}): Record<string, unknown> {
    const now = this.nowS();
    const expiresIn = opts.expiresIn ?? 3599;
    const at = jwt({ aud: resource, tid: TENANT_ID, oid: USER_OID, upn: 'alice@contoso.test', name: 'Alice', amr: opts.amr ?? ['pwd'], exp: now + expiresIn, n: Math.random() });
    const rt = `rt-${++this.rtCounter}`;
    const idBase = { aud: opts.aud ?? CLIENT_ID, tid: TENANT_ID, oid: USER_OID, name: 'Alice', iat: now, nbf: now, exp: now + 3600 };
    if (v === 'v1') {
      return {
        token_type: 'Bearer', scope: 'user_impersonation', expires_in: String(expiresIn), ext_expires_in: String(expiresIn),
        expires_on: String(now + expiresIn), not_before: String(now - 300), resource, access_token: at, refresh_token: rt,
        id_token: signedJwt({ ...idBase, iss: opts.iss ?? `https://sts.windows.net/${TENANT_ID}/`, upn: 'alice@contoso.test', ver: '1.0' }),
      };
    }
    return {
      token_type: 'Bearer', scope: `${resource}/user_impersonation ${resource}/.default`, expires_in: expiresIn, ext_expires_in: expiresIn,
      access_token: at, refresh_token: rt,
      id_token: signedJwt({ ...idBase, iss: opts.iss ?? `${this.base}/${TENANT_ID}/v2.0`, preferred_username: 'alice@contoso.test', ver: '2.0' }),
      client_info: b64({ uid: USER_OID, utid: TENANT_ID }),
    };
  }

  private defaults(r: Recorded): Answer {
    if (r.path.endsWith('/v2.0/.well-known/openid-configuration')) {
      const t = r.path.split('/')[1];
      return { body: {
        issuer: `${this.base}/${t === 'organizations' || t === 'common' ? '{tenantid}' : TENANT_ID}/v2.0`,
        authorization_endpoint: `${this.base}/${TENANT_ID}/oauth2/v2.0/authorize`,
        token_endpoint: `${this.base}/${TENANT_ID}/oauth2/v2.0/token`,
        device_authorization_endpoint: `${this.base}/${TENANT_ID}/oauth2/v2.0/devicecode`,
        jwks_uri: `${this.base}/${TENANT_ID}/discovery/v2.0/keys`,
      } };
    }
    if (r.path.endsWith('/discovery/v2.0/keys')) {
      return { body: { keys: [{ ...SIGNING_KEY.publicKey.export({ format: 'jwk' }), kty: 'RSA', use: 'sig', kid: SIGNING_KID, x5t: SIGNING_KID }] } };
    }
    if (r.path.endsWith('/oauth2/v2.0/devicecode')) {
      return { body: { user_code: 'ABCD2345', device_code: 'dc-secret', verification_uri: `${this.base}/devicelogin`, expires_in: 900, interval: 5,
        message: `To sign in, use a web browser to open the page ${this.base}/devicelogin and enter the code ABCD2345 to authenticate.` } };
    }
    if (r.path.endsWith('/oauth2/devicecode')) {
      return { body: { user_code: 'ABCD2345', device_code: 'dc-secret', verification_url: `${this.base}/devicelogin`, expires_in: '900', interval: '5',
        message: `To sign in, use a web browser to open the page ${this.base}/devicelogin and enter the code ABCD2345 to authenticate.` } };
    }
    if (r.path.endsWith('/oauth2/v2.0/token')) {
      const res = r.form.scope ? r.form.scope.split(' ')[0].replace(/\/\.default$/, '') : 'https://datalake.azure.net/';
      return { body: this.tokens('v2', res) };
    }
    if (r.path.endsWith('/oauth2/token')) return { body: this.tokens('v1', r.form.resource) };
    return { status: 404, body: { error: 'invalid_request', error_description: 'AADSTS90002: no route' } };
  }
}

/** OAuth error body as Azure AD sends it. */
export function aadError(error: string, code: number, extra: Record<string, unknown> = {}): Answer {
  return { status: 400, body: { error, error_description: `AADSTS${code}: ${error} happened.\r\nTrace ID: t\r\nCorrelation ID: c\r\nTimestamp: 2026-01-01 10:00:00Z`, error_codes: [code], trace_id: 't', ...extra } };
}

/** A clock whose sleep returns at once and moves time forward; sleeps are recorded. */
export class FakeClock implements Clock {
  readonly sleeps: number[] = [];
  constructor(public t = Date.now()) {}
  now(): number { return this.t; }
  async sleep(ms: number, signal?: AbortSignal): Promise<void> {
    if (signal?.aborted) throw new AbortError();
    this.sleeps.push(ms);
    this.t += ms;
    await new Promise((r) => setImmediate(r));
    if (signal?.aborted) throw new AbortError();
  }
}
