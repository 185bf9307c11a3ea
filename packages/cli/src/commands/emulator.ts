import { Command, Option } from 'commander';
import { homedir } from 'node:os';
import { join } from 'node:path';
// Only the defaults load with the program: the emulator itself is imported when one of these commands runs.
import {
  DEFAULT_ACCESS_TOKEN_LIFETIME_S, DEFAULT_DATA_PLANE_SUFFIX, DEFAULT_DEVICE_CODE_EXPIRES_IN_S, DEFAULT_DEVICE_CODE_INTERVAL_S, DEFAULT_HOST,
  DEFAULT_PORT,
} from 'adls-gen1-emulator/defaults';
import type { DirectoryAdmin, Emulator, LroMode } from 'adls-gen1-emulator';
import { CliError, EXIT } from '../exit.js';
import { registerEnvCommand } from './emulator-env.js';
import { printJson, table } from '../output.js';

export function defaultEmulatorLocation(): string {
  return process.env.ADLS_EMULATOR_LOCATION ?? join(homedir(), '.adls-gen1', 'emulator');
}

/** A TCP port, 0-65535 (0 = any free port). */
export function parsePort(v: string): number {
  const n = Number(v);
  if (!/^\d+$/.test(v.trim()) || n > 65535) throw new CliError(`--port must be a whole number from 0 to 65535 (0 = any free port), got '${v}'`, EXIT.BAD_INPUT);
  return n;
}

/** Why the emulator could not start, and what to do about it. */
export function startFailure(e: unknown, host: string, port: number): CliError {
  const code = (e as NodeJS.ErrnoException).code;
  if (code === 'EADDRINUSE') {
    return new CliError(`port ${port} on ${host} is already in use (another emulator?): stop that process, or pick another port with --port <n> (0 = any free port)`, EXIT.FAILURE);
  }
  if (code === 'EACCES') return new CliError(`not allowed to listen on ${host}:${port}: use a port above 1023 with --port <n>`, EXIT.FAILURE);
  if (code === 'EADDRNOTAVAIL') return new CliError(`cannot listen on ${host}: not an address of this machine (--host)`, EXIT.BAD_INPUT);
  return new CliError(`cannot start the emulator on ${host}:${port}: ${(e as Error).message}`, EXIT.FAILURE);
}

const num = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new CliError(`${name} must be a non-negative number, got '${v}'`, EXIT.BAD_INPUT);
  return n;
};

/** `--arm-rate-limit READS[,WRITES]`: Resource Manager's hourly budget (writes default to a tenth of reads). */
export function parseRateLimit(v: string): { reads: number; writes: number } {
  const m = /^\s*(\d+)\s*(?:,\s*(\d+)\s*)?$/.exec(v);
  if (!m || Number(m[1]) < 1 || (m[2] !== undefined && Number(m[2]) < 1)) {
    throw new CliError(`--arm-rate-limit must be READS or READS,WRITES (whole numbers of at least 1), got '${v}'`, EXIT.BAD_INPUT);
  }
  const reads = Number(m[1]);
  return { reads, writes: m[2] !== undefined ? Number(m[2]) : Math.max(1, Math.floor(reads / 10)) };
}

