// The `adls` program: commands, help texts, and how errors are shown. main.ts parses argv with it.
import { Argument, Command, Help, type Option } from 'commander';
import { AdlsError, FirewallBlockedError, setLogLevel } from 'adls-gen1';
import { signInHint } from './auth-hints.js';
import { registerAccountCommands } from './commands/account.js';
import { registerAuthCommands } from './commands/auth.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerEmulatorCommands } from './commands/emulator.js';
import { registerFsCommands } from './commands/fs.js';
import { registerGroupCommands } from './commands/group.js';
import { registerStorageCommands } from './commands/storage-account.js';
import { registerTransferCommands } from './commands/transfer.js';
import { completionScript, SHELLS, type Shell } from './completion.js';
import { exitCodeFor, EXIT } from './exit.js';
import { jsonText } from './output.js';

/** The exit-code table, as printed by `adls --help` (and documented in the README). */
export const EXIT_CODES_HELP = `
Exit codes:
  0    success
  1    other failure (emulator or service unreachable, server error)
  2    bad input: unknown command or option, invalid value, a directory without -r
  3    not found (file, directory, account, resource group)
  4    access denied (signed in, but not allowed)
  5    not signed in, or sign-in failed (run 'adls login')
  6    already exists (target present without --overwrite, name taken)
  7    transfer verification failed (size or checksum)
  130  interrupted (Ctrl-C); 'fs put/get --resume' continues a transfer`;

const ROOT_EXAMPLES = `
Examples:
  adls emulator start &                        # local Azure AD + ARM + Data Lake Store
  adls login                                   # device code sign-in
  adls whoami
  adls group create rg1
  adls account create mylake -g rg1
  adls fs mkdir /data --account mylake
  adls fs put ./big.bin /data/big.bin --account mylake
  adls fs ls -l /data --account mylake
  adls --cloud azure login --tenant contoso.onmicrosoft.com
  eval "$(adls completion bash)"               # tab completion (also zsh, fish)

Settings: flags win over the environment (ADLS_EMULATOR, ADLS_CLOUD, ADLS_TENANT, ADLS_CLIENT_ID,
ADLS_SUBSCRIPTION, ADLS_CA_FILE, ADLS_PROFILE), which wins over the profile in
~/.adls-gen1/config.json (ADLS_CONFIG_DIR moves that folder, with the token cache).`;

const FS_EXAMPLES = `
Examples:
  adls fs ls -l / --account mylake
  adls fs mkdir -m 750 /data/in /data/out --account mylake
  adls fs put -r ./photos /data/photos --account mylake
  adls fs get /data/big.bin ./big.bin --verify checksum --account mylake
  adls fs cat /data/notes.txt --account mylake | less
  adls fs rm -r /data/tmp --account mylake
  adls fs acl modify /data user:<objectId>:r-x --account mylake
  adls fs ls -l abfss://fs1@mystore.dfs.core.windows.net/raw        # Gen2 (ADLS Gen2 / ABFS URL)
  adls fs put ./big.bin abfss://fs1@devstoreaccount1/raw/ --connection-string "$CS"

Every fs command takes --account <name> (default: the emulator's default account, or
"defaultAccount" of the profile), or a URL: adl://<account>/path (Gen1), or
abfss://<filesystem>@<account>.dfs.core.windows.net/path (Gen2; signed-in session, or
--connection-string, --account-key, --sas).`;

const TRANSFER_EXAMPLES = (verb: 'put' | 'get') => (verb === 'put' ? `
Examples:
  adls fs put ./big.bin /data/big.bin --account mylake
  adls fs put -r ./folder /data/folder --threads 16 --account mylake
  adls fs put ./big.bin /data/big.bin --resume --account mylake   # after Ctrl-C` : `
Examples:
  adls fs get /data/big.bin ./big.bin --account mylake
  adls fs get -r /data/folder ./folder --verify checksum --account mylake
  adls fs get /data/big.bin ./big.bin --resume --account mylake   # after Ctrl-C`);

const LOGIN_EXAMPLES = `
Examples:
  adls login                                      # device code: open the URL, enter the code
  adls login --username bob@contoso.com           # password prompt (no MFA)
  adls login --service-principal --client-id <appId> --client-secret <secret>
  adls --cloud azure login --tenant contoso.onmicrosoft.com`;

const ACCOUNT_EXAMPLES = `
Examples:
  adls group create rg1 -l eastus2
  adls account create mylake -g rg1 --tag env=dev
  adls account show mylake --json
  adls account update mylake --firewall Enabled --allow-azure-ips Enabled
  adls account firewall create mylake office --start-ip 203.0.113.0 --end-ip 203.0.113.255
  adls account delete mylake`;

const EMULATOR_EXAMPLES = `
Examples:
  adls emulator start                             # https://localhost:8443, data in ~/.adls-gen1/emulator
  adls emulator start --port 0 --location /tmp/emu --test-api
  adls emulator user add carol@adlsemulator.onmicrosoft.com --mfa
  adls emulator totp alice@adlsemulator.onmicrosoft.com   # the current TOTP code for the sign-in page`;

/** The command's full name, e.g. `adls fs put`. */
function fullName(cmd: Command): string {
  const names: string[] = [];
  for (let c: Command | null = cmd; c; c = c.parent) names.unshift(c.name());
  return names.join(' ');
}

