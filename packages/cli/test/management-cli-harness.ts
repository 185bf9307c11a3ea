// Runs the group/account/storage commands in-process against a test emulator (injected connection, captured output).
import { Command, CommanderError } from 'commander';
import { mintToken, type TestEmulator } from 'adls-gen1-test-support';
import { registerAccountCommands } from '../src/commands/account.js';
import { registerGroupCommands } from '../src/commands/group.js';
import { registerStorageCommands } from '../src/commands/storage-account.js';
import { exitCodeFor, EXIT } from '../src/exit.js';
import type { ManagementDeps } from '../src/management-session.js';

export interface CliResult { code: number; out: string; err: string }

/** `confirm`: what the user answers when a delete asks (default: yes), recording each question. */
export async function cliFor(t: TestEmulator, upn: string, confirm: (question: string) => Promise<boolean> = async () => true) {
  const token = await mintToken(t.emu, { upn, audience: 'https://management.core.windows.net/' });
  const info = t.emu.info();
  return async (...args: string[]): Promise<CliResult> => {
    let out = '';
    let err = '';
    const deps: ManagementDeps = {
      connect: async () => ({
        endpoint: t.base, caPem: t.emu.core.ca.caCertPem, subscriptionId: info.subscriptionId,
        credential: { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_000_000 }) },
      }),
      io: { out: (s) => { out += s; }, err: { write: (s: string) => { err += s; }, isTTY: false } },
      pollIntervalMs: 50,
      confirm,
    };
    // A fresh program per run: commander keeps option values between parses.
    const program = new Command('adls').exitOverride().configureOutput({ writeOut: (s) => { out += s; }, writeErr: (s) => { err += s; } });
    registerGroupCommands(program, deps);
    registerAccountCommands(program, deps);
    registerStorageCommands(program, deps);
    try {
      await program.parseAsync(args, { from: 'user' });
      return { code: 0, out, err };
    } catch (e) {
      if (e instanceof CommanderError) return { code: e.exitCode === 0 ? 0 : EXIT.BAD_INPUT, out, err: err + e.message };
      return { code: exitCodeFor(e), out, err: err + (e as Error).message };
    }
  };
}

export const unique = (prefix: string) => `${prefix}${Date.now().toString(36)}${Math.floor(Math.random() * 1e4)}`.slice(0, 24);
