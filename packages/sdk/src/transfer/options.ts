/** Transfer options, their defaults (all in one place) and validation before any I/O. */
import { InvalidArgumentError } from '../errors.js';
import { MAX_APPEND_BYTES } from '../filesystem/append.js';
import type { SyncCompare } from './existing.js';
import type { TransferProgress } from './progress.js';
import { effectiveChunkSize } from './plan.js';
import { defaultStateDir } from './state.js';

const MiB = 1024 * 1024;

export const TRANSFER_DEFAULTS = {
  /** Parallel chunk requests in flight (and keep-alive connections in the pool). */
  concurrency: 8,
  /** Largest chunk (one temporary segment file on upload, one ranged OPEN on download); Python's default. */
  chunkSize: 256 * MiB,
  /** Bytes per CREATE/APPEND request (the service accepts at most 4 MiB) and per read buffer. */
  blockSize: 4 * MiB,
  /** The service's ceiling for one CREATE/APPEND body. */
  maxBlockSize: MAX_APPEND_BYTES,
  /**
   * Most chunks one file may be split into (each is a temporary segment file on upload): a chunk size that
   * would make more is refused before any data moves (a 300 MiB file in 1 KiB chunks would be 307,200 files).
   */
  maxChunksPerFile: 10_000,
  /** Attempts at an MSCONCAT whose outcome is uncertain (the HTTP pipeline does not retry it blindly). */
  maxAttempts: 6,
} as const;

export type VerifyMode = 'size' | 'checksum';

/**
 * What to do with a target that already exists (azcopy's `--overwrite`): 'fail' (default: an
 * AlreadyExistsError before any data moves), 'overwrite', 'skip' (leave it, send the rest), 'ifSourceNewer'
 * (replace it only when the source was modified after it). With `resume`, a target of the source's size is
 * compared by content (MD5 of both sides) and re-sent when it differs.
 */
export type ExistingPolicy = 'fail' | 'overwrite' | 'skip' | 'ifSourceNewer';
export const EXISTING_POLICIES: readonly ExistingPolicy[] = ['fail', 'overwrite', 'skip', 'ifSourceNewer'];

export interface TransferOptions {
  abortSignal?: AbortSignal;
  /** Parallel chunk requests (default 8). */
  concurrency?: number;
  /** Maximum chunk size in bytes (default 256 MiB). Lowered automatically so that a file spreads over the workers, unless `adaptChunkSize` is false. */
  chunkSize?: number;
  adaptChunkSize?: boolean;
  /** Bytes per APPEND request / read buffer (default 4 MiB, at most 4 MiB for uploads). */
  blockSize?: number;
  /** Replace an existing target: short for `existing: 'overwrite'`. */
  overwrite?: boolean;
  /** What to do with existing targets (default 'fail', or 'overwrite' when `overwrite` is true). */
  existing?: ExistingPolicy;
  /**
   * Continue an interrupted transfer from its state file: finished chunks and the acknowledged start of
   * unfinished ones are not sent again. A target that exists without state is compared by content first.
   */
  resume?: boolean;
  /** Folder for resume state files (default `defaultStateDir()`: `~/.adls-gen1/transfers`). */
  stateDir?: string;
  /** Trees: only files whose path relative to the root (or name) matches one of these globs (picomatch syntax). */
  include?: string[];
  /** Trees: leave out files whose relative path (or name) matches one of these globs. */
  exclude?: string[];
  /** Plan only: list what would be sent, skipped or refused; no data moves and nothing is created. */
  dryRun?: boolean;
  /** 'size' (always) or 'checksum': also compare per-chunk MD5s end to end (uploads read the remote file back). */
  verify?: VerifyMode;
  /**
   * Downloads: flush each target to the disk (fdatasync) before it is renamed into place, so that it survives
   * an operating-system crash or power loss, not only a killed process. Default false, like cp, curl and
   * azcopy: the flush makes a download as slow as the disk. (Uploads are made durable by the service.)
   */
  fsync?: boolean;
  /** Called after each committed block, with cumulative totals (never double-counted on retries). */
  onProgress?: (p: TransferProgress) => void;
}

