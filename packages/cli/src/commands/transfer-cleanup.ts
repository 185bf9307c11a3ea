// `adls fs cleanup [path]`: lists the segment folders interrupted uploads left behind, and removes them on --yes (or a yes on a terminal).
import type { Command } from 'commander';
import { findLeftoverSegments } from 'adls-gen1';
import { confirmOnTerminal } from '../confirm.js';
import { humanBytes, jsonText, table } from '../output.js';
import type { TransferCommandDeps } from './transfer.js';

export function registerCleanupCommand(program: Command, deps: TransferCommandDeps): void {
  program.command('cleanup [path]')
    .description('list the {file}.segments.{id} folders that interrupted uploads left (default: the whole account); remove them with --yes')
    .option('--account <name>', 'Data Lake Store account (default: the target\'s default account)')
    .option('-y, --yes', 'remove them without asking (on a terminal, cleanup asks; otherwise it only lists)')
    .option('--json', 'print JSON')
    .action(async (path: string | undefined, flags: { yes?: boolean; json?: boolean }, command: Command) => {
      const fs = await deps.clientFor(command, 4);
      try {
        const found = await findLeftoverSegments(fs, path ?? '/');
        if (!flags.json) {
          if (found.length === 0) deps.stderr.write('no leftover segment folders\n');
          else deps.stdout.write(table(found.map((f) => [humanBytes(f.bytes), `${f.files} segment(s)`, new Date(f.modificationTime).toISOString(), f.path])) + '\n');
        }
        let remove = flags.yes === true;
        if (!remove && found.length > 0 && !flags.json && deps.isTTY) {
          const ask = deps.confirm ?? ((q: string) => (process.stdin.isTTY ? confirmOnTerminal(q) : Promise.resolve(false)));
          remove = await ask(`Remove these ${found.length} folder(s)? A later --resume of those uploads starts over.`);
        }
        if (remove) for (const f of found) await fs.rm(f.path, { recursive: true });
        if (flags.json) deps.stdout.write(jsonText({ removed: remove, folders: found }));
        else if (found.length > 0) deps.stderr.write(remove ? `removed ${found.length} folder(s)\n` : 'nothing removed (pass --yes to remove them)\n');
      } finally {
        await fs.close();
      }
    });
}
