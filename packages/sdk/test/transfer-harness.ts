// Shared by the transfer tests against the emulator: a harness (emulator, client, temp folder), a recording
// remote, and a child process that runs one transfer (to be killed part way, or to run in another mount namespace).
import { spawn } from 'node:child_process';
import { createHash } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, readdir, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { basename, join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { emulatorFileSystem, mintToken, startTestEmulator, type TestEmulator } from 'adls-gen1-test-support';
import { DataLakeFileSystemClient, STATE_SUFFIX, STATE_VERSION, type FileData, type TransferRemote, type TransferState } from 'adls-gen1';

export const sha = (b: Buffer) => createHash('sha256').update(b).digest('hex');
export async function shaFile(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const c of createReadStream(path)) h.update(c as Buffer);
  return h.digest('hex');
}
const childScript = fileURLToPath(new URL('./transfer-child.ts', import.meta.url));

export interface Harness { t: TestEmulator; fs: DataLakeFileSystemClient; token: string; account: string; dir: string }

/** maxRetries: under injected faults, enough attempts that giving up is never the likely outcome of a run. */
export async function startHarness(opts: Parameters<typeof startTestEmulator>[0] = {}, connections = 8, maxRetries = 5): Promise<Harness> {
  const t = await startTestEmulator(opts);
  const info = t.emu.info();
  const owner = info.users.find((u) => u.mfa) ?? info.users[0];
  const token = await mintToken(t.emu, { upn: owner.username });
  const fs = emulatorFileSystem(t, token, { connections, retry: { maxRetries, baseDelayMs: 20, maxDelayMs: 500 } });
  const dir = await mkdtemp(join(tmpdir(), 'adls-xfer-'));
  // Resume state goes to the user's folder by default: keep the tests' own out of the real one.
  process.env.ADLS_TRANSFER_STATE_DIR = join(dir, 'user-state');
  return { t, fs, token, account: info.defaultAccount, dir };
}
export async function stopHarness(h: Harness | undefined): Promise<void> {
  if (!h) return;
  await h.fs.close();
  await h.t.stop();
  await rm(h.dir, { recursive: true, force: true });
}

export interface Recording {
  remote: TransferRemote;
  creates: string[];
  reads: [string, number, number][];
  /** Bytes sent in CREATE and APPEND bodies. */
  sent: { bytes: number };
}

/** The bytes a body carries (a transfer sends buffers or sized bodies, never unsized streams). */
const lengthOf = (data: FileData) => (typeof data === 'function' ? Number.NaN : data.length);

/** A remote that records every call (to prove what a resumed run sends). */
export function recording(base: TransferRemote): Recording {
  const creates: string[] = [];
  const reads: [string, number, number][] = [];
  const sent = { bytes: 0 };
  return {
    creates, reads, sent,
    remote: {
      ...base,
      create: async (path, data, o) => { creates.push(path); await base.create(path, data, o); sent.bytes += lengthOf(data); },
      append: async (path, data, offset, o) => { await base.append(path, data, offset, o); sent.bytes += lengthOf(data); },
      read: (path, offset, length, o) => { reads.push([path, offset, length]); return base.read(path, offset, length, o); },
    },
  };
}

/** Runs a transfer in a child process and SIGKILLs it once `killAfter` chunks have finished. */
export async function killMidway(h: Harness, args: Record<string, unknown>, killAfter: number): Promise<number> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', childScript, JSON.stringify({
    account: h.account, port: h.t.emu.port, caPath: h.t.emu.core.ca.caCertPath, ...args,
  })], { env: { ...process.env, ADLS_TEST_TOKEN: h.token }, stdio: ['ignore', 'pipe', 'pipe'] });
  let stderr = '';
  child.stderr.on('data', (d) => { stderr += d; });
  return new Promise((resolve, reject) => {
    let seen = 0;
    child.stdout.on('data', (d: Buffer) => {
      for (const line of d.toString().split('\n')) {
        if (line.startsWith('chunk ')) seen = Number(line.slice(6));
        if (line === 'done') reject(new Error('the child finished before it could be killed'));
      }
      if (seen >= killAfter) child.kill('SIGKILL');
    });
    child.on('exit', (code, sig) => (sig === 'SIGKILL' ? resolve(seen) : reject(new Error(`child exited ${code}: ${stderr}`))));
  });
}


/**
 * Runs a transfer in a child process to its end, its command line prefixed by `wrapper` (e.g. unshare), and
 * resolves with its stderr; rejects when it fails.
 */
export async function runChild(h: Harness, args: Record<string, unknown>, wrapper: string[] = []): Promise<string> {
  const argv = [process.execPath, '--conditions=source', '--import', 'tsx', childScript, JSON.stringify({
    account: h.account, port: h.t.emu.port, caPath: h.t.emu.core.ca.caCertPath, delayMs: 0, ...args,
  })];
  const [cmd, ...rest] = [...wrapper, ...argv];
  const child = spawn(cmd, rest, { env: { ...process.env, ADLS_TEST_TOKEN: h.token }, stdio: ['ignore', 'pipe', 'pipe'] });
  let out = '';
  let err = '';
  child.stdout.on('data', (d) => { out += d; });
  child.stderr.on('data', (d) => { err += d; });
  return new Promise((resolve, reject) => {
    child.on('error', reject);
    child.on('exit', (code) => (code === 0 && out.includes('done') ? resolve(err) : reject(new Error(`child exited ${code}: ${err}`))));
  });
}

/** A wrapper that runs a command in a private mount namespace where `dir` is mounted read-only (needs root, as in CI). */
export function readOnlyMount(dir: string): string[] {
  return ['unshare', '-m', '--propagation', 'private', 'sh', '-c', 'mount --bind "$0" "$0" && mount -o remount,bind,ro "$0" "$0" && exec "$@"', dir];
}

/** A remote file's whole content. */
export async function readAll(fs: DataLakeFileSystemClient, path: string): Promise<Buffer> {
  const parts: Buffer[] = [];
  for await (const c of await fs.read(path)) parts.push(c as Buffer);
  return Buffer.concat(parts);
}

/**
 * The resume state file an interrupted transfer of `localPath` left in `stateDir`, as a user finds it: the one
 * file named after the local file with the state suffix (`{name}.{hash}.adls-transfer.json`).
 */
export async function readStateFile(stateDir: string, localPath: string): Promise<TransferState> {
  const names = (await readdir(stateDir)).filter((n) => n.startsWith(`${basename(localPath)}.`) && n.endsWith(STATE_SUFFIX));
  if (names.length !== 1) throw new Error(`expected one state file for ${localPath} in ${stateDir}, found ${names.length}`);
  const state = JSON.parse(await readFile(join(stateDir, names[0]), 'utf8')) as TransferState;
  if (state.version !== STATE_VERSION) throw new Error(`state file ${names[0]} has version ${state.version}`);
  return state;
}