export interface ResolvedOptions {
  abortSignal?: AbortSignal;
  concurrency: number;
  chunkSize: number;
  adaptChunkSize: boolean;
  blockSize: number;
  existing: ExistingPolicy;
  resume: boolean;
  stateDir: string;
  include: string[];
  exclude: string[];
  dryRun: boolean;
  /** Set by sync: how a changed file is told (replaces the `existing` policy). */
  syncCompare?: SyncCompare;
  verify: VerifyMode;
  fsync: boolean;
  onProgress?: (p: TransferProgress) => void;
}

function positiveInt(name: string, v: number, max = Number.MAX_SAFE_INTEGER): number {
  if (!Number.isSafeInteger(v) || v < 1 || v > max) throw new RangeError(`${name} must be an integer between 1 and ${max}, got ${v}`);
  return v;
}

/** Fills defaults and checks ranges (RangeError, before any I/O). */
export function resolveOptions(o: TransferOptions, direction: 'upload' | 'download'): ResolvedOptions {
  const concurrency = positiveInt('concurrency', o.concurrency ?? TRANSFER_DEFAULTS.concurrency, 1024);
  const chunkSize = positiveInt('chunkSize', o.chunkSize ?? TRANSFER_DEFAULTS.chunkSize);
  const maxBlock = direction === 'upload' ? TRANSFER_DEFAULTS.maxBlockSize : 64 * MiB;
  const blockSize = Math.min(positiveInt('blockSize', o.blockSize ?? TRANSFER_DEFAULTS.blockSize, maxBlock), chunkSize);
  if (o.existing !== undefined && !EXISTING_POLICIES.includes(o.existing)) throw new InvalidArgumentError(`existing must be one of ${EXISTING_POLICIES.join(', ')}, got ${String(o.existing)}`);
  if (o.overwrite && o.existing !== undefined && o.existing !== 'overwrite') throw new InvalidArgumentError(`overwrite: true contradicts existing: '${o.existing}'`);
  for (const [name, list] of [['include', o.include], ['exclude', o.exclude]] as const) {
    if (list !== undefined && (!Array.isArray(list) || list.some((g) => typeof g !== 'string' || g === ''))) throw new InvalidArgumentError(`${name} must be a list of non-empty glob patterns`);
  }
  if (o.verify !== undefined && o.verify !== 'size' && o.verify !== 'checksum') throw new InvalidArgumentError(`verify must be 'size' or 'checksum', got ${String(o.verify)}`);
  return {
    abortSignal: o.abortSignal,
    concurrency,
    chunkSize,
    adaptChunkSize: o.adaptChunkSize ?? true,
    blockSize,
    existing: o.existing ?? (o.overwrite ? 'overwrite' : 'fail'),
    resume: o.resume ?? false,
    stateDir: o.stateDir ?? defaultStateDir(),
    include: o.include ?? [],
    exclude: o.exclude ?? [],
    dryRun: o.dryRun ?? false,
    verify: o.verify ?? 'size',
    fsync: o.fsync ?? false,
    onProgress: o.onProgress,
  };
}

/** Refuses a chunk size that would split a file into more than `maxChunksPerFile` pieces (before any data moves). */
export function checkChunkCount(path: string, size: number, chunkSize: number): void {
  const chunks = Math.ceil(size / chunkSize);
  if (chunks > TRANSFER_DEFAULTS.maxChunksPerFile) {
    const least = Math.ceil(size / TRANSFER_DEFAULTS.maxChunksPerFile);
    throw new InvalidArgumentError(`Chunk size ${chunkSize} B would split ${path} (${size} B) into ${chunks} pieces; at most ${TRANSFER_DEFAULTS.maxChunksPerFile} are allowed: use a chunk size of at least ${least} B.`);
  }
}

/** The chunk size for one file (see effectiveChunkSize), refused when absurd for its size. */
export function chunkSizeFor(opts: ResolvedOptions, path: string, size: number): number {
  const chunkSize = effectiveChunkSize(size, { chunkSize: opts.chunkSize, blockSize: opts.blockSize, concurrency: opts.concurrency, adapt: opts.adaptChunkSize });
  checkChunkCount(path, size, chunkSize);
  return chunkSize;
}
