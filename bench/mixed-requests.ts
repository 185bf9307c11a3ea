// The kinds of request of the bench's mixed load (bench/run.ts `mixed`), shared with bench/request-cost.ts, which
// sends each kind alone. Each `send` returns the answer's status; `i` numbers the uploads' target files.
import type { Pool } from 'undici';

const MiB = 1024 * 1024;

export interface MixedRequest {
  name: string;
  /** Concurrent loops of this kind in the mixed load (GETFILESTATUS readers dominate; sign-ins are 5 %). */
  loops: number;
  send: (i: number) => Promise<number>;
}

/** Reads the seeded identities from `/_emulator/info` and returns the mixed load's requests over `pool`. */
export async function mixedRequests(pool: Pool, token: string): Promise<MixedRequest[]> {
  const auth = { authorization: `Bearer ${token}` };
  const info = JSON.parse(await (await pool.request({ path: '/_emulator/info', method: 'GET' })).body.text());
  const bob = info.users.find((u: { mfa: boolean }) => !u.mfa);
  const form = (o: Record<string, string>) => new URLSearchParams(o).toString();
  const tokenPath = `/${info.tenantId}/oauth2/token`;
  const formHeaders = { 'content-type': 'application/x-www-form-urlencoded' };
  const missing = JSON.stringify({ sources: Array.from({ length: 10_000 }, (_, i) => `/bench/mixed/missing-${i}`) });
  const block = Buffer.alloc(4 * MiB, 3);
  const send = async (o: Parameters<Pool['request']>[0]) => { const res = await pool.request(o); await res.body.dump(); return res.statusCode; };
  return [
    { name: 'GETFILESTATUS', loops: 12, send: () => send({ path: '/webhdfs/v1/bench/ours.bin?op=GETFILESTATUS', method: 'GET', headers: auth }) },
    { name: 'CREATE 4 MiB', loops: 2, send: (i) => send({ path: `/webhdfs/v1/bench/mixed/u${i}?op=CREATE&overwrite=true`, method: 'PUT', headers: auth, body: block }) },
    { name: 'LISTSTATUS 4000', loops: 2, send: () => send({ path: '/webhdfs/v1/bench/list?op=LISTSTATUS&listSize=4000', method: 'GET', headers: auth }) },
    { name: 'password sign-in', loops: 1, send: () => send({ path: tokenPath, method: 'POST', headers: formHeaders, body: form({ grant_type: 'password', client_id: info.clientId, resource: 'https://datalake.azure.net/', username: bob.username, password: bob.password }) }) },
    { name: 'wrong client secret', loops: 1, send: () => send({ path: tokenPath, method: 'POST', headers: formHeaders, body: form({ grant_type: 'client_credentials', client_id: info.servicePrincipal.clientId, client_secret: 'wrong', resource: 'https://datalake.azure.net/' }) }) },
    { name: 'MSCONCAT 10,000 missing', loops: 1, send: () => send({ path: '/webhdfs/v1/bench/mixed/joined?op=MSCONCAT', method: 'POST', headers: { ...auth, 'content-type': 'application/json' }, body: missing }) },
  ];
}
