import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import { approve } from './identity-helpers.js';
import type { TestEmulator } from './helpers.js';

export interface ClientRun { exit: number | null; lines: string[]; stderr: string; codes: string[] }

/**
 * Runs a real client's script (TypeScript, through tsx) in a child node that trusts the emulator CA, and approves
 * every device code it prints on a `CODE …` line as `username` through the test API (or with `approver`, e.g. on
 * the sign-in pages). Resolves when it exits.
 */
export async function runDeviceCodeClient(
  t: TestEmulator, script: string, env: Record<string, string>, username: string,
  approver: (userCode: string) => Promise<unknown> = (code) => approve(t, code, username),
): Promise<ClientRun> {
  const child = spawn(process.execPath, ['--import', 'tsx', script], {
    env: { ...process.env, NODE_EXTRA_CA_CERTS: t.emu.info().caCertPath, ...env }, stdio: ['ignore', 'pipe', 'pipe'],
  });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  const exited = new Promise<number | null>((resolve) => child.on('close', resolve));
  const lines: string[] = [];
  const codes: string[] = [];
  const approvals: Promise<unknown>[] = [];
  for await (const line of createInterface({ input: child.stdout })) {
    lines.push(line);
    const code = /enter the code (\S+) to authenticate/.exec(line)?.[1];
    if (line.startsWith('CODE ') && code) {
      codes.push(code);
      approvals.push(approver(code));
    }
  }
  const exit = await exited;
  await Promise.all(approvals);
  return { exit, lines, stderr, codes };
}
