// Runs real clients left on their public-cloud defaults against the emulator's transparent mode, isolated in a
// private network + mount + pid namespace (loopback only, nothing gets out):
//
//   host side  runTransparentIsolated()  →  unshare --net --mount --pid --fork --kill-child
//                                             node --conditions=source --import tsx run-transparent.ts <config> <result>
//   inside     runTransparentInside()    →  lo up, the emulator in-process with its proxy (--proxy-port 0),
//                                           each client step with exactly the variables `adls emulator env --proxy`
//                                           prints (emulatorEnv), every device code it shows approved through the test API
//
// The clients get no endpoint setting at all: only the environment a user would paste.
import { spawn, spawnSync } from 'node:child_process';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Emulator } from 'adls-gen1-emulator';
import { emulatorEnv } from '../../packages/cli/src/commands/emulator-env.js';
import { Browser, checkIsolation, HERE, REPO_ROOT } from './seed-flow-harness.js';

export interface ClientStep {
  name: string;
  cmd: string;
  args: string[];
  /** Extra environment for this step. */
  env?: Record<string, string>;
  timeoutMs?: number;
}

export interface TransparentOptions {
  steps: ClientStep[];
  /** The proxy refuses hosts it does not impersonate (default true: nothing may leave unnoticed). */
  denyOther?: boolean;
  /** User who approves every device code (default alice, the MFA user). */
  approveAs?: string;
  /** Stop at the first failing step (default true). */
  stopOnFailure?: boolean;
  workDir?: string;
  keep?: boolean;
}

export interface StepResult { name: string; exitCode: number | null; timedOut: boolean; output: string; ms: number }

export interface TransparentResult {
  steps: StepResult[];
  approvals: { userCode: string; ok: boolean; detail: string }[];
  /** The emulator's request log and proxy decisions (verbose; never tokens). */
  emulatorLog: string;
  /** The environment given to the clients (values only name files and the proxy). */
  clientEnv: Record<string, string>;
  info?: Record<string, unknown>;
  error?: string;
  workDir: string;
}

