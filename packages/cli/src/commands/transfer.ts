// `adls fs put` and `adls fs get`: parallel, resumable, verified transfers of files and trees (SDK transfer/).
import { stat } from 'node:fs/promises';
import type { Writable } from 'node:stream';
import { Option, type Command } from 'commander';
import { AlreadyExistsError, DataLakeFileSystemClient, download, upload, type TransferOptions, type TransferResult } from 'adls-gen1';
import { fileSystemClientFor } from '../context.js';
import { CliError, EXIT } from '../exit.js';
import { humanBytes, jsonText } from '../output.js';
import { createProgressView } from './transfer-progress.js';

/** Seams for in-process tests: the client (with a pool of `connections`), the output streams, TTY detection. */
export interface TransferCommandDeps {
  clientFor(cmd: Command, connections: number): Promise<DataLakeFileSystemClient>;
  stdout: Writable;
  stderr: NodeJS.WritableStream;
  isTTY: boolean;
}

const defaultDeps: TransferCommandDeps = {
  clientFor: (cmd, connections) => fileSystemClientFor(cmd, connections),
  stdout: process.stdout,
  stderr: process.stderr,
  isTTY: process.stderr.isTTY === true,
};

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };

/** '256M', '4MiB', '1g', '65536' → bytes (binary units). */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new CliError(`Not a size: '${text}' (try 256M, 4MiB, 1G).`, EXIT.BAD_INPUT);
  const n = Math.round(Number(m[1]) * unit);
  if (n < 1) throw new CliError(`Size must be at least 1 byte: '${text}'.`, EXIT.BAD_INPUT);
  return n;
}

function parseThreads(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new CliError(`--threads must be an integer from 1 to 1024 (got '${text}').`, EXIT.BAD_INPUT);
  return n;
}

interface TransferFlags {
  recursive?: boolean;
  threads: number;
  chunkSize?: number;
  blockSize?: number;
  overwrite?: boolean;
  resume?: boolean;
  verify: 'size' | 'checksum';
  fsync?: boolean;
  stateDir?: string;
  json?: boolean;
  progress: boolean;
}

function summary(r: TransferResult): string {
  const verb = r.direction === 'upload' ? 'uploaded' : 'downloaded';
  const secs = r.elapsedMs / 1000;
  const parts = [`${verb} ${r.files} file(s), ${humanBytes(r.bytes)} in ${secs.toFixed(1)} s (${humanBytes(Math.round(r.bytesPerSecond))}/s) to ${r.target}`];
  if (r.filesSkipped > 0) parts.push(`${r.filesSkipped} already complete`);
  if (r.chunksResumed > 0) parts.push(`${r.chunksResumed} chunk(s) resumed, not re-sent`);
  if (r.verified === 'checksum') parts.push('checksums verified');
  return parts.join('; ');
}

export function registerTransferCommands(program: Command, deps: TransferCommandDeps = defaultDeps): void {
  const common = (c: Command) => c
    .option('--account <name>', 'Data Lake Store account (default: the target\'s default account)')
    .option('-r, --recursive', 'transfer a whole folder tree')
    .option('-t, --threads <n>', 'parallel chunk requests (and pooled connections)', parseThreads, 8)
    .option('--chunk-size <size>', 'chunk size, e.g. 64M (default: up to 256M, lowered so that a file spreads over the threads)', parseSize)
    .option('--block-size <size>', 'bytes per request/buffer, e.g. 4M (default 4M)', parseSize)
    .option('-f, --overwrite', 'replace existing targets (default: refuse before any data moves)')
    .option('--resume', 'continue an interrupted transfer from its state file; finished chunks are not sent again')
    .addOption(new Option('--verify <mode>', 'size (always) or checksum (MD5 per chunk, end to end)').choices(['size', 'checksum']).default('size'))
    .option('--state-dir <dir>', 'where resume state files live (default: next to the local file)')
    .option('--no-progress', 'no progress bar or lines')
    .option('--json', 'print a JSON summary on stdout');

  const run = (direction: 'upload' | 'download') => async (from: string, to: string, flags: TransferFlags, command: Command) => {
    if (direction === 'upload') {
      const st = await stat(from).catch(() => { throw new CliError(`No such local file or folder: ${from}`, EXIT.NOT_FOUND); });
      if (st.isDirectory() && !flags.recursive) throw new CliError(`${from} is a folder: pass -r to upload a tree.`, EXIT.BAD_INPUT);
    }
    const fs = await deps.clientFor(command, flags.threads);
    const controller = new AbortController();
    const onSignal = () => controller.abort();
    process.once('SIGINT', onSignal);
    process.once('SIGTERM', onSignal);
    const view = createProgressView(direction === 'upload' ? 'put' : 'get', deps.stderr, !flags.progress ? 'none' : deps.isTTY ? 'bar' : 'lines');
    try {
      if (direction === 'download' && !flags.recursive && (await fs.stat(from, { abortSignal: controller.signal })).type === 'DIRECTORY') {
        throw new CliError(`${from} is a directory: pass -r to download a tree.`, EXIT.BAD_INPUT);
      }
      const options: TransferOptions = {
        abortSignal: controller.signal, concurrency: flags.threads, chunkSize: flags.chunkSize, blockSize: flags.blockSize,
        // An explicit --chunk-size is taken as is; the default adapts to the file size and thread count.
        adaptChunkSize: flags.chunkSize === undefined,
        overwrite: flags.overwrite === true, resume: flags.resume === true, verify: flags.verify, stateDir: flags.stateDir,
        fsync: flags.fsync === true,
        onProgress: (p) => view.update(p),
      };
      const result = direction === 'upload' ? await upload(fs, from, to, options) : await download(fs, from, to, options);
      view.stop();
      if (flags.json) deps.stdout.write(jsonText(result));
      else deps.stderr.write(summary(result) + '\n');
    } catch (e) {
      view.stop();
      if (controller.signal.aborted) {
        throw new CliError(`${direction} interrupted; run the same command with --resume to continue.`, EXIT.ABORTED);
      }
      // The SDK names its option (`overwrite`); tell the user the flag.
      if (e instanceof AlreadyExistsError) throw new CliError(e.message.replace(/\(use overwrite to replace (it|them)\)/, '(pass --overwrite to replace $1)'), EXIT.ALREADY_EXISTS);
      throw e;
    } finally {
      process.off('SIGINT', onSignal);
      process.off('SIGTERM', onSignal);
      await fs.close();
    }
  };

  common(program.command('put <local> <remote>').description('upload a file (or a folder with -r): parallel chunks, joined by one MSCONCAT'))
    .action(run('upload'));
  common(program.command('get <remote> <local>').description('download a file (or a directory with -r): parallel ranged reads into a partial file, renamed when complete'))
    .option('--fsync', 'flush each downloaded file to the disk before it is renamed into place (survives a power loss; as slow as the disk)')
    .action(run('download'));
}
