// Harness that runs the guide's Python flow (/work/shared/peers/seed_flow.py, unmodified) against the
// emulator, isolated in a private network + mount (+ pid) namespace:
//
//   host side  runSeedFlowIsolated()  →  unshare --net --mount --pid --fork --kill-child
//                                           node --conditions=source --import tsx run-seed-flow.ts --inside
//   inside     runSeedFlowInside()     →  lo up, emulator (emulator-launcher.ts) on 127.0.0.1:<port>,
//                                         GET /_emulator/info, private /etc/hosts (mount --bind),
//                                         /usr/bin/python3 seed_flow.py, approve each device code
//                                         (test API or the real sign-in pages with plain HTTP forms)
//
// Nothing inside the namespace can reach anything but loopback.
import { spawn, spawnSync, type ChildProcess } from 'node:child_process';
import { randomBytes } from 'node:crypto';
import { existsSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync, appendFileSync } from 'node:fs';
import { request as httpsRequest } from 'node:https';
import { tmpdir } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import * as OTPAuth from 'otpauth';

export const HERE = dirname(fileURLToPath(import.meta.url));
export const REPO_ROOT = resolve(HERE, '..', '..');
/** CI has shared/ beside the clone: <root>/../shared/peers/seed_flow.py (env ADLS_SEED_FLOW overrides). */
export const DEFAULT_SEED_FLOW = process.env.ADLS_SEED_FLOW || resolve(REPO_ROOT, '..', 'shared', 'peers', 'seed_flow.py');
export const ALL_STEPS = ['arm_auth', 'rg', 'account_create', 'account_list', 'fs_auth', 'fs', 'account_delete'] as const;
export type Step = (typeof ALL_STEPS)[number];
/** How one device-code sign-in is approved. */
export type ApproveVia = 'api' | 'pages';

export interface SeedFlowOptions {
  steps: Step[];
  /** Account name: 'default' = the emulator's default account; undefined = a fresh random name. */
  account?: string;
  /** Resource group: undefined = a fresh random name ('default' = the default account's group). */
  resourceGroup?: string;
  /** Approval method per sign-in, in order; the last entry repeats. Default ['api', 'pages']. */
  approve?: ApproveVia[];
  /** Python run timeout (ms). Default 110 000. */
  timeoutMs?: number;
  /** ADL_NTHREADS (unset = the script's default, 64, as in the guide). */
  nthreads?: number;
  /** Emulator LRO mode (unset = emulator default). */
  lroMode?: string;
  /** Extra environment for Python (e.g. ADL_BIGFILE_BYTES). */
  extraEnv?: Record<string, string>;
  /** Python debug: log every HTTP request/response line of the Python clients (sitecustomize). */
  pyDebug?: boolean;
  /** Path of seed_flow.py (default DEFAULT_SEED_FLOW). */
  seedFlow?: string;
  /** Work folder (emulator data, hosts file, logs). Default: a new temp dir, removed unless keep. */
  workDir?: string;
  keep?: boolean;
  /**
   * 'namespace' (default): private net+mount namespace, private /etc/hosts, loopback only.
   * 'none': no namespace (no root needed). Only localhost is resolvable, so the data plane is reached
   * through filesystem-api.md §1.2 option B: ADL_ACCOUNT=127.0.0 and ADL_URL_SUFFIX=1:<port> give
   * https://127.0.0.1:<port>/, which the emulator must map to its default account. Works for the
   * auth/management steps, or for fs_auth,fs on the default account; not for both in one run.
   */
  isolation?: 'namespace' | 'none';
  /** Echo Python's output and the harness log live (stdout/stderr) as it runs. Default false. */
  echo?: boolean;
}

export interface ApprovalRecord { index: number; userCode: string; via: ApproveVia; ok: boolean; detail: string; ms: number }

export interface SeedFlowResult {
  exitCode: number | null;
  signal: string | null;
  timedOut: boolean;
  /** Python stdout+stderr, interleaved by line. */
  pythonOutput: string;
  /** Emulator stderr (request log with verbose on). */
  emulatorLog: string;
  /** The harness's own log (namespace setup, approvals, page traces). */
  harnessLog: string;
  approvals: ApprovalRecord[];
  /** Markers "===== STEP x" seen in the Python output, in order. */
  stepsSeen: string[];
  done: boolean;
  account: string;
  resourceGroup: string;
  info?: Record<string, any>;
  error?: string;
  workDir: string;
}

