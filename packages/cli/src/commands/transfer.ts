// `adls fs put`, `get`, `sync` and `cleanup`: parallel, resumable, verified transfers of files and trees (SDK transfer/).
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import {
  AlreadyExistsError, DataLakeFileSystemClient, download, upload, type ExistingPolicy, type TransferOptions, type TransferProgress, type TransferResult,
} from 'adls-gen1';
import { fileSystemClientFor } from '../context.js';
import { CliError, EXIT } from '../exit.js';
import { applyGen1Account } from '../remote-args.js';
import { isRemoteUrl, parseRemotePath } from '../remote-path.js';
import { runGen2PutGet } from './gen2-transfer.js';
import { registerCleanupCommand } from './transfer-cleanup.js';
import { tuningOptions, type TuningFlags } from './transfer-flags.js';
import { createProgressView } from './transfer-progress.js';
import { report } from './transfer-report.js';
import { registerSyncCommand } from './transfer-sync.js';

export { parseSize } from './transfer-flags.js';

/** Seams for in-process tests: the client (with a pool of `connections`), the output streams, TTY detection. */
export interface TransferCommandDeps {
  clientFor(cmd: Command, connections: number): Promise<DataLakeFileSystemClient>;
  stdout: Writable;
  stderr: NodeJS.WritableStream;
  isTTY: boolean;
  /** Answers a yes/no question (cleanup without --yes on a terminal). */
  confirm?(question: string): Promise<boolean>;
}

const defaultDeps: TransferCommandDeps = {
  clientFor: (cmd, connections) => fileSystemClientFor(cmd, connections),
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stderr.isTTY === true,
};

/** The CLI's names for the SDK's existing-target policies (azcopy's --overwrite true|false|ifSourceNewer). */
const IF_EXISTS: Record<string, ExistingPolicy> = { fail: 'fail', overwrite: 'overwrite', skip: 'skip', newer: 'ifSourceNewer' };

interface TransferFlags extends TuningFlags {
  recursive?: boolean;
  overwrite?: boolean;
  ifExists?: string;
  fsync?: boolean;
}

/**
 * Runs one transfer with Ctrl-C handling, a progress view and the final report. `go` gets the abort
 * signal and the progress callback; everything it throws is turned into the CLI's one-line errors.
 */
export async function runTransfer(
  deps: TransferCommandDeps, command: Command, flags: TuningFlags, verb: string,
  go: (fs: DataLakeFileSystemClient, signal: AbortSignal, onProgress: (p: TransferProgress) => void) => Promise<TransferResult>,
): Promise<void> {
  await runTransferWith(() => deps.clientFor(command, flags.threads), deps, flags, verb, go);
}

/** runTransfer over any client `open` gives (the Gen2 commands pass theirs). */
export async function runTransferWith<C extends { close(): Promise<void> }>(
  open: () => Promise<C>, deps: TransferCommandDeps, flags: TuningFlags, verb: string,
  go: (fs: C, signal: AbortSignal, onProgress: (p: TransferProgress) => void) => Promise<TransferResult>,
): Promise<void> {
  const fs = await open();
  const controller = new AbortController();
  const onSignal = () => controller.abort();
  process.once('SIGINT', onSignal);
  process.once('SIGTERM', onSignal);
  const view = createProgressView(verb, deps.stderr, !flags.progress || flags.dryRun ? 'none' : deps.isTTY ? 'bar' : 'lines');
  try {
    const result = await go(fs, controller.signal, (p) => view.update(p));
    view.stop();
    report(result, flags.json, deps.stdout, deps.stderr);
  } catch (e) {
    view.stop();
    if (controller.signal.aborted) {
      throw new CliError(`${verb} interrupted; run the same command with --resume to continue.`, EXIT.ABORTED);
    }
    // The SDK names its option (`overwrite`); tell the user the flag.
    if (e instanceof AlreadyExistsError) {
      throw new CliError(e.message
        .replace(/\(use overwrite to replace (it|them)\)/, '(pass --overwrite to replace $1)')
        .replace(/\(use overwrite to replace them, or skip to (send|fetch) only the new ones\)/, '(pass --overwrite to replace them, or --if-exists skip to $1 only the new ones; fs sync sends only what changed)'), EXIT.ALREADY_EXISTS);
    }
    throw e;
  } finally {
    process.off('SIGINT', onSignal);
    process.off('SIGTERM', onSignal);
    await fs.close();
  }
}

