import { CommanderError } from 'commander';
import { exitCodeFor, EXIT } from './exit.js';
import { buildProgram, errorText } from './program.js';

try {
  await buildProgram().parseAsync(process.argv);
} catch (e) {
  if (e instanceof CommanderError) {
    // Commander has printed its message (help, version, or a usage error).
    process.exitCode = e.exitCode === 0 ? 0 : EXIT.BAD_INPUT;
  } else {
    process.stderr.write(`adls: ${errorText(e)}\n`);
    process.exitCode = exitCodeFor(e);
  }
}
