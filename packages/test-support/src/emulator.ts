import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Agent, fetch, type RequestInit, type Response } from 'undici';
import { Emulator, NativeSqliteError, type EmulatorOptions } from 'adls-gen1-emulator';

/** An in-process emulator on a free port with a temporary data folder, and an HTTP agent that trusts its CA. */
export interface TestEmulator {
  emu: Emulator;
  base: string;
  location: string;
  agent: Agent;
  /** fetch() against the emulator, trusting its CA, resolving *.localhost to loopback. */
  fetch(path: string, init?: RequestInit & { host?: string }): Promise<Response>;
  stop(): Promise<void>;
}

/** Without a loadable SQLite module no emulator test can run: say how to fix it once, not in every test. */
function newEmulatorOrExit(opts: Partial<EmulatorOptions> & { location: string }): Emulator {
  try {
    return new Emulator(opts);
  } catch (e) {
    if (!(e instanceof NativeSqliteError)) throw e;
    process.stderr.write(`${e.message}\n`);
    process.exit(1);
  }
}

export async function startTestEmulator(opts: Partial<EmulatorOptions> = {}): Promise<TestEmulator> {
  const location = opts.location ?? mkdtempSync(join(tmpdir(), 'adls-emu-test-'));
  const emu = newEmulatorOrExit({ port: 0, testApi: true, deviceCodeInterval: 1, ...opts, location });
  await emu.start();
  const agent = new Agent({
    connect: {
      ca: emu.core.ca.caCertPem,
      lookup: ((_h: string, o: any, cb: any) => (o?.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4))) as never,
    },
  });
  const base = emu.baseUrl;
  return {
    emu, base, location, agent,
    fetch: (path, init = {}) => {
      const url = init.host ? `https://${init.host}:${emu.port}${path}` : `${base}${path}`;
      return fetch(url, { ...init, dispatcher: agent });
    },
    stop: async () => {
      await agent.close();
      await emu.stop();
      if (!opts.location) rmSync(location, { recursive: true, force: true });
    },
  };
}

/**
 * Mints a v1 access token signed by the emulator's key, as the token endpoint would after a sign-in.
 * For data-plane and management tests that do not exercise the sign-in itself.
 */
export async function mintToken(
  emu: Emulator,
  opts: { upn?: string; audience?: string; expiresIn?: number; claims?: Record<string, unknown> } = {},
): Promise<string> {
  const info = emu.info();
  const upn = opts.upn ?? info.users[0].username;
  const user = info.users.find((u) => u.username === upn);
  if (!user) throw new Error(`no user ${upn}`);
  const now = Math.floor(emu.options.now() / 1000);
  return emu.core.keys.sign({
    aud: opts.audience ?? 'https://datalake.azure.net/',
    iss: `https://sts.windows.net/${info.tenantId}/`,
    iat: now - 300, nbf: now - 300, exp: now + (opts.expiresIn ?? 3599),
    tid: info.tenantId, oid: user.oid, upn, unique_name: upn, name: user.displayName,
    scp: 'user_impersonation', appid: info.clientId, appidacr: '0', ver: '1.0', idtyp: 'user',
    amr: user.mfa ? ['pwd', 'mfa'] : ['pwd'],
    ...opts.claims,
  }, { v1: true });
}
