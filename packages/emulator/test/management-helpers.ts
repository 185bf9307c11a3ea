import { SEED, type EmulatorOptions } from 'adls-gen1-emulator';
import type { Response } from 'undici';
import { mintToken, startTestEmulator, type TestEmulator } from './helpers.js';

export const ARM_AUDIENCE = 'https://management.core.windows.net/';
export const ALICE = SEED.users[0].upn;
export const BOB = SEED.users[1].upn;
export const SUB = SEED.subscriptionId;
export const DLS = '2016-11-01';
export const RES = '2022-09-01';

/** A test emulator plus a bearer-authenticated JSON caller for the management plane. */
export interface ArmTest extends TestEmulator {
  token: string;
  /** Advances the injectable clock (ms). */
  tick(ms: number): void;
  call(method: string, path: string, body?: unknown, token?: string): Promise<{ status: number; headers: Response['headers']; body: any }>;
  groupPath(rg: string): string;
  accountPath(rg: string, name: string): string;
}

export async function startArm(opts: Partial<EmulatorOptions> = {}): Promise<ArmTest> {
  let clock = Date.now();
  const t = await startTestEmulator({ now: () => clock, ...opts });
  const token = await mintToken(t.emu, { upn: ALICE, audience: ARM_AUDIENCE });
  return {
    ...t,
    token,
    tick: (ms) => { clock += ms; },
    call: async (method, path, body, tok = token) => {
      const res = await t.fetch(path, {
        method,
        headers: { authorization: `Bearer ${tok}`, ...(body !== undefined ? { 'content-type': 'application/json' } : {}) },
        body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
      });
      const text = await res.text();
      return { status: res.status, headers: res.headers, body: text ? JSON.parse(text) : undefined };
    },
    groupPath: (rg) => `/subscriptions/${SUB}/resourcegroups/${rg}`,
    accountPath: (rg, name) => `/subscriptions/${SUB}/resourceGroups/${rg}/providers/Microsoft.DataLakeStore/accounts/${name}`,
  };
}