function allCommands(cmd: Command): Command[] {
  return [cmd, ...cmd.commands.flatMap((c) => allCommands(c))];
}

function find(root: Command, path: string): Command {
  let c = root;
  for (const name of path.split(' ')) c = c.commands.find((x) => x.name() === name)!;
  return c;
}

export function buildProgram(): Command {
  const program = new Command('adls')
    .description('Azure Data Lake Storage Gen1 from the command line: sign in (device code), manage accounts, work with files')
    .version('0.1.0')
    .option('--emulator <url>', 'use the emulator at this URL (default: https://localhost:8443; env ADLS_EMULATOR)')
    .option('--cloud <name>', "'azure' for public Azure, 'emulator' (default) for the emulator (env ADLS_CLOUD)")
    .option('--profile <name>', 'settings profile of config.json (env ADLS_PROFILE)')
    .option('--verbose', 'log each request to stderr: method, URL (secrets redacted), status, duration, retries (env ADLS_LOG_LEVEL=info)')
    .option('--debug', 'like --verbose, plus each retry and token refresh (env ADLS_LOG_LEVEL=verbose)')
    // Inherited by every command registered below.
    .configureOutput({ outputError: (text, write) => write(`adls: ${text.replace(/^error: /, '')}`) })
    .configureHelp({
      // Boolean flags are off unless given: "(default: false)" says nothing.
      optionDescription(option: Option) {
        return Help.prototype.optionDescription.call(this, option).replace(/ \(default: false\)$/, '');
      },
    })
    .exitOverride()
    .hook('preAction', () => applyLogFlags(program.opts()));

  registerAuthCommands(program);
  registerGroupCommands(program);
  registerAccountCommands(program);
  registerStorageCommands(program);
  const fs = program.command('fs').description('files and directories of a Data Lake Store account (--account)');
  registerFsCommands(fs);
  registerTransferCommands(fs);
  registerEmulatorCommands(program);
  registerDemoCommand(program);
  program.command('completion')
    .description('print a shell completion script (bash, zsh or fish) generated from these commands')
    .addArgument(new Argument('<shell>', 'bash, zsh or fish').choices(SHELLS))
    .option('--json', 'print {shell, script} as JSON')
    .action((shell: Shell, o: { json?: boolean }) => {
      const script = completionScript(program, shell);
      process.stdout.write(o.json ? jsonText({ shell, script }) : script);
    });

  program.addHelpText('after', ROOT_EXAMPLES + '\n' + EXIT_CODES_HELP);
  fs.addHelpText('after', FS_EXAMPLES);
  find(program, 'fs put').addHelpText('after', TRANSFER_EXAMPLES('put'));
  find(program, 'fs get').addHelpText('after', TRANSFER_EXAMPLES('get'));
  find(program, 'login').addHelpText('after', LOGIN_EXAMPLES);
  find(program, 'account').addHelpText('after', ACCOUNT_EXAMPLES);
  find(program, 'emulator').addHelpText('after', EMULATOR_EXAMPLES);
  // A usage error prints one line and where to read more, not the whole help.
  for (const c of allCommands(program)) c.showHelpAfterError(`(run '${fullName(c)} --help' for usage)`);
  return program;
}

/** --debug and --verbose switch the SDK's logging on (over ADLS_LOG_LEVEL / AZURE_LOG_LEVEL). */
function applyLogFlags(opts: { verbose?: boolean; debug?: boolean }): void {
  if (opts.debug) setLogLevel('verbose');
  else if (opts.verbose) setLogLevel('info');
}

/** Strips the `[requestId][timestamp]` trailer the service appends to its messages. */
const SERVICE_TRAILER = /(\s*\[[0-9a-f-]{8,}\]\[[^\]]*\])+\.?\s*$/i;

/** What the CLI prints (after `adls: `) for an error that ends a command: one line or two, never a stack. */
export function errorText(e: unknown): string {
  const code = exitCodeFor(e);
  let text = e instanceof Error ? e.message : String(e);
  if (e instanceof AdlsError) {
    text = text.replace(SERVICE_TRAILER, '');
    // The request id only matters when the service itself failed (something to quote to support).
    if (code === EXIT.FAILURE && e.requestId) text += ` (request id ${e.requestId})`;
    if (e instanceof FirewallBlockedError) text += `\n${firewallHint(e)}`;
    else if (code === EXIT.ACCESS_DENIED) text += "\nhint: 'adls whoami' shows who you are signed in as; the owner must grant that identity access.";
    const hint = code === EXIT.AUTH_FAILED ? signInHint(e) : undefined;
    if (hint) text += `\n${hint}`;
  }
  return text;
}

/** A firewall block is fixed by a rule for the caller's address (or by an Azure-services exception), never by ACLs. */
function firewallHint(e: FirewallBlockedError): string {
  const account = e.account ?? '<account>';
  const ip = e.clientIp ?? '<your IP>';
  return `hint: the firewall of account '${account}' does not allow your IP address ${ip}. Add a rule for it:\n` +
    `  adls account firewall create ${account} allow-${ip.replace(/[^0-9A-Za-z]/g, '-')} --start-ip ${ip} --end-ip ${ip}\n` +
    `or, when calling from an Azure service, allow Azure services (adls account update ${account} --allow-azure-ips Enabled),\n` +
    `or turn the firewall off (adls account update ${account} --firewall Disabled).`;
}
