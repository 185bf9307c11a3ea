import { Command, CommanderError } from 'commander';
import { registerAccountCommands } from './commands/account.js';
import { registerAuthCommands } from './commands/auth.js';
import { registerDemoCommand } from './commands/demo.js';
import { registerEmulatorCommands } from './commands/emulator.js';
import { registerFsCommands } from './commands/fs.js';
import { registerGroupCommands } from './commands/group.js';
import { registerTransferCommands } from './commands/transfer.js';
import { exitCodeFor, EXIT } from './exit.js';

const program = new Command('adls')
  .description('Azure Data Lake Storage Gen1 from the command line: sign in (device code), manage accounts, work with files')
  .version('0.1.0')
  .option('--emulator <url>', 'use the emulator at this URL (default: the local emulator; env ADLS_EMULATOR)')
  .option('--cloud <name>', 'use public Azure instead of the emulator (env ADLS_CLOUD=azure)')
  .option('--profile <name>', 'settings profile (env ADLS_PROFILE)')
  .showHelpAfterError()
  .exitOverride();

registerAuthCommands(program);
registerGroupCommands(program);
registerAccountCommands(program);
const fs = program.command('fs').description('filesystem operations on a Data Lake Store account');
registerFsCommands(fs);
registerTransferCommands(fs);
registerEmulatorCommands(program);
registerDemoCommand(program);

try {
  await program.parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    process.exitCode = e.exitCode === 0 ? 0 : EXIT.BAD_INPUT;
  } else {
    process.stderr.write(`adls: ${(e as Error).message}\n`);
    process.exitCode = exitCodeFor(e);
  }
}
