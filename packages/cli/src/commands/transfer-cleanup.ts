// `adls fs cleanup [path]`: lists the segment folders interrupted uploads left behind, and removes them on --yes (or a yes on a terminal).
import { Option, type Command } from 'commander';
import { CliError, EXIT } from '../exit.js';
import { findLeftoverSegments } from 'adls-gen1';
import { confirmOnTerminal } from '../confirm.js';
import { humanBytes, jsonText, table } from '../output.js';
import type { TransferCommandDeps } from './transfer.js';

/** `30m`, `2h`, `1d`, `45s`, or `0` (everything): a duration in ms. */
function parseAge(v: string): number {
  const m = /^(\d+)(s|m|h|d)?$/.exec(v.trim());
  if (!m) throw new CliError(`--older-than: expected a duration such as 30m, 2h, 1d or 0, got '${v}'`, EXIT.BAD_INPUT);
  return Number(m[1]) * { s: 1e3, m: 60e3, h: 3600e3, d: 86_400e3 }[(m[2] ?? 's') as 's' | 'm' | 'h' | 'd'];
}

export function registerCleanupCommand(program: Command, deps: TransferCommandDeps): void {
  program.command('cleanup [path]')
    .description('list the {file}.segments.{id} folders that interrupted uploads left (default: the whole account); remove them with --yes')
    .option('--account <name>', 'Data Lake Store account (default: the target\'s default account)')
    .option('-y, --yes', 'remove them without asking (on a terminal, cleanup asks; otherwise it only lists)')
    // A running upload touches its segments at every block: a folder changed recently may still be in use.
    .addOption(new Option('--older-than <age>', 'only folders unchanged for this long (30m, 2h, 1d; 0 = all): a recent one may belong to a running upload')
      .argParser(parseAge).default(3600e3, '1h'))
    .option('--json', 'print JSON')
    .action(async (path: string | undefined, flags: { yes?: boolean; json?: boolean; olderThan: number }, command: Command) => {
      const fs = await deps.clientFor(command, 4);
      try {
        const cutoff = Date.now() - flags.olderThan;
        const all = await findLeftoverSegments(fs, path ?? '/');
        const found = all.filter((f) => f.modificationTime <= cutoff);
        const recent = all.filter((f) => f.modificationTime > cutoff);
        if (recent.length > 0 && !flags.json) {
          deps.stderr.write(`${recent.length} folder(s) changed in the last ${Math.round(flags.olderThan / 60e3)} min left alone (a running upload may own them; --older-than 0 includes them)\n`);
        }
        if (!flags.json) {
          if (found.length === 0) deps.stderr.write(recent.length > 0 ? 'no older leftover segment folders\n' : 'no leftover segment folders\n');
          else deps.stdout.write(table(found.map((f) => [humanBytes(f.bytes), `${f.files} segment(s)`, new Date(f.modificationTime).toISOString(), f.path])) + '\n');
        }
        let remove = flags.yes === true;
        if (!remove && found.length > 0 && !flags.json && deps.isTTY) {
          const ask = deps.confirm ?? ((q: string) => (process.stdin.isTTY ? confirmOnTerminal(q) : Promise.resolve(false)));
          remove = await ask(`Remove these ${found.length} folder(s)? A later --resume of those uploads starts over.`);
        }
        if (remove) for (const f of found) await fs.rm(f.path, { recursive: true });
        if (flags.json) deps.stdout.write(jsonText({ removed: remove, folders: found, recent }));
        else if (found.length > 0) deps.stderr.write(remove ? `removed ${found.length} folder(s)\n` : 'nothing removed (pass --yes to remove them)\n');
      } finally {
        await fs.close();
      }
    });
}
