/** Transfer options, their defaults (all in one place) and validation before any I/O. */
import { InvalidArgumentError } from '../errors.js';
import { MAX_APPEND_BYTES } from '../filesystem/append.js';
import type { TransferProgress } from './progress.js';

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
  /** Attempts at an MSCONCAT whose outcome is uncertain (the HTTP pipeline does not retry it blindly). */
  maxAttempts: 6,
} as const;

export type VerifyMode = 'size' | 'checksum';

export interface TransferOptions {
  abortSignal?: AbortSignal;
  /** Parallel chunk requests (default 8). */
  concurrency?: number;
  /** Maximum chunk size in bytes (default 256 MiB). Lowered automatically so that a file spreads over the workers, unless `adaptChunkSize` is false. */
  chunkSize?: number;
  adaptChunkSize?: boolean;
  /** Bytes per APPEND request / read buffer (default 4 MiB, at most 4 MiB for uploads). */
  blockSize?: number;
  /** Replace an existing target (default false: an existing target is an AlreadyExistsError before any data moves). */
  overwrite?: boolean;
  /** Continue an interrupted transfer from its state file; finished chunks are not sent again. */
  resume?: boolean;
  /** Folder for resume state files (default: next to the local file, `{local}.adls-transfer.json`). */
  stateDir?: string;
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
  overwrite: boolean;
  resume: boolean;
  stateDir?: string;
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
  if (o.verify !== undefined && o.verify !== 'size' && o.verify !== 'checksum') throw new InvalidArgumentError(`verify must be 'size' or 'checksum', got ${String(o.verify)}`);
  return {
    abortSignal: o.abortSignal,
    concurrency,
    chunkSize,
    adaptChunkSize: o.adaptChunkSize ?? true,
    blockSize,
    overwrite: o.overwrite ?? false,
    resume: o.resume ?? false,
    stateDir: o.stateDir,
    verify: o.verify ?? 'size',
    fsync: o.fsync ?? false,
    onProgress: o.onProgress,
  };
}
