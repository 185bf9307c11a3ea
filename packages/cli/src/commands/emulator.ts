import { Command, Option } from 'commander';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { DEFAULT_PORT, Emulator, type LroMode } from 'adls-gen1-emulator';
import { CliError, EXIT } from '../exit.js';

export function defaultEmulatorLocation(): string {
  return process.env.ADLS_EMULATOR_LOCATION ?? join(homedir(), '.adls-gen1', 'emulator');
}

const num = (name: string) => (v: string) => {
  const n = Number(v);
  if (!Number.isFinite(n) || n < 0) throw new CliError(`${name} must be a non-negative number, got '${v}'`, EXIT.BAD_INPUT);
  return n;
};

/** Prints the start banner: endpoints, identities and how to point clients at the emulator. */
function banner(emu: Emulator): string {
  const i = emu.info();
  const lines = [
    `adls-gen1 emulator listening on ${i.authorityHost}`,
    `  data folder       ${emu.options.location}`,
    `  CA certificate    ${i.caCertPath}   (NODE_EXTRA_CA_CERTS / REQUESTS_CA_BUNDLE)`,
    `  authority host    ${i.authorityHost}   tenant ${i.tenantId} (${i.tenantDomain})`,
    `  management        ${i.managementEndpoint}   subscription ${i.subscriptionId}`,
    `  data plane        https://{account}.${i.urlSuffix}/webhdfs/v1/   default account ${i.defaultAccount}`,
    `  native client id  ${i.clientId}`,
    `  users:`,
    ...i.users.map((u) => `    ${u.username}  password ${u.password ?? '(set by admin)'}  ${u.mfa ? `MFA (TOTP secret ${u.totpSecret})` : 'no MFA'}${u.subscriptionOwner ? '  subscription owner' : ''}`),
    i.testApi ? '  test API          ON (/_emulator/device/approve|decline)' : '',
  ];
  return lines.filter(Boolean).join('\n');
}

export function registerEmulatorCommands(program: Command): void {
  const emulator = program.command('emulator').description('run and administer the local emulator (Azure AD + Resource Manager + Data Lake Store Gen1)');

  emulator.command('start')
    .description('start the emulator in the foreground (Ctrl-C or SIGTERM stops it)')
    .option('--location <dir>', 'data folder (database, CA, keys, file data)', defaultEmulatorLocation())
    .option('--port <port>', 'HTTPS port (0 = any free port)', num('--port'), DEFAULT_PORT)
    .option('--host <address>', 'listen address', '127.0.0.1')
    .option('--test-api', 'enable the headless sign-in approval API under /_emulator/device', false)
    .option('--insecure-http', 'serve plain HTTP (real clients refuse it; for debugging only)', false)
    .option('--strict-slow-down', 'answer early polls with slow_down (RFC 8628; breaks adal and msal-node)', false)
    .option('--device-code-interval <s>', 'device code poll interval, seconds', num('--device-code-interval'), 5)
    .option('--device-code-expires-in <s>', 'device code lifetime, seconds', num('--device-code-expires-in'), 900)
    .option('--token-lifetime <s>', 'access token lifetime, seconds', num('--token-lifetime'), 3599)
    .addOption(new Option('--lro-mode <mode>', 'long-running operation behaviour').choices(['immediate', 'realistic', 'poll-resource']).default('realistic'))
    .option('--fault-503 <rate>', 'data plane: fraction of requests answered 503', num('--fault-503'), 0)
    .option('--fault-429 <rate>', 'data plane: fraction of requests answered 429 with Retry-After', num('--fault-429'), 0)
    .option('--fault-drop <rate>', 'data plane: fraction of connections dropped mid-body', num('--fault-drop'), 0)
    .option('--fault-slow-ms <ms>', 'data plane: delay added to each reply', num('--fault-slow-ms'), 0)
    .option('-v, --verbose', 'log each request (never tokens or secrets)', false)
    .action(async (o) => {
      const emu = new Emulator({
        location: o.location, port: o.port, host: o.host, testApi: o.testApi, insecureHttp: o.insecureHttp,
        strictSlowDown: o.strictSlowDown, deviceCodeInterval: o.deviceCodeInterval, deviceCodeExpiresIn: o.deviceCodeExpiresIn,
        accessTokenLifetime: o.tokenLifetime, lroMode: o.lroMode as LroMode, verbose: o.verbose,
        faults: { rate503: o.fault503, rate429: o.fault429, rateDrop: o.faultDrop, slowMs: o.faultSlowMs },
      });
      try {
        await emu.start();
      } catch (e) {
        await emu.stop().catch(() => {});
        throw new CliError(`cannot listen on ${o.host}:${o.port}: ${(e as Error).message}`, EXIT.FAILURE);
      }
      process.stdout.write(banner(emu) + '\n');
      await new Promise<void>((resolve) => {
        const stop = () => resolve();
        process.once('SIGINT', stop);
        process.once('SIGTERM', stop);
      });
      process.stderr.write('stopping emulator...\n');
      await emu.stop();
    });
}
