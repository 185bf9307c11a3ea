// `adls fs sync <src> <dst>`: make a folder match another (local → remote or remote → local), sending only what changed.
import { Option, type Command } from 'commander';
import { syncDownload, syncUpload, type SyncCompare } from 'adls-gen1';
import { CliError, EXIT } from '../exit.js';
import type { TransferCommandDeps } from './transfer.js';
import { runTransfer, sdkOptions } from './transfer.js';
import { tuningOptions, type TuningFlags } from './transfer-flags.js';

interface SyncFlags extends TuningFlags {
  account?: string;
  compare: SyncCompare;
  deleteDestination?: boolean;
}

/**
 * The remote side of a sync is written as a URI, as Hadoop names Gen1 paths: `adl:/data/tree` (the account
 * of --account or the default one) or `adl://<account>/data/tree` (`<account>.azuredatalakestore.net` works too).
 */
export function parseRemoteArg(arg: string): { path: string; account?: string } | undefined {
  const full = /^adl:\/\/([^/]*)(\/.*)?$/i.exec(arg);
  if (full) return { path: full[2] ?? '/', account: full[1] ? full[1].split('.')[0] : undefined };
  const short = /^adl:(\/.*)$/i.exec(arg);
  return short ? { path: short[1] } : undefined;
}

export function registerSyncCommand(program: Command, deps: TransferCommandDeps): void {
  tuningOptions(program.command('sync <src> <dst>')
    .description('make <dst> match the folder <src>, sending only new and changed files; the remote side is adl:/path or adl://account/path'))
    .addOption(new Option('--compare <how>', 'how a changed file is told: size-mtime (a different size or a newer source) or checksum (MD5 of both sides)').choices(['size-mtime', 'checksum']).default('size-mtime'))
    .option('--delete-destination', 'also delete destination files (and folders) the source does not have')
    .addHelpText('after', `
The content of <src> goes into <dst> (like rsync src/ dst). Examples:
  adls fs sync ./photos adl:/data/photos --account mylake          # upload what changed
  adls fs sync adl://mylake/data/photos ./photos --delete-destination
  adls fs sync ./photos adl:/data/photos --dry-run --exclude "*.tmp"`)
    .action(async (src: string, dst: string, flags: SyncFlags, command: Command) => {
      const [from, to] = [parseRemoteArg(src), parseRemoteArg(dst)];
      if ((from === undefined) === (to === undefined)) {
        throw new CliError('fs sync needs one local folder and one remote directory written adl:/path (or adl://<account>/path), e.g. adls fs sync ./photos adl:/data/photos.', EXIT.BAD_INPUT);
      }
      const remote = (from ?? to)!;
      if (remote.account) {
        if (flags.account && flags.account !== remote.account) throw new CliError(`--account ${flags.account} contradicts adl://${remote.account}.`, EXIT.BAD_INPUT);
        command.setOptionValue('account', remote.account);
      }
      const upload = to !== undefined;
      await runTransfer(deps, command, flags, 'sync', async (fs, signal, onProgress) => {
        const options = { ...sdkOptions(flags, signal, onProgress), compare: flags.compare, deleteDestination: flags.deleteDestination === true };
        return upload ? syncUpload(fs, src, remote.path, options) : syncDownload(fs, remote.path, dst, options);
      });
    });
}
