// Turns the path arguments of one `adls fs` command into one backend: Gen1 (the current or the URL's account)
// or a Gen2 file system (abfss://). Paths handed to the command are then plain paths inside that backend.
import type { Command } from 'commander';
import { fileSystemClientFor } from './context.js';
import { CliError, EXIT } from './exit.js';
import type { FsBackend } from './fs-backend.js';
import { openGen2 } from './gen2/connect.js';
import { isRemoteUrl, parseRemotePath, type RemoteLocation } from './remote-path.js';

/** What distinguishes one backend from another: the Gen1 account, or the Gen2 endpoint/account and file system. */
function backendKey(loc: RemoteLocation): string {
  return loc.kind === 'gen1' ? `gen1:${loc.account ?? ''}` : `gen2:${loc.endpoint ?? loc.account}:${loc.account}:${loc.fileSystem}`;
}

/**
 * Parses every URL argument (`adl://…`, `abfss://…`); they must all name the same account (and file system).
 * Plain paths next to a URL are paths of that same backend. Other arguments (modes, ACL specs) pass unchanged.
 */
export function resolveRemoteArgs(args: string[]): { args: string[]; location?: RemoteLocation } {
  let location: RemoteLocation | undefined;
  const out = args.map((a) => {
    if (!isRemoteUrl(a)) return a;
    const loc = parseRemotePath(a);
    if (location && backendKey(location) !== backendKey(loc)) {
      throw new CliError(`One command works in one account${loc.kind === 'gen2' ? ' and file system' : ''}: '${a}' names another one than the arguments before it.`, EXIT.BAD_INPUT);
    }
    location ??= loc;
    return loc.path;
  });
  return { args: out, location };
}

/** Applies a Gen1 URL's account to the command (refusing a contradicting --account). */
export function applyGen1Account(cmd: Command, loc: RemoteLocation | undefined): void {
  if (loc?.kind !== 'gen1' || !loc.account) return;
  const given = cmd.opts().account as string | undefined;
  if (given && given !== loc.account) throw new CliError(`--account ${given} contradicts adl://${loc.account}.`, EXIT.BAD_INPUT);
  cmd.setOptionValue('account', loc.account);
}

/** The backend for a command's location: Gen2 through the DataLake SDK, Gen1 through the toolkit's SDK. */
export async function openBackend(cmd: Command, loc: RemoteLocation | undefined, connections?: number): Promise<FsBackend> {
  if (loc?.kind === 'gen2') return openGen2(cmd, loc, connections);
  applyGen1Account(cmd, loc);
  return fileSystemClientFor(cmd, connections);
}