/** Prints the start banner: endpoints, identities and how to point clients at the emulator. */
function banner(emu: Emulator): string {
  const i = emu.info();
  const lines = [
    `adls-gen1 emulator listening on ${i.authorityHost}`,
    emu.options.inMemory
      ? `  storage           IN MEMORY (gone at stop); CA and keys in ${emu.options.location}`
      : `  data folder       ${emu.options.location}`,
    `  CA certificate    ${i.caCertPath}   (NODE_EXTRA_CA_CERTS / REQUESTS_CA_BUNDLE)`,
    `  authority host    ${i.authorityHost}   tenant ${i.tenantId} (${i.tenantDomain})`,
    `  management        ${i.managementEndpoint}   subscription ${i.subscriptionId}`,
    `  data plane        https://{account}.${i.urlSuffix}/webhdfs/v1/   default account ${i.defaultAccount}`,
    `  native client id  ${i.clientId}`,
    `  users:`,
    ...i.users.map((u) => `    ${u.username}  password ${u.password ?? '(set by admin)'}  ${u.mfa ? `MFA (TOTP secret ${u.totpSecret})` : 'no MFA'}${u.subscriptionOwner ? '  subscription owner' : ''}`),
    i.testApi ? '  test API          ON (/_emulator/device/approve|decline)' : '',
    i.proxyUrl ? `  proxy             ${i.proxyUrl}   transparent mode: public Azure names served here${emu.options.proxyDenyOther ? ', other hosts refused' : ', other hosts tunnelled'} (eval "$(adls emulator env --proxy)")` : '',
  ];
  return lines.filter(Boolean).join('\n');
}

export function registerEmulatorCommands(program: Command): void {
  const emulator = program.command('emulator').description('run and administer the local emulator (Azure AD + Resource Manager + Data Lake Store Gen1)');

  emulator.command('start')
    .description('start the emulator in the foreground (Ctrl-C or SIGTERM stops it)')
    .option('--location <dir>', 'data folder (database, CA, keys, file data)', defaultEmulatorLocation())
    .option('--port <port>', 'HTTPS port (0 = any free port)', parsePort, DEFAULT_PORT)
    .option('--host <address>', 'listen address', DEFAULT_HOST)
    .option('--test-api', 'enable the headless sign-in approval API under /_emulator/device', false)
    .option('--insecure-http', 'serve plain HTTP (real clients refuse it; for debugging only)', false)
    .option('--strict-slow-down', 'answer early polls with slow_down (RFC 8628; breaks adal and msal-node)', false)
    .option('--device-code-interval <s>', 'device code poll interval, seconds', num('--device-code-interval'), DEFAULT_DEVICE_CODE_INTERVAL_S)
    .option('--device-code-expires-in <s>', 'device code lifetime, seconds', num('--device-code-expires-in'), DEFAULT_DEVICE_CODE_EXPIRES_IN_S)
    .option('--token-lifetime <s>', 'access token lifetime, seconds', num('--token-lifetime'), DEFAULT_ACCESS_TOKEN_LIFETIME_S)
    .addOption(new Option('--lro-mode <mode>', 'long-running operation behaviour').choices(['immediate', 'realistic', 'poll-resource']).default('realistic'))
    .option('--arm-rate-limit <reads[,writes]>', 'Resource Manager: requests per hour and principal, then 429 with Retry-After', parseRateLimit)
    .option('--fault-503 <rate>', 'data plane: fraction of requests answered 503', num('--fault-503'), 0)
    .option('--fault-429 <rate>', 'data plane: fraction of requests answered 429 with Retry-After', num('--fault-429'), 0)
    .option('--fault-drop <rate>', 'data plane: fraction of connections dropped mid-body', num('--fault-drop'), 0)
    .option('--fault-slow-ms <ms>', 'data plane: delay added to each reply', num('--fault-slow-ms'), 0)
    .option('--in-memory', 'keep users, accounts and file data in memory only (gone at stop; the data folder keeps just the CA and signing keys)', false)
    .option('--proxy-port <port>', 'transparent mode: also run an HTTP proxy on this port that serves the public Azure names (0 = any free port)', parsePort)
    .option('--proxy-host <address>', 'listen address of the proxy', '127.0.0.1')
    .option('--proxy-deny-other', 'the proxy refuses (403) hosts the emulator does not impersonate instead of tunnelling them', false)
    .option('-v, --verbose', 'log each request (never tokens or secrets)', false)
    .option('--json', 'print the endpoints and identities as JSON (the /_emulator/info document) instead of the banner', false)
    .action(async (o) => {
      if (o.proxyPort === undefined && (o.proxyDenyOther || o.proxyHost !== '127.0.0.1')) {
        throw new CliError('--proxy-host and --proxy-deny-other need --proxy-port <port>', EXIT.BAD_INPUT);
      }
      if (o.proxyPort !== undefined && o.insecureHttp) throw new CliError('--proxy-port needs HTTPS: it cannot be combined with --insecure-http', EXIT.BAD_INPUT);
      const { Emulator } = await import('adls-gen1-emulator');
      const emu = new Emulator({
        location: o.location, port: o.port, host: o.host, testApi: o.testApi, insecureHttp: o.insecureHttp,
        strictSlowDown: o.strictSlowDown, deviceCodeInterval: o.deviceCodeInterval, deviceCodeExpiresIn: o.deviceCodeExpiresIn,
        accessTokenLifetime: o.tokenLifetime, lroMode: o.lroMode as LroMode, verbose: o.verbose, armRateLimit: o.armRateLimit ?? null,
        inMemory: o.inMemory,
        faults: { rate503: o.fault503, rate429: o.fault429, rateDrop: o.faultDrop, slowMs: o.faultSlowMs },
        ...(o.proxyPort !== undefined ? { proxyPort: o.proxyPort, proxyHost: o.proxyHost, proxyDenyOther: o.proxyDenyOther } : {}),
      });
      try {
        await emu.start();
      } catch (e) {
        await emu.stop().catch(() => {});
        // The error names the listener that failed (the HTTPS port or the proxy's).
        const at = e as { address?: string; port?: number };
        throw startFailure(e, at.address ?? o.host, at.port ?? o.port);
      }
      if (o.json) printJson({ ...emu.info(), location: emu.options.location });
      else process.stdout.write(banner(emu) + '\n');
      await new Promise<void>((resolve) => {
        const stop = () => {
          process.off('SIGINT', stop);
          process.off('SIGTERM', stop);
          resolve();
        };
        process.on('SIGINT', stop);
        process.on('SIGTERM', stop);
      });
      process.stderr.write('stopping emulator...\n');
      await emu.stop();
    });

  registerUserCommands(emulator);
  registerTotpCommand(emulator);
  registerEnvCommand(emulator);

  emulator.command('hosts')
    .description("print /etc/hosts lines (127.0.0.1 {account}.{suffix}) for every account in the emulator's data folder")
    .option('--location <dir>', 'data folder', defaultEmulatorLocation())
    .option('--suffix <dns>', 'data-plane DNS suffix', DEFAULT_DATA_PLANE_SUFFIX)
    .option('--json', 'print [{address, host}] as JSON', false)
    .action((o) => withAdmin(o.location, (admin, { hostsLines }) => {
      const lines = hostsLines(admin.accountNames(), o.suffix);
      if (o.json) return printJson(lines.map((l) => ({ address: l.split(' ')[0], host: l.split(' ')[1] })));
      if (lines.length === 0) process.stderr.write('no accounts yet (start the emulator once, or create one with `adls account create`)\n');
      else process.stdout.write(`# adls-gen1 emulator accounts (append to /etc/hosts)\n${lines.join('\n')}\n`);
    }));
}

