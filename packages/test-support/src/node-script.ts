import { spawn } from 'node:child_process';

/**
 * Runs a TypeScript script (through tsx, workspace packages from source) in a child node with `env` added to this
 * process's environment; resolves with its stdout when it exits 0, rejects with its stderr otherwise. For real
 * clients that must run in a process of their own (e.g. to trust the emulator CA through NODE_EXTRA_CA_CERTS).
 */
export function runNodeScript(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', script], { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`exit ${code}: ${err}`))));
  });
}

/** The JSON report a client script prints as its last line. */
export function lastJsonLine<T = Record<string, unknown>>(stdout: string): T {
  return JSON.parse(stdout.trim().split('\n').pop()!) as T;
}

/** Runs a Python program (`python3 -c script`, Debian's clients) with `env` added; resolves with its stdout when it exits 0. */
export function runPythonScript(script: string, env: Record<string, string>): Promise<string> {
  return new Promise((resolve, reject) => {
    const child = spawn('/usr/bin/python3', ['-c', script], { env: { ...process.env, ...env } });
    let out = '';
    let err = '';
    child.stdout.on('data', (d) => { out += d; });
    child.stderr.on('data', (d) => { err += d; });
    child.on('error', reject);
    child.on('close', (code) => (code === 0 ? resolve(out) : reject(new Error(`python exited ${code}: ${err}`))));
  });
}
