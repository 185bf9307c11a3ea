// `adls fs sync <src> <dst>`: make a folder match another (local → remote or remote → local), sending only what changed.
import { Option, type Command } from 'commander';
import { syncDownload, syncUpload, type SyncCompare } from 'adls-gen1';
import { CliError, EXIT } from '../exit.js';
import { applyGen1Account } from '../remote-args.js';
import { isRemoteUrl, parseRemotePath } from '../remote-path.js';
import { runGen2Sync } from './gen2-transfer.js';
import type { TransferCommandDeps } from './transfer.js';
import { runTransfer, sdkOptions } from './transfer.js';
import { tuningOptions, type TuningFlags } from './transfer-flags.js';

interface SyncFlags extends TuningFlags {
  account?: string;
  compare: SyncCompare;
  deleteDestination?: boolean;
}

export function registerSyncCommand(program: Command, deps: TransferCommandDeps): void {
  tuningOptions(program.command('sync <src> <dst>')
    .description('make <dst> match the folder <src>, sending only new and changed files; the remote side is adl:/path, adl://account/path or abfss://filesystem@account…/path'))
    .addOption(new Option('--compare <how>', 'how a changed file is told: size-mtime (a different size or a newer source) or checksum (MD5 of both sides)').choices(['size-mtime', 'checksum']).default('size-mtime'))
    .option('--delete-destination', 'also delete destination files (and folders) the source does not have')
    .addHelpText('after', `
The content of <src> goes into <dst> (like rsync src/ dst). Examples:
  adls fs sync ./photos adl:/data/photos --account mylake          # upload what changed
  adls fs sync adl://mylake/data/photos ./photos --delete-destination
  adls fs sync ./photos adl:/data/photos --dry-run --exclude "*.tmp"`)
    .action(async (src: string, dst: string, flags: SyncFlags, command: Command) => {
      // The remote side is a URL (remote-path.ts): adl:/path, adl://<account>/path, or abfss://<filesystem>@<account>…/path.
      const parse = (a: string) => (isRemoteUrl(a) ? parseRemotePath(a) : undefined);
      const [from, to] = [parse(src), parse(dst)];
      if ((from === undefined) === (to === undefined)) {
        throw new CliError('fs sync needs one local folder and one remote directory written adl:/path (or adl://<account>/path), e.g. adls fs sync ./photos adl:/data/photos.', EXIT.BAD_INPUT);
      }
      const remote = (from ?? to)!;
      const upload = to !== undefined;
      if (remote.kind === 'gen2') return runGen2Sync(deps, command, flags, remote, upload ? src : dst, upload);
      applyGen1Account(command, remote);
      await runTransfer(deps, command, flags, 'sync', async (fs, signal, onProgress) => {
        const options = { ...sdkOptions(flags, signal, onProgress), compare: flags.compare, deleteDestination: flags.deleteDestination === true };
        return upload ? syncUpload(fs, src, remote.path, options) : syncDownload(fs, remote.path, dst, options);
      });
    });
}