/** Opens the data folder's directory for one command, always closing the database. */
async function withAdmin<T>(location: string, fn: (admin: DirectoryAdmin, emulator: typeof import('adls-gen1-emulator')) => T): Promise<T> {
  const emulator = await import('adls-gen1-emulator');
  const admin = emulator.DirectoryAdmin.open(location);
  try {
    return fn(admin, emulator);
  } finally {
    admin.close();
  }
}

/** `adls emulator user add|list|remove`: the emulator's Azure AD users, edited offline in SQLite. */
function registerUserCommands(emulator: Command): void {
  const user = emulator.command('user').description("manage the emulator's Azure AD users (works whether or not the emulator runs)");
  const location = () => new Option('--location <dir>', 'data folder').default(defaultEmulatorLocation());

  user.command('list')
    .description('list users')
    .addOption(location())
    .option('--json', 'print JSON', false)
    .action((o) => withAdmin(o.location, (admin) => {
      const users = admin.listUsers();
      if (o.json) return printJson(users);
      process.stdout.write(table([['USERNAME', 'DISPLAY NAME', 'MFA', 'ENABLED', 'SUBSCRIPTION OWNER', 'OBJECT ID'],
        ...users.map((u) => [u.username, u.displayName, u.mfa ? 'yes' : 'no', u.enabled ? 'yes' : 'no', u.subscriptionOwner ? 'yes' : 'no', u.oid])]) + '\n');
    }));

  user.command('add <username>')
    .description('add a user (name@domain); prints the password and, with --mfa, the TOTP secret')
    .addOption(location())
    .option('--password <password>', 'password (default: a generated one, printed once)')
    .option('--display-name <name>', 'display name (default: the part before @)')
    .option('--mfa', 'require multi-factor sign-in (TOTP); a secret is generated unless --totp-secret is given', false)
    .option('--totp-secret <base32>', 'TOTP secret (base32) for an MFA user')
    .option('--owner', 'make the user an owner of the default subscription', false)
    .option('--json', 'print JSON', false)
    .action((name: string, o) => withAdmin(o.location, (admin) => {
      if (o.totpSecret && !/^[A-Z2-7]+=*$/i.test(o.totpSecret)) throw new CliError('--totp-secret must be base32', EXIT.BAD_INPUT);
      let added;
      try {
        added = admin.addUser({ upn: name, password: o.password, displayName: o.displayName, mfa: o.mfa || !!o.totpSecret,
          totpSecret: o.totpSecret?.toUpperCase(), subscriptionOwner: o.owner });
      } catch (e) {
        const msg = (e as Error).message;
        throw new CliError(msg, msg.includes('already exists') ? EXIT.ALREADY_EXISTS : EXIT.BAD_INPUT);
      }
      if (o.json) return printJson(added);
      const lines = [`added ${added.username} (object id ${added.oid})`, `  password     ${added.password}`];
      if (added.totpSecret) lines.push(`  TOTP secret  ${added.totpSecret}`, `  TOTP URI     ${added.totpUri}`);
      process.stdout.write(lines.join('\n') + '\n');
    }));

  user.command('remove <username>')
    .description('remove a user with their refresh tokens and consents')
    .addOption(location())
    .option('--json', 'print {removed: username} as JSON', false)
    .action((name: string, o) => withAdmin(o.location, (admin) => {
      if (!admin.removeUser(name)) throw new CliError(`no user ${name}`, EXIT.NOT_FOUND);
      if (o.json) return printJson({ removed: name });
      process.stdout.write(`removed ${name}\n`);
    }));
}

