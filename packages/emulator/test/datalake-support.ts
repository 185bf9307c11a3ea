import { SEED } from 'adls-gen1-emulator';
import type { EmulatorOptions } from 'adls-gen1-emulator';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';

export const ALICE = SEED.users[0];
export const BOB = SEED.users[1];
export const HOST = 'adlsemulator.adls.localhost';

export interface DlResponse { status: number; headers: Headers; text: string; json: any }

/** A test emulator plus data-plane tokens for alice (account owner, super-user) and bob. */
export interface DataLakeTest {
  t: TestEmulator;
  alice: string;
  bob: string;
  /** One data-plane request; `path` includes the query (e.g. '/webhdfs/v1/a?op=GETFILESTATUS'). */
  call(method: string, path: string, o?: { token?: string | null; body?: any; host?: string; headers?: Record<string, string> }): Promise<DlResponse>;
  stop(): Promise<void>;
}

export async function startDataLake(opts: Partial<EmulatorOptions> = {}): Promise<DataLakeTest> {
  const t = await startTestEmulator(opts);
  const alice = await mintToken(t.emu, { upn: ALICE.upn });
  const bob = await mintToken(t.emu, { upn: BOB.upn });
  return {
    t, alice, bob,
    async call(method, path, o = {}) {
      const headers: Record<string, string> = { ...(o.headers ?? {}) };
      const token = o.token === undefined ? alice : o.token;
      if (token) headers.authorization = `Bearer ${token}`;
      const res = await t.fetch(path, { method, headers, body: o.body, host: o.host ?? HOST, ...(o.body && typeof o.body.getReader === 'function' ? { duplex: 'half' } : {}) } as any);
      const text = await res.text();
      let json: any;
      if ((res.headers.get('content-type') ?? '').startsWith('application/json')) json = JSON.parse(text);
      return { status: res.status, headers: res.headers, text, json };
    },
    stop: () => t.stop(),
  };
}