/** Runs the steps inside fresh namespaces. */
export async function runTransparentIsolated(opts: TransparentOptions): Promise<TransparentResult> {
  const iso = checkIsolation();
  if (!iso.ok) throw new Error(iso.reason);
  const workDir = opts.workDir ?? mkdtempSync(join(tmpdir(), 'adls-transparent-'));
  mkdirSync(workDir, { recursive: true });
  const configPath = join(workDir, 'config.json');
  const resultPath = join(workDir, 'result.json');
  writeFileSync(configPath, JSON.stringify({ ...opts, workDir }));
  const budget = opts.steps.reduce((s, st) => s + (st.timeoutMs ?? 60_000), 30_000);
  const args = [...(iso.mode === 'userns' ? ['--map-root-user'] : []), '--net', '--mount', '--pid', '--fork', '--kill-child',
    '--propagation', 'private', '--',
    process.execPath, '--conditions=source', '--import', 'tsx', join(HERE, 'run-transparent.ts'), configPath, resultPath];
  const child = spawn('unshare', args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
  let outer = '';
  child.stdout.on('data', (b: Buffer) => { outer += b.toString('utf8'); });
  child.stderr.on('data', (b: Buffer) => { outer += b.toString('utf8'); });
  const guard = setTimeout(() => child.kill('SIGKILL'), budget + 30_000);
  await new Promise<void>((res) => child.on('close', () => res()));
  clearTimeout(guard);
  const result: TransparentResult = existsSync(resultPath)
    ? JSON.parse(readFileSync(resultPath, 'utf8')) as TransparentResult
    : { steps: [], approvals: [], emulatorLog: outer, clientEnv: {}, error: 'the namespaced runner exited without a result', workDir };
  if (!opts.keep && !opts.workDir) rmSync(workDir, { recursive: true, force: true });
  return result;
}

/** What a failing run looked like: every step's output tail and the emulator's log tail. */
export function describeTransparent(r: TransparentResult, lines = 60): string {
  const tail = (s: string, n: number) => s.split('\n').slice(-n).join('\n');
  return [
    r.error ? `error: ${r.error}` : '',
    `approvals: ${r.approvals.map((a) => `${a.userCode} ${a.ok ? 'ok' : 'FAILED ' + a.detail}`).join(' | ') || '(none)'}`,
    ...r.steps.map((s) => `----- step ${s.name}: exit ${s.exitCode}${s.timedOut ? ' (timed out)' : ''} in ${s.ms} ms -----\n${tail(s.output, lines)}`),
    `----- emulator log (last ${lines} lines) -----`, tail(r.emulatorLog, lines),
  ].filter(Boolean).join('\n');
}

const DEVICE_CODE = /enter the code ([A-Z0-9]{6,12}) to authenticate/g;

/** Inside the namespaces: emulator + proxy, then each client step. */
export async function runTransparentInside(opts: TransparentOptions & { workDir: string }): Promise<TransparentResult> {
  const result: TransparentResult = { steps: [], approvals: [], emulatorLog: '', clientEnv: {}, workDir: opts.workDir };
  const spawnSyncOk = (cmd: string, args: string[]) => {
    const r = spawnSync(cmd, args, { encoding: 'utf8' });
    if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')}: ${r.stderr || r.error?.message}`);
    return r.stdout;
  };
  spawnSyncOk('ip', ['link', 'set', 'lo', 'up']);
  const links = spawnSyncOk('ip', ['-o', 'link', 'show']).trim().split('\n');
  if (links.length !== 1 || !/\blo:/.test(links[0])) throw new Error(`expected only lo in the namespace, got: ${links.join(' | ')}`);

  // The emulator's log goes to stderr: capture it for the result.
  const origWrite = process.stderr.write.bind(process.stderr);
  process.stderr.write = ((chunk: string | Uint8Array, ...rest: unknown[]) => {
    result.emulatorLog += typeof chunk === 'string' ? chunk : Buffer.from(chunk).toString('utf8');
    return (origWrite as (...a: unknown[]) => boolean)(chunk, ...rest);
  }) as typeof process.stderr.write;

  const emu = new Emulator({
    location: join(opts.workDir, 'emulator'), port: 0, testApi: true, deviceCodeInterval: 1, verbose: true,
    proxyPort: 0, proxyDenyOther: opts.denyOther ?? true,
  });
  await emu.start();
  try {
    const info = emu.info();
    result.info = { tenantId: info.tenantId, subscriptionId: info.subscriptionId, proxyUrl: info.proxyUrl, defaultAccount: info.defaultAccount };
    const home = join(opts.workDir, 'home');
    mkdirSync(home, { recursive: true, mode: 0o700 });
    // Exactly what `adls emulator env --proxy` prints (the same function builds it), plus a private HOME; the
    // environment starts empty, so nothing of the test runner's (NO_PROXY=*) leaks in.
    result.clientEnv = Object.fromEntries(emulatorEnv(info, true, emu.baseUrl));
    const baseEnv: Record<string, string> = {
      PATH: process.env.PATH ?? '/usr/bin:/bin', HOME: home, LANG: 'C.UTF-8', TENANT_ID: info.tenantId,
      SUBSCRIPTION_ID: info.subscriptionId, DEFAULT_ACCOUNT: info.defaultAccount, WORK_DIR: opts.workDir,
      SECOND_USER_OID: info.users.find((u) => !u.mfa)?.oid ?? '', ...result.clientEnv,
    };
    const api = new Browser(emu.core.ca.caCertPem);
    const approveAs = opts.approveAs ?? info.users.find((u) => u.mfa)!.username;
    const approve = async (userCode: string) => {
      const r = await api.request('POST', `${emu.baseUrl}/_emulator/device/approve`, { user_code: userCode, username: approveAs });
      result.approvals.push({ userCode, ok: r.status === 200, detail: `${r.status} ${r.body.slice(0, 200)}` });
    };

    for (const step of opts.steps) {
      const started = Date.now();
      const child = spawn(step.cmd, step.args, { cwd: opts.workDir, env: { ...baseEnv, ...(step.env ?? {}) }, stdio: ['ignore', 'pipe', 'pipe'] });
      let output = '';
      const seen = new Set<string>();
      const take = (b: Buffer) => {
        output += b.toString('utf8');
        for (const m of output.matchAll(DEVICE_CODE)) {
          if (!seen.has(m[1])) { seen.add(m[1]); void approve(m[1]); }
        }
      };
      child.stdout.on('data', take);
      child.stderr.on('data', take);
      let timedOut = false;
      const timer = setTimeout(() => { timedOut = true; child.kill('SIGKILL'); }, step.timeoutMs ?? 60_000);
      const exitCode = await new Promise<number | null>((res) => child.on('close', (c) => res(c)));
      clearTimeout(timer);
      result.steps.push({ name: step.name, exitCode, timedOut, output, ms: Date.now() - started });
      if (exitCode !== 0 && opts.stopOnFailure !== false) break;
    }
  } catch (e) {
    result.error = (e as Error).stack ?? String(e);
  } finally {
    await emu.stop();
    process.stderr.write = origWrite;
  }
  return result;
}