/** `adls emulator totp <user>`: the code an authenticator app would show now, read from the data folder's directory. */
function registerTotpCommand(emulator: Command): void {
  emulator.command('totp <username>')
    .description("print an MFA user's current verification code (RFC 6238), as an authenticator app would; works while the emulator runs")
    .addOption(new Option('--location <dir>', 'data folder').default(defaultEmulatorLocation()))
    .option('--json', 'print JSON (code, seconds it stays valid, otpauth:// URI)', false)
    .action((name: string, o) => withAdmin(o.location, (admin) => {
      const totp = admin.currentTotp(name);
      if (totp === 'unknown') throw new CliError(`no user ${name} in ${o.location} ('adls emulator user list' shows the users)`, EXIT.NOT_FOUND);
      if (totp === 'no-mfa') throw new CliError(`${name} has no TOTP secret: the user signs in without a second factor`, EXIT.BAD_INPUT);
      if (o.json) return printJson(totp);
      // The code alone on stdout (for scripts); how long it lasts on stderr.
      process.stdout.write(`${totp.code}\n`);
      process.stderr.write(`valid for ${totp.validForSeconds} more ${totp.validForSeconds === 1 ? 'second' : 'seconds'} (the sign-in page also accepts the previous and the next code)\n`);
    }));
}
