// `adls emulator env`: the environment variables that point unmodified clients at a running emulator, printed
// for a shell to evaluate. The CA is trusted, never verification turned off.
import type { Command } from 'commander';
import { Option } from 'commander';
import type { EmulatorInfo } from 'adls-gen1-emulator';
import { DEFAULT_EMULATOR_URL, type GlobalOptions } from '../context.js';
import { discoverEmulator } from '../emulator-discovery.js';
import { CliError, EXIT } from '../exit.js';
import { printJson } from '../output.js';

export type Shell = 'bash' | 'fish' | 'powershell';

/** Names reached directly, not through the proxy: the emulator's own endpoints and local names. */
export const NO_PROXY_HOSTS = 'localhost,127.0.0.1,::1,.localhost';

/** The variables, in the order printed. `proxy`: route the public Azure names through the transparent-mode proxy. */
export function emulatorEnv(info: Pick<EmulatorInfo, 'caCertPath' | 'caBundlePath' | 'proxyUrl'>, proxy: boolean, emulatorUrl: string): [string, string][] {
  const bundle = info.caBundlePath ?? info.caCertPath;
  const vars: [string, string][] = [];
  if (proxy) {
    if (!info.proxyUrl) {
      throw new CliError(`the emulator at ${emulatorUrl} runs without its proxy: restart it with 'adls emulator start --proxy-port <port>'`, EXIT.BAD_INPUT);
    }
    vars.push(['HTTPS_PROXY', info.proxyUrl], ['NO_PROXY', NO_PROXY_HOSTS]);
  }
  vars.push(
    ['NODE_EXTRA_CA_CERTS', info.caCertPath], // Node adds it to its built-in roots
    ['REQUESTS_CA_BUNDLE', bundle], // Python requests (adal, msal, azure-cli, azure-datalake-store) replace theirs: system roots + the CA
    ['SSL_CERT_FILE', bundle], // OpenSSL's default trust file (Python's ssl module, many C clients): same bundle
    ['CURL_CA_BUNDLE', bundle], // curl
  );
  return vars;
}

function quote(value: string, shell: Shell): string {
  if (shell === 'powershell') return `'${value.replace(/'/g, "''")}'`;
  if (shell === 'fish') return `'${value.replace(/[\\']/g, (c) => '\\' + c)}'`;
  return `'${value.replace(/'/g, `'\\''`)}'`;
}

/** One line per variable, in the shell's syntax. */
export function renderEnv(vars: [string, string][], shell: Shell): string {
  const line = ([k, v]: [string, string]) =>
    shell === 'powershell' ? `$env:${k} = ${quote(v, shell)}` : shell === 'fish' ? `set -gx ${k} ${quote(v, shell)}` : `export ${k}=${quote(v, shell)}`;
  return vars.map(line).join('\n') + '\n';
}

const HOW_TO_USE: Record<Shell, string> = {
  bash: 'eval "$(adls emulator env --proxy)"',
  fish: 'adls emulator env --proxy --shell fish | source',
  powershell: 'adls emulator env --proxy --shell powershell | Invoke-Expression',
};

export function registerEnvCommand(emulator: Command): void {
  emulator.command('env')
    .description('print the environment that points unmodified clients at the running emulator (trusting its CA)')
    .option('--proxy', 'also route the public Azure names through the transparent-mode proxy (HTTPS_PROXY, NO_PROXY)', false)
    .addOption(new Option('--shell <shell>', 'output syntax').choices(['bash', 'fish', 'powershell']).default('bash'))
    .option('--json', 'print the variables as one JSON object', false)
    .action(async (o: { proxy: boolean; shell: Shell; json: boolean }, cmd: Command) => {
      const globals = cmd.optsWithGlobals() as GlobalOptions;
      const url = globals.emulator ?? (process.env.ADLS_EMULATOR || undefined) ?? DEFAULT_EMULATOR_URL;
      const { info } = await discoverEmulator(url, process.env.ADLS_CA_FILE || undefined);
      const vars = emulatorEnv(info, o.proxy, new URL(url).origin);
      if (o.json) return printJson(Object.fromEntries(vars));
      process.stdout.write(`# adls-gen1 emulator at ${new URL(url).origin}; apply with: ${HOW_TO_USE[o.shell]}\n`);
      process.stdout.write(renderEnv(vars, o.shell));
    });
}