/** SDK options from the shared flags. */
export function sdkOptions(flags: TuningFlags, signal: AbortSignal, onProgress: (p: TransferProgress) => void): TransferOptions {
  return {
    abortSignal: signal, concurrency: flags.threads, chunkSize: flags.chunkSize, blockSize: flags.blockSize,
    // An explicit --chunk-size is taken as is; the default adapts to the file size and thread count.
    adaptChunkSize: flags.chunkSize === undefined,
    resume: flags.resume === true, verify: flags.verify, stateDir: flags.stateDir,
    include: flags.include, exclude: flags.exclude, dryRun: flags.dryRun === true,
    onProgress,
  };
}

function existingPolicy(flags: TransferFlags): ExistingPolicy {
  if (flags.overwrite && flags.ifExists !== undefined && flags.ifExists !== 'overwrite') {
    throw new CliError(`--overwrite contradicts --if-exists ${flags.ifExists}.`, EXIT.BAD_INPUT);
  }
  return flags.overwrite ? 'overwrite' : IF_EXISTS[flags.ifExists ?? 'fail'];
}

export function registerTransferCommands(program: Command, deps: TransferCommandDeps = defaultDeps): void {
  const common = (c: Command) => tuningOptions(c
    .option('-r, --recursive', 'transfer a folder tree: tree → dir/ makes dir/tree, tree → dir makes dir the copy, tree/ → dir puts the content of tree in dir')
    .option('-f, --overwrite', 'replace existing targets (same as --if-exists overwrite)')
    .addOption(new Option('--if-exists <mode>', 'existing targets: fail (before any data moves), overwrite, skip, or newer (replace only older targets)').choices(Object.keys(IF_EXISTS))));

  const run = (direction: 'upload' | 'download') => async (src: string, dst: string, flags: TransferFlags, command: Command) => {
    const existing = existingPolicy(flags);
    // The remote side may be a URL: adl:// picks the Gen1 account, abfss:// a Gen2 file system.
    const remoteArg = direction === 'upload' ? dst : src;
    const location = isRemoteUrl(remoteArg) ? parseRemotePath(remoteArg) : undefined;
    const [from, to] = location ? (direction === 'upload' ? [src, location.path] : [location.path, dst]) : [src, dst];
    if (direction === 'upload') {
      const st = await stat(from).catch(() => { throw new CliError(`No such local file or folder: ${from}`, EXIT.NOT_FOUND); });
      if (st.isDirectory() && !flags.recursive) throw new CliError(`${from} is a folder: pass -r to upload a tree.`, EXIT.BAD_INPUT);
    }
    if (location?.kind === 'gen2') {
      return runGen2PutGet(deps, command, flags, direction, location, direction === 'upload' ? from : to, existing, { fsync: flags.fsync === true, recursive: flags.recursive === true });
    }
    applyGen1Account(command, location);
    await runTransfer(deps, command, flags, direction === 'upload' ? 'put' : 'get', async (fs, signal, onProgress) => {
      if (direction === 'download' && !flags.recursive && (await fs.stat(from, { abortSignal: signal })).type === 'DIRECTORY') {
        throw new CliError(`${from} is a directory: pass -r to download a tree.`, EXIT.BAD_INPUT);
      }
      const options: TransferOptions = { ...sdkOptions(flags, signal, onProgress), existing, fsync: flags.fsync === true };
      return direction === 'upload' ? upload(fs, from, to, options) : download(fs, from, to, options);
    });
  };

  common(program.command('put <local> <remote>').description('upload a file (or a folder with -r): parallel chunks, joined by one MSCONCAT'))
    .action(run('upload'));
  common(program.command('get <remote> <local>').description('download a file (or a directory with -r): parallel ranged reads into a partial file, renamed when complete'))
    .option('--fsync', 'flush each downloaded file to the disk before it is renamed into place (survives a power loss; as slow as the disk)')
    .action(run('download'));
  registerSyncCommand(program, deps);
  registerCleanupCommand(program, deps);
}
