// A scripted, socket-free ARM for unit tests: undici's MockAgent answers every request through one handler.
import { MockAgent } from 'undici';
import type { TokenCredential } from 'adls-gen1';

export const FAKE_ENDPOINT = 'https://arm.test';
export const SUB = '00000000-0000-0000-0000-000000000001';

export interface FakeRequest { method: string; path: string; body?: unknown; headers: Record<string, string>; at: number }
export interface FakeReply { status: number; body?: unknown; headers?: Record<string, string | undefined> }

export function fakeArm(handler: (req: FakeRequest, calls: FakeRequest[]) => FakeReply) {
  const calls: FakeRequest[] = [];
  const agent = new MockAgent();
  agent.disableNetConnect();
  agent.get(FAKE_ENDPOINT).intercept({ path: () => true, method: () => true }).reply((opts) => {
    const headers = Object.fromEntries(Object.entries((opts.headers ?? {}) as Record<string, string>).map(([k, v]) => [k.toLowerCase(), String(v)]));
    const raw = typeof opts.body === 'string' ? opts.body : undefined;
    const req: FakeRequest = { method: opts.method, path: opts.path, body: raw ? JSON.parse(raw) : undefined, headers, at: Date.now() };
    calls.push(req);
    const r = handler(req, calls);
    return {
      statusCode: r.status,
      data: r.body === undefined ? '' : JSON.stringify(r.body),
      responseOptions: { headers: { ...(r.body === undefined ? {} : { 'content-type': 'application/json' }), 'x-ms-request-id': `req-${calls.length}`, ...definedOnly(r.headers) } },
    };
  }).persist();
  return { agent, calls };
}

/** A credential that hands out a fixed opaque token. */
export const fakeCredential: TokenCredential = { getToken: async () => ({ token: 'fake-token', expiresOnTimestamp: Date.now() + 3_600_000 }) };

/** Client options for the fake: no retries, fast polls. */
export function fakeOptions(agent: MockAgent, extra: Record<string, unknown> = {}) {
  return { endpoint: FAKE_ENDPOINT, dispatcher: agent, retry: { maxRetries: 0 }, pollIntervalMs: 20, ...extra };
}

function definedOnly(h: Record<string, string | undefined> = {}): Record<string, string> {
  return Object.fromEntries(Object.entries(h).filter((e): e is [string, string] => e[1] !== undefined));
}