// ------------------------------------------------------------------------------------------ host side

export interface IsolationCheck { ok: boolean; mode: 'root' | 'userns' | 'none'; reason: string }

/** Can we create the namespaces? As root directly; otherwise through a user namespace (unshare -r). */
export function checkIsolation(): IsolationCheck {
  const which = spawnSync('unshare', ['--version'], { encoding: 'utf8' });
  if (which.error) return { ok: false, mode: 'none', reason: `unshare not found (install util-linux): ${which.error.message}` };
  const ip = spawnSync('ip', ['-V'], { encoding: 'utf8' });
  if (ip.error) return { ok: false, mode: 'none', reason: `ip not found (install iproute2): ${ip.error.message}` };
  const root = process.getuid?.() === 0;
  const args = [...(root ? [] : ['--map-root-user']), '--net', '--mount', '--pid', '--fork', '--kill-child', '--propagation', 'private',
    'sh', '-c', 'ip link set lo up && mount --bind /etc/hostname /etc/hostname'];
  const r = spawnSync('unshare', args, { encoding: 'utf8' });
  if (r.status === 0) return { ok: true, mode: root ? 'root' : 'userns', reason: '' };
  return {
    ok: false, mode: 'none',
    reason: `cannot create a private network+mount namespace (${root ? 'as root' : 'not root, and unprivileged user namespaces failed'}): ` +
      `unshare exit ${r.status}: ${(r.stderr || '').trim()}. Run as root (CI does) or enable user namespaces.`,
  };
}

