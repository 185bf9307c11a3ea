// Options shared by `fs put`, `fs get` and `fs sync`: parsing and validation before any sign-in or request.
import { Option, type Command } from 'commander';
import { CliError, EXIT } from '../exit.js';
import { gen2AuthOptions } from '../gen2/connect.js';

const UNITS: Record<string, number> = { '': 1, b: 1, k: 1024, kb: 1024, kib: 1024, m: 1024 ** 2, mb: 1024 ** 2, mib: 1024 ** 2, g: 1024 ** 3, gb: 1024 ** 3, gib: 1024 ** 3 };
const MiB = 1024 ** 2;

/**
 * Chunk sizes the CLI accepts. A chunk is one temporary segment file on upload and one ranged read on
 * download: below 1 MiB a large file turns into tens of thousands of segment files; above 4 GiB a single
 * interrupted chunk costs too much to redo.
 */
export const CHUNK_SIZE_RANGE = { min: MiB, max: 4 * 1024 * MiB } as const;

/** '256M', '4MiB', '1g', '65536' → bytes (binary units). */
export function parseSize(text: string): number {
  const m = /^\s*(\d+(?:\.\d+)?)\s*([a-z]*)\s*$/i.exec(text);
  const unit = m ? UNITS[m[2].toLowerCase()] : undefined;
  if (!m || unit === undefined) throw new CliError(`Not a size: '${text}' (try 256M, 4MiB, 1G).`, EXIT.BAD_INPUT);
  const n = Math.round(Number(m[1]) * unit);
  if (n < 1) throw new CliError(`Size must be at least 1 byte: '${text}'.`, EXIT.BAD_INPUT);
  return n;
}

export function parseChunkSize(text: string): number {
  const n = parseSize(text);
  if (n < CHUNK_SIZE_RANGE.min || n > CHUNK_SIZE_RANGE.max) {
    throw new CliError(`--chunk-size must be between 1M and 4G (got '${text}'): each chunk of an upload is a temporary file on the service.`, EXIT.BAD_INPUT);
  }
  return n;
}

export function parseThreads(text: string): number {
  const n = Number(text);
  if (!Number.isInteger(n) || n < 1 || n > 1024) throw new CliError(`--threads must be an integer from 1 to 1024 (got '${text}').`, EXIT.BAD_INPUT);
  return n;
}

/** Repeatable glob options collect into a list. */
const collect = (v: string, prev: string[] = []) => [...prev, v];

/** The flags every transfer command takes. */
export function tuningOptions(c: Command): Command {
  return gen2AuthOptions(c)
    .option('--account <name>', 'Data Lake Store account (default: the target\'s default account)')
    .option('-t, --threads <n>', 'parallel chunk requests (and pooled connections)', parseThreads, 8)
    .option('--chunk-size <size>', 'chunk size from 1M to 4G (default: up to 256M, lowered so that a file spreads over the threads)', parseChunkSize)
    .option('--block-size <size>', 'bytes per request/buffer, e.g. 4M (default 4M)', parseSize)
    .option('--resume', 'continue an interrupted transfer: finished chunks and acknowledged bytes are not sent again; existing targets of the same size are compared by content')
    .addOption(new Option('--verify <mode>', 'size (always) or checksum (MD5 per chunk, end to end)').choices(['size', 'checksum']).default('size'))
    .option('--state-dir <dir>', 'where resume state lives (default: ~/.adls-gen1/transfers, or $ADLS_TRANSFER_STATE_DIR)')
    .option('--include <glob>', 'only files matching this glob (repeatable; a glob without / matches file names, e.g. *.csv)', collect)
    .option('--exclude <glob>', 'leave out files matching this glob (repeatable, e.g. --exclude "*.tmp" --exclude "logs/**")', collect)
    .option('--dry-run', 'print what would be sent, skipped or deleted; move nothing')
    .option('--no-progress', 'no progress bar or lines')
    .option('--json', 'print a JSON summary (or the dry run\'s plan) on stdout');
}

export interface TuningFlags {
  threads: number;
  chunkSize?: number;
  blockSize?: number;
  resume?: boolean;
  verify: 'size' | 'checksum';
  stateDir?: string;
  include?: string[];
  exclude?: string[];
  dryRun?: boolean;
  json?: boolean;
  progress: boolean;
}
