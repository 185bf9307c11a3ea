import { Command, CommanderError } from 'commander';
import { registerEmulatorCommands } from './commands/emulator.js';
import { exitCodeFor, EXIT } from './exit.js';

const program = new Command('adls')
  .description('Azure Data Lake Storage Gen1 from the command line: sign in (device code), manage accounts, work with files')
  .version('0.1.0')
  .showHelpAfterError()
  .exitOverride();

registerEmulatorCommands(program);

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
