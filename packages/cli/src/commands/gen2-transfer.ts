// `adls fs put|get|sync` with an abfss:// side: uploads through the DataLake SDK (gen2/upload.ts), downloads and
// sync downloads through the toolkit's transfer engine over a Gen2 remote (parallel ranged reads, resume, verify).
import type { Command } from 'commander';
import { download, syncDownload, type ExistingPolicy, type SyncCompare } from 'adls-gen1';
import { CliError, EXIT } from '../exit.js';
import { openGen2 } from '../gen2/connect.js';
import { gen2TransferRemote } from '../gen2/transfer-remote.js';
import { uploadGen2 } from '../gen2/upload.js';
import type { Gen2Location } from '../remote-path.js';
import type { TuningFlags } from './transfer-flags.js';
import { runTransferWith, sdkOptions, type TransferCommandDeps } from './transfer.js';

function refuseForUpload(flags: TuningFlags): void {
  const other = [flags.include && '--include', flags.exclude && '--exclude', flags.dryRun && '--dry-run'].filter(Boolean);
  if (other.length) throw new CliError(`${other.join(', ')}: not available for uploads to Gen2 (abfss://) yet; downloads from abfss:// take them.`, EXIT.BAD_INPUT);
}

export async function runGen2PutGet(
  deps: TransferCommandDeps, command: Command, flags: TuningFlags, direction: 'upload' | 'download',
  loc: Gen2Location, local: string, existing: ExistingPolicy, extra: { fsync: boolean; recursive: boolean },
): Promise<void> {
  if (direction === 'upload') refuseForUpload(flags);
  await runTransferWith(() => openGen2(command, loc, flags.threads), deps, flags, direction === 'upload' ? 'put' : 'get', async (fs, signal, onProgress) => {
    if (direction === 'upload') {
      return uploadGen2(fs, local, loc.path, {
        threads: flags.threads, chunkSize: flags.chunkSize, existing, verify: flags.verify, abortSignal: signal, onProgress,
        resume: flags.resume === true, stateDir: flags.stateDir,
      });
    }
    if (!extra.recursive && (await fs.stat(loc.path)).type === 'DIRECTORY') {
      throw new CliError(`${loc.path} is a directory: pass -r to download a tree.`, EXIT.BAD_INPUT);
    }
    return download(gen2TransferRemote(fs), loc.path, local, { ...sdkOptions(flags, signal, onProgress), existing, fsync: extra.fsync });
  });
}

export async function runGen2Sync(
  deps: TransferCommandDeps, command: Command, flags: TuningFlags & { compare: SyncCompare; deleteDestination?: boolean },
  loc: Gen2Location, local: string, upload: boolean,
): Promise<void> {
  if (upload) throw new CliError('fs sync to Gen2 (abfss://) is not available yet: use fs put -r --if-exists newer; fs sync from abfss:// works.', EXIT.BAD_INPUT);
  await runTransferWith(() => openGen2(command, loc, flags.threads), deps, flags, 'sync', (fs, signal, onProgress) =>
    syncDownload(gen2TransferRemote(fs), loc.path, local, {
      ...sdkOptions(flags, signal, onProgress), compare: flags.compare, deleteDestination: flags.deleteDestination === true,
    }));
}
