// Runs the built CLI (`npm run build` first) in a child process as a user would, with its own HOME and config
// folder, against a given emulator.
import assert from 'node:assert/strict';
import { spawn } from 'node:child_process';
import { join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { TestEmulator } from 'adls-gen1-test-support';

/** The built CLI's entry point (`npm run build` first). */
export const CLI_MAIN = resolve(fileURLToPath(import.meta.url), '../../dist/main.js');

export interface Run { code: number | null; stdout: string; stderr: string }

export interface CliEnv {
  /** HOME of the child; its config (token cache) lives in `${home}/config`. */
  home: string;
  emulatorUrl: string;
}

/** Runs node with `args` and exactly `env`, collecting its output; `onStderr` sees all stderr so far each time more arrives. */
export function runNode(args: string[], env: NodeJS.ProcessEnv, opts: { onStderr?: (all: string) => void; signal?: AbortSignal; killSignal?: NodeJS.Signals } = {}): Promise<Run> {
  // An abort sends `killSignal` (default SIGTERM): SIGINT is what Ctrl-C sends.
  const child = spawn(process.execPath, args, { signal: opts.signal, killSignal: opts.killSignal, env, stdio: ['ignore', 'pipe', 'pipe'] });
  let stdout = '';
  let stderr = '';
  child.stdout.on('data', (c) => { stdout += c; });
  child.stderr.on('data', (c) => { stderr += c; opts.onStderr?.(stderr); });
  child.on('error', () => {}); // an abort kills the child: 'close' still reports it
  return new Promise((res) => child.on('close', (code) => res({ code, stdout, stderr })));
}

/** Runs `adls …`; `onStderr` sees all stderr so far each time more arrives (to catch the device code). */
export function runCli(cli: CliEnv, args: string[], opts: { env?: Record<string, string>; onStderr?: (all: string) => void; signal?: AbortSignal; killSignal?: NodeJS.Signals } = {}): Promise<Run> {
  return runNode([CLI_MAIN, ...args], {
    PATH: process.env.PATH ?? '', HOME: cli.home,
    ADLS_EMULATOR: cli.emulatorUrl, ADLS_CONFIG_DIR: join(cli.home, 'config'), ADLS_EMULATOR_LOCATION: join(cli.home, 'no-emulator-here'),
    ...opts.env,
  }, opts);
}

/**
 * `adls login …`, calling `act` with the user code and verification URL as soon as the CLI prints them. If `act`
 * fails, the CLI is stopped and its failure is thrown (rather than waiting for the device code to expire); the
 * result comes once both the CLI and the action have finished.
 */
export async function loginAnd(cli: CliEnv, act: (userCode: string, url: string) => Promise<void>, args: string[] = []): Promise<Run> {
  const stop = new AbortController();
  let acting: Promise<void> | undefined;
  let failure: unknown;
  const run = await runCli(cli, ['login', ...args], {
    signal: stop.signal,
    onStderr: (all) => {
      const m = /open the page (\S+) and enter the code ([A-Z0-9]{8,9})/.exec(all);
      if (m && !acting) acting = act(m[2], m[1]).catch((e) => { failure = e; stop.abort(); });
    },
  });
  // The CLI may end (its poll got the token) before the action has finished its last step.
  await acting;
  if (failure) throw failure as Error;
  return run;
}

/** `adls login` approved as the emulator's MFA user (through its test API); fails the test unless it succeeds. */
export async function loginAsMfaUser(t: TestEmulator, cli: CliEnv): Promise<void> {
  const user = t.emu.info().users.find((u) => u.mfa)!;
  const login = await loginAnd(cli, async (userCode) => {
    const r = await t.fetch('/_emulator/device/approve', {
      method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_code: userCode, username: user.username }),
    });
    assert.equal(r.status, 200, await r.text());
  });
  assert.equal(login.code, 0, login.stderr);
}