/** Runs the seed flow in fresh namespaces. `onOutput` gets the inner process's stdout/stderr live. */
export async function runSeedFlowIsolated(opts: SeedFlowOptions, onOutput?: (chunk: string) => void): Promise<SeedFlowResult> {
  if (opts.isolation === 'none') return await runSeedFlowInside(opts);
  const iso = checkIsolation();
  if (!iso.ok) throw new Error(iso.reason);
  const workDir = opts.workDir ?? mkdtempSync(join(tmpdir(), 'adls-peers-'));
  mkdirSync(workDir, { recursive: true });
  const configPath = join(workDir, 'config.json');
  const resultPath = join(workDir, 'result.json');
  writeFileSync(configPath, JSON.stringify({ ...opts, workDir, keep: true }));
  const timeoutMs = opts.timeoutMs ?? 110_000;
  const args = [...(iso.mode === 'userns' ? ['--map-root-user'] : []), '--net', '--mount', '--pid', '--fork', '--kill-child',
    '--propagation', 'private', '--',
    process.execPath, '--conditions=source', '--import', 'tsx', join(HERE, 'run-seed-flow.ts'), '--inside', configPath, resultPath];
  const child = spawn('unshare', args, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'], env: { ...process.env } });
  let outer = '';
  const take = (b: Buffer) => { const s = b.toString('utf8'); outer += s; onOutput?.(s); };
  child.stdout.on('data', take);
  child.stderr.on('data', take);
  // Last-resort guard; the inner process enforces timeoutMs itself and reports.
  const guard = setTimeout(() => child.kill('SIGKILL'), timeoutMs + 25_000);
  const [code, signal] = await new Promise<[number | null, string | null]>((res) => child.on('close', (c, s) => res([c, s])));
  clearTimeout(guard);
  let result: SeedFlowResult;
  if (existsSync(resultPath)) {
    result = JSON.parse(readFileSync(resultPath, 'utf8')) as SeedFlowResult;
  } else {
    result = {
      exitCode: null, signal: null, timedOut: signal === 'SIGKILL', pythonOutput: '', emulatorLog: '', harnessLog: outer,
      approvals: [], stepsSeen: [], done: false, account: opts.account ?? '', resourceGroup: opts.resourceGroup ?? '',
      error: `the namespaced runner exited (code ${code}, signal ${signal}) without a result`, workDir,
    };
    const emuLog = join(workDir, 'emulator.log');
    if (existsSync(emuLog)) result.emulatorLog = readFileSync(emuLog, 'utf8');
    const pyLog = join(workDir, 'python.log');
    if (existsSync(pyLog)) result.pythonOutput = readFileSync(pyLog, 'utf8');
  }
  if (!opts.keep && !opts.workDir) rmSync(workDir, { recursive: true, force: true });
  return result;
}

/** Human-readable failure report: the tails that make a failing run diagnosable. */
export function describeFailure(r: SeedFlowResult, lines = 80): string {
  const tail = (s: string, n: number) => s.split('\n').slice(-n).join('\n');
  return [
    `exit=${r.exitCode} signal=${r.signal} timedOut=${r.timedOut} done=${r.done} account=${r.account} rg=${r.resourceGroup}`,
    r.error ? `error: ${r.error}` : '',
    `steps seen: ${r.stepsSeen.join(', ') || '(none)'}`,
    `approvals: ${r.approvals.map((a) => `#${a.index} ${a.userCode} via ${a.via}: ${a.ok ? 'ok' : 'FAILED'} ${a.detail}`).join(' | ') || '(none)'}`,
    `----- python output (last ${lines} lines) -----`, tail(r.pythonOutput, lines),
    `----- emulator log (last ${lines} lines) -----`, tail(r.emulatorLog, lines),
    `----- harness log (last 40 lines) -----`, tail(r.harnessLog, 40),
  ].filter(Boolean).join('\n');
}

// ------------------------------------------------------------------------------------------ inside

function run(cmd: string, args: string[]): void {
  const r = spawnSync(cmd, args, { encoding: 'utf8' });
  if (r.error) throw new Error(`${cmd}: ${r.error.message}`);
  if (r.status !== 0) throw new Error(`${cmd} ${args.join(' ')} exited ${r.status}: ${(r.stderr || '').trim()}`);
}

/** Minimal HTTPS client (trusting the emulator CA) with a cookie jar, for the test API and the pages. */
export class Browser {
  readonly cookies = new Map<string, string>();
  constructor(private readonly ca: string, private readonly trace: (line: string) => void = () => {}) {}

  async request(method: string, url: string, body?: string | URLSearchParams | object, headers: Record<string, string> = {}):
    Promise<{ status: number; headers: Record<string, string | string[] | undefined>; body: string; url: string }> {
    let payload: Buffer | undefined;
    const h: Record<string, string> = { Accept: 'text/html,application/json', ...headers };
    if (body instanceof URLSearchParams) { payload = Buffer.from(body.toString()); h['Content-Type'] = 'application/x-www-form-urlencoded'; }
    else if (typeof body === 'string') payload = Buffer.from(body);
    else if (body !== undefined) { payload = Buffer.from(JSON.stringify(body)); h['Content-Type'] = 'application/json'; }
    if (payload) h['Content-Length'] = String(payload.length);
    if (this.cookies.size) h.Cookie = [...this.cookies].map(([k, v]) => `${k}=${v}`).join('; ');
    const u = new URL(url);
    return await new Promise((res, rej) => {
      const req = httpsRequest({ method, hostname: u.hostname, port: u.port, path: u.pathname + u.search, headers: h, ca: this.ca, timeout: 15_000 }, (r) => {
        const chunks: Buffer[] = [];
        r.on('data', (c: Buffer) => chunks.push(c));
        r.on('end', () => {
          const sc = r.headers['set-cookie'] ?? [];
          for (const c of sc) {
            const [pair] = c.split(';');
            const eq = pair.indexOf('=');
            if (eq > 0) {
              const name = pair.slice(0, eq).trim();
              const value = pair.slice(eq + 1).trim();
              if (/max-age=0|expires=thu, 01 jan 1970/i.test(c) || value === '') this.cookies.delete(name);
              else this.cookies.set(name, value);
            }
          }
          const text = Buffer.concat(chunks).toString('utf8');
          this.trace(`${method} ${u.pathname}${u.search} ${payload && !(body instanceof URLSearchParams && body.has('password')) ? payload.toString().slice(0, 200) : ''} -> ${r.statusCode}${r.headers.location ? ' Location: ' + r.headers.location : ''}`);
          res({ status: r.statusCode ?? 0, headers: r.headers, body: text, url });
        });
        r.on('error', rej);
      });
      req.on('timeout', () => req.destroy(new Error(`timeout: ${method} ${url}`)));
      req.on('error', rej);
      req.end(payload);
    });
  }

  /** GET following redirects (max 10). */
  async get(url: string): Promise<{ status: number; body: string; url: string }> {
    let cur = url;
    for (let i = 0; i < 10; i++) {
      const r = await this.request('GET', cur);
      if (r.status >= 300 && r.status < 400 && r.headers.location) { cur = new URL(String(r.headers.location), cur).toString(); continue; }
      return { status: r.status, body: r.body, url: cur };
    }
    throw new Error(`too many redirects from ${url}`);
  }
}

export interface HtmlForm { action: string; method: string; fields: { name: string; type: string; value: string; tag: string }[] }

function attr(tag: string, name: string): string | undefined {
  const m = new RegExp(`\\s${name}\\s*=\\s*(?:"([^"]*)"|'([^']*)'|([^\\s>]+))`, 'i').exec(tag);
  if (!m) return undefined;
  return decodeEntities(m[1] ?? m[2] ?? m[3] ?? '');
}

function decodeEntities(s: string): string {
  return s.replace(/&(#x[0-9a-f]+|#\d+|amp|lt|gt|quot|apos|#39);/gi, (_m, e: string) => {
    const l = e.toLowerCase();
    if (l === 'amp') return '&';
    if (l === 'lt') return '<';
    if (l === 'gt') return '>';
    if (l === 'quot') return '"';
    if (l === 'apos' || l === '#39') return "'";
    if (l.startsWith('#x')) return String.fromCodePoint(parseInt(l.slice(2), 16));
    return String.fromCodePoint(parseInt(l.slice(1), 10));
  });
}

/** Forms of an HTML page (inputs, buttons, selects, textareas), no JavaScript needed. */
export function parseForms(html: string): HtmlForm[] {
  const forms: HtmlForm[] = [];
  const re = /<form\b([^>]*)>([\s\S]*?)<\/form>/gi;
  for (let m = re.exec(html); m; m = re.exec(html)) {
    const open = `<form ${m[1]}>`;
    const fields: HtmlForm['fields'] = [];
    const fre = /<(input|button|select|textarea)\b([^>]*)>/gi;
    for (let f = fre.exec(m[2]); f; f = fre.exec(m[2])) {
      const tag = `<${f[1]} ${f[2]}>`;
      const name = attr(tag, 'name');
      if (!name) continue;
      const kind = f[1].toLowerCase();
      let value = attr(tag, 'value') ?? '';
      if (kind === 'select') {
        const rest = m[2].slice(fre.lastIndex);
        const opt = /<option\b([^>]*)>/i.exec(rest.slice(0, rest.search(/<\/select>/i)));
        value = opt ? attr(`<option ${opt[1]}>`, 'value') ?? '' : '';
      }
      fields.push({ name, tag: kind, type: (attr(tag, 'type') ?? (kind === 'button' ? 'submit' : 'text')).toLowerCase(), value });
    }
    forms.push({ action: attr(open, 'action') ?? '', method: (attr(open, 'method') ?? 'get').toLowerCase(), fields });
  }
  return forms;
}

export function totpNow(secret: string): string {
  return new OTPAuth.TOTP({ secret: OTPAuth.Secret.fromBase32(secret.replace(/\s+/g, '').toUpperCase()), algorithm: 'SHA1', digits: 6, period: 30 }).generate();
}

interface UserCreds { username: string; password: string | null; totpSecret?: string }

/**
 * Approves a device code the way a person would: GET /devicelogin, then submit whichever form each
 * page shows (code → confirm app → username/password → TOTP → consent) until the "done" page.
 * Field names are found from the HTML (type=password, name containing user/login/otc/otp…); hidden
 * inputs (CSRF token) are sent back as they are; the session cookie is kept by Browser.
 */
export async function approveThroughPages(base: string, ca: string, userCode: string, user: UserCreds, trace: (l: string) => void): Promise<string> {
  const b = new Browser(ca, trace);
  let page = await b.get(`${base}/devicelogin`);
  if (page.status !== 200) throw new Error(`GET /devicelogin -> ${page.status}: ${page.body.slice(0, 300)}`);
  const visited: string[] = [new URL(page.url).pathname];
  let mfaTries = 0;
  for (let step = 0; step < 12; step++) {
    const text = pageText(page.body);
    const forms = parseForms(page.body).filter((f) => f.method === 'post');
    if (forms.length === 0) {
      if (/signed in|you can close|close this window|done/i.test(text) && !/didn.t work|has expired|declined|cancelled|AADSTS\d+|too many/i.test(text)) {
        return `pages: ${visited.join(' → ')}`;
      }
      throw new Error(`page ${page.url} has no form and is not the done page: ${text.slice(0, 400)}`);
    }
    if (/didn.t work|AADSTS\d+|incorrect|wrong code|invalid/i.test(text) && step > 0) {
      trace(`page ${page.url} shows an error: ${text.slice(0, 300)}`);
    }
    const form = forms[0];
    const params = new URLSearchParams();
    let submitChosen = false;
    let isMfa = false;
    const submits = form.fields.filter((f) => f.type === 'submit' || f.type === 'image');
    for (const f of form.fields) {
      const n = f.name.toLowerCase();
      if (f.type === 'submit' || f.type === 'image') continue;
      if (f.type === 'hidden') { params.set(f.name, f.value); continue; }
      if (f.type === 'checkbox' || f.type === 'radio') { if (!params.has(f.name)) params.set(f.name, f.value || 'on'); continue; }
      if (f.type === 'password' || /^pass|passwd|password/.test(n)) { params.set(f.name, user.password ?? ''); continue; }
      if (/otc|user_?code|^code$/.test(n) && !/otp|totp/.test(n)) {
        if (/mfa/i.test(page.url)) { isMfa = true; params.set(f.name, user.totpSecret ? totpNow(user.totpSecret) : ''); } else params.set(f.name, userCode);
        continue;
      }
      if (/otp|totp|verification|mfa/.test(n)) { isMfa = true; params.set(f.name, user.totpSecret ? totpNow(user.totpSecret) : ''); continue; }
      if (/user|login|email|upn|account/.test(n)) { params.set(f.name, user.username); continue; }
      params.set(f.name, f.value);
    }
    // Pick the positive button: continue / accept / next / sign in / verify / yes.
    const positive = submits.find((s) => /continue|accept|next|sign ?in|verify|yes|submit|approve|allow/i.test(s.value))
      ?? submits.find((s) => !/cancel|decline|deny|back|no$/i.test(s.value));
    if (positive) { params.set(positive.name, positive.value); submitChosen = true; }
    if (!submitChosen) {
      const action = form.fields.find((f) => f.name.toLowerCase() === 'action');
      if (!action && /consent|confirm/i.test(page.url)) params.set('action', /consent/i.test(page.url) ? 'accept' : 'continue');
    }
    if (isMfa && ++mfaTries > 2) throw new Error('MFA page rejected the TOTP twice');
    const target = new URL(form.action || page.url, page.url).toString();
    const r = await b.request('POST', target, params);
    if (r.status >= 300 && r.status < 400 && r.headers.location) {
      page = await b.get(new URL(String(r.headers.location), target).toString());
    } else {
      page = { status: r.status, body: r.body, url: target };
    }
    visited.push(new URL(page.url).pathname + (page.status !== 200 ? `(${page.status})` : ''));
    if (page.status >= 400) {
      const t = pageText(page.body);
      throw new Error(`POST ${target} led to ${page.url} ${page.status}: ${t.slice(0, 400)} (fields sent: ${[...params.keys()].join(',')})`);
    }
  }
  throw new Error(`no done page after 12 steps: ${visited.join(' → ')}`);
}

/** Visible text of a page (no style/script blocks, no tags). */
export function pageText(html: string): string {
  return decodeEntities(html.replace(/<(style|script|head)\b[\s\S]*?<\/\1>/gi, ' ').replace(/<[^>]+>/g, ' ')).replace(/\s+/g, ' ').trim();
}

function randomName(prefix: string): string {
  return (prefix + randomBytes(8).toString('hex')).slice(0, 24);
}

/** Runs everything inside the namespaces (called by run-seed-flow.ts --inside). */
export async function runSeedFlowInside(opts: SeedFlowOptions): Promise<SeedFlowResult> {
  const workDir = opts.workDir ?? mkdtempSync(join(tmpdir(), 'adls-peers-'));
  mkdirSync(workDir, { recursive: true });
  const harnessLogPath = join(workDir, 'harness.log');
  const emulatorLogPath = join(workDir, 'emulator.log');
  const pythonLogPath = join(workDir, 'python.log');
  let harnessLog = '';
  const hlog = (line: string) => {
    const l = `${new Date().toISOString()} ${line}`;
    harnessLog += l + '\n';
    appendFileSync(harnessLogPath, l + '\n');
    if (opts.echo) process.stderr.write(`[harness] ${line}\n`);
  };
  let emulatorLog = '';
  let pythonOutput = '';
  const approvals: ApprovalRecord[] = [];
  const stepsSeen: string[] = [];
  const result: SeedFlowResult = {
    exitCode: null, signal: null, timedOut: false, pythonOutput: '', emulatorLog: '', harnessLog: '',
    approvals, stepsSeen, done: false, account: '', resourceGroup: '', workDir,
  };
  let emu: ChildProcess | undefined;
  let py: ChildProcess | undefined;
  try {
    // 1. Loopback only.
    const isolated = opts.isolation !== 'none';
    if (isolated) {
      run('ip', ['link', 'set', 'lo', 'up']);
      const links = spawnSync('ip', ['-o', 'link', 'show'], { encoding: 'utf8' }).stdout.trim().split('\n');
      if (links.length !== 1 || !/\blo:/.test(links[0])) throw new Error(`expected only lo in the namespace, got: ${links.join(' | ')}`);
      hlog(`namespace: ${links.length} link (lo up)`);
    } else {
      const fs = opts.steps.includes('fs');
      if (fs && opts.steps.some((st) => st.startsWith('account_'))) throw new Error("isolation 'none' cannot run fs together with account steps (option B only reaches the default account)");
      if (fs && opts.account !== undefined && opts.account !== 'default') throw new Error("isolation 'none': fs runs on the default account only (option B)");
      hlog('no namespace: option B (https://127.0.0.1:<port>/ for the data plane)');
    }

    // 2. Emulator.
    const emuDir = join(workDir, 'emulator');
    const launcherArgs = ['--conditions=source', '--import', 'tsx', join(HERE, 'emulator-launcher.ts'), '--location', emuDir, '--port', '0', '--interval', '1',
      ...(opts.lroMode ? ['--lro-mode', opts.lroMode] : [])];
    emu = spawn(process.execPath, launcherArgs, { cwd: REPO_ROOT, stdio: ['ignore', 'pipe', 'pipe'] });
    emu.stderr!.on('data', (b: Buffer) => { emulatorLog += b.toString('utf8'); appendFileSync(emulatorLogPath, b); });
    const ready = await new Promise<{ port: number; baseUrl: string; caCertPath: string }>((res, rej) => {
      let out = '';
      const t = setTimeout(() => rej(new Error('emulator did not report READY within 60 s')), 60_000);
      emu!.stdout!.on('data', (b: Buffer) => {
        out += b.toString('utf8');
        const m = /EMULATOR-READY (\{.*\})\n/.exec(out);
        if (m) { clearTimeout(t); res(JSON.parse(m[1])); }
      });
      emu!.on('exit', (c, s) => { clearTimeout(t); rej(new Error(`emulator exited before READY (code ${c}, signal ${s}): ${emulatorLog.slice(-2000)}`)); });
    });
    const ca = readFileSync(ready.caCertPath, 'utf8');
    const api = new Browser(ca);
    const infoRes = await api.request('GET', `${ready.baseUrl}/_emulator/info`);
    if (infoRes.status !== 200) throw new Error(`GET /_emulator/info -> ${infoRes.status} ${infoRes.body.slice(0, 300)}`);
    const info = JSON.parse(infoRes.body) as Record<string, any>;
    result.info = info;
    hlog(`emulator up: ${info.authorityHost} tenant ${info.tenantId} urlSuffix ${info.urlSuffix}`);

    // 3. Names and a private /etc/hosts.
    const account = opts.account === 'default' ? String(info.defaultAccount) : opts.account ?? randomName('peers');
    const resourceGroup = opts.resourceGroup === 'default' ? String(info.defaultResourceGroup)
      : opts.resourceGroup ?? (opts.account === 'default' ? String(info.defaultResourceGroup) : `peers-rg-${randomBytes(4).toString('hex')}`);
    if (!/^[a-z0-9]{3,24}$/.test(account)) throw new Error(`account name ${account} does not match ^[a-z0-9]{3,24}$`);
    result.account = account;
    result.resourceGroup = resourceGroup;
    const suffix = String(info.dataPlaneSuffix);
    let pyAccount = account;
    let pyUrlSuffix = String(info.urlSuffix);
    if (isolated) {
      const names = [...new Set(['localhost', `${account}.${suffix}`, `${info.defaultAccount}.${suffix}`])];
      const hostsPath = join(workDir, 'hosts');
      writeFileSync(hostsPath, `# private hosts file of the seed-flow harness (network namespace)\n127.0.0.1 ${names.join(' ')}\n`);
      run('mount', ['--bind', hostsPath, '/etc/hosts']);
      hlog(`/etc/hosts (bind-mounted): 127.0.0.1 ${names.join(' ')}`);
    } else if (opts.steps.includes('fs')) {
      pyAccount = '127.0.0';
      pyUrlSuffix = `1:${ready.port}`;
    }

    // 4. Python, with a clean environment.
    const seedFlow = opts.seedFlow ?? DEFAULT_SEED_FLOW;
    if (!existsSync(seedFlow)) throw new Error(`seed flow not found at ${seedFlow} (expected shared/ beside the repo)`);
    const pyHome = join(workDir, 'home');
    const pyWork = join(workDir, 'py-work');
    mkdirSync(pyHome, { recursive: true });
    mkdirSync(pyWork, { recursive: true });
    const env: Record<string, string> = {
      PATH: '/usr/sbin:/usr/bin:/sbin:/bin',
      HOME: pyHome,
      LANG: 'C.UTF-8',
      PYTHONUNBUFFERED: '1', // the device-code message is printed without flush; we need it live
      PYTHONDONTWRITEBYTECODE: '1',
      PYTHONFAULTHANDLER: '1', // on timeout we send SIGABRT: every thread's stack goes to stderr
      no_proxy: '*', NO_PROXY: '*',
      REQUESTS_CA_BUNDLE: String(info.caCertPath),
      ADL_AUTHORITY_HOST: String(info.authorityHost),
      ADL_TENANT: String(info.tenantId),
      ADL_VALIDATE_AUTHORITY: '0',
      ADL_ARM_BASE_URL: String(info.managementEndpoint),
      ADL_SUBSCRIPTION_ID: String(info.subscriptionId),
      ADL_RESOURCE_GROUP: resourceGroup,
      ADL_ACCOUNT: pyAccount,
      ADL_URL_SUFFIX: pyUrlSuffix,
      ADL_STEPS: opts.steps.join(','),
      ADL_WORKDIR: pyWork,
      ...(opts.nthreads ? { ADL_NTHREADS: String(opts.nthreads) } : {}),
      ...(opts.pyDebug ? { PYTHONPATH: join(REPO_ROOT, 'packages', 'emulator', 'test', 'fixtures', 'peers', 'pydebug'), ADL_HARNESS_PYDEBUG: '1' } : {}),
      ...opts.extraEnv,
    };
    hlog(`python: ADL_STEPS=${env.ADL_STEPS} ADL_ACCOUNT=${pyAccount} ADL_RESOURCE_GROUP=${resourceGroup} ADL_URL_SUFFIX=${env.ADL_URL_SUFFIX}`);
    const mfaUser = (info.users as UserCreds[] & { mfa: boolean }[]).find((u: any) => u.mfa) as (UserCreds & { mfa: boolean }) | undefined;
    if (!mfaUser) throw new Error('no MFA user in /_emulator/info users');
    const plan = opts.approve ?? ['api', 'pages'];

    py = spawn('/usr/bin/python3', [seedFlow], { cwd: pyWork, env, stdio: ['ignore', 'pipe', 'pipe'] });
    const queue: Promise<void>[] = [];
    let chain = Promise.resolve();
    let codeIndex = 0;
    const onLine = (line: string, stream: 'out' | 'err') => {
      const l = stream === 'err' ? line : line;
      pythonOutput += l + '\n';
      appendFileSync(pythonLogPath, l + '\n');
      if (opts.echo) process.stdout.write(`[python] ${l}\n`);
      const step = /^===== STEP (\S+)/.exec(line);
      if (step) stepsSeen.push(step[1]);
      if (line.trim() === 'SEED FLOW DONE') result.done = true;
      const code = /enter the code ([A-Za-z0-9-]+)/.exec(line);
      if (code && stream === 'out') {
        const index = codeIndex++;
        const via = plan[Math.min(index, plan.length - 1)];
        const userCode = code[1];
        chain = chain.then(async () => {
          const started = Date.now();
          const rec: ApprovalRecord = { index, userCode, via, ok: false, detail: '', ms: 0 };
          approvals.push(rec);
          try {
            if (via === 'api') {
              const r = await api.request('POST', `${info.authorityHost}/_emulator/device/approve`, { user_code: userCode, username: mfaUser.username });
              if (r.status !== 200 && r.status !== 204) throw new Error(`POST /_emulator/device/approve -> ${r.status} ${r.body.slice(0, 300)}`);
              rec.detail = `test API ${r.status}`;
            } else {
              rec.detail = await approveThroughPages(String(info.authorityHost), ca, userCode, mfaUser, (t) => hlog(`  page: ${t}`));
            }
            rec.ok = true;
          } catch (e) {
            rec.detail = (e as Error).message;
            hlog(`approval #${index} (${userCode}) via ${via} FAILED: ${rec.detail}`);
          }
          rec.ms = Date.now() - started;
          hlog(`approval #${index} ${userCode} via ${via}: ${rec.ok ? 'ok' : 'failed'} (${rec.ms} ms) ${rec.ok ? rec.detail : ''}`);
          // A failed approval would leave Python polling until the code expires: stop it now.
          if (!rec.ok) py?.kill('SIGTERM');
        });
        queue.push(chain);
      }
    };
    const lines = (stream: 'out' | 'err') => {
      let buf = '';
      return (b: Buffer) => {
        buf += b.toString('utf8');
        let i: number;
        while ((i = buf.indexOf('\n')) >= 0) { onLine(buf.slice(0, i), stream); buf = buf.slice(i + 1); }
        if (buf.length > 0 && stream === 'out' && /enter the code [A-Za-z0-9-]+ /.test(buf)) { onLine(buf, stream); buf = ''; }
      };
    };
    py.stdout!.on('data', lines('out'));
    py.stderr!.on('data', lines('err'));
    const timeoutMs = opts.timeoutMs ?? 110_000;
    const timer = setTimeout(() => {
      result.timedOut = true;
      hlog(`TIMEOUT after ${timeoutMs} ms: SIGABRT to python (faulthandler dumps every thread's stack)`);
      py?.kill('SIGABRT');
      setTimeout(() => py?.kill('SIGKILL'), 3000).unref();
    }, timeoutMs);
    const [code, signal] = await new Promise<[number | null, string | null]>((res) => py!.on('close', (c, s) => res([c, s])));
    clearTimeout(timer);
    await Promise.all(queue);
    result.exitCode = code;
    result.signal = signal;
    hlog(`python exited code=${code} signal=${signal} done=${result.done} steps=${stepsSeen.join(',')}`);
  } catch (e) {
    result.error = (e as Error).stack ?? String(e);
    hlog(`ERROR ${result.error}`);
    py?.kill('SIGKILL');
  } finally {
    if (emu && emu.exitCode === null) {
      emu.kill('SIGTERM');
      await new Promise<void>((res) => { const t = setTimeout(() => { emu!.kill('SIGKILL'); res(); }, 5000); emu!.on('exit', () => { clearTimeout(t); res(); }); });
    }
    result.pythonOutput = pythonOutput;
    result.emulatorLog = emulatorLog;
    result.harnessLog = harnessLog;
    if (!opts.keep && !opts.workDir) rmSync(workDir, { recursive: true, force: true });
  }
  return result;
}
