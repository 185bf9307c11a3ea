/**
 * The remote operations a transfer needs, and nothing else. The filesystem client provides them
 * (see `remoteFromClient`); tests wrap them to count or break requests.
 */
import type { Readable } from 'node:stream';
import { NotFoundError } from '../errors.js';
import { retried } from './retry.js';
import type { DataLakeFileSystemClient } from '../filesystem/client.js';
import type { FileStatus, SyncFlag } from '../filesystem/types.js';

export interface WriteOptions {
  abortSignal?: AbortSignal;
  syncFlag: SyncFlag;
  leaseId: string;
}

export interface TransferRemote {
  /** Identifies the account in resume state (its base URL). */
  readonly accountId: string;
  /** Status of a path, or undefined when it does not exist. */
  stat(path: string, opts: { abortSignal?: AbortSignal }): Promise<FileStatus | undefined>;
  /** Every entry of a directory (all pages). */
  list(path: string, opts: { abortSignal?: AbortSignal }): AsyncIterable<FileStatus>;
  mkdir(path: string, opts: { abortSignal?: AbortSignal }): Promise<void>;
  /** DELETE; a path that is already gone is not an error. */
  remove(path: string, opts: { recursive: boolean; abortSignal?: AbortSignal }): Promise<void>;
  /** CREATE with overwrite=true and an optional first block (≤ 4 MiB); parents are created. */
  create(path: string, data: Buffer, opts: WriteOptions): Promise<void>;
  /** APPEND at an explicit offset; safe to retry (never writes twice). */
  append(path: string, data: Buffer, offset: number, opts: WriteOptions): Promise<void>;
  /** MSCONCAT of `sources` (in order) into `target`, deleting the sources' folder. */
  concat(target: string, sources: string[], opts: { abortSignal?: AbortSignal }): Promise<void>;
  /** OPEN of bytes [offset, offset + length) as a stream. */
  read(path: string, offset: number, length: number, opts: { abortSignal?: AbortSignal }): Promise<Readable>;
}

/** The transfer operations on top of the filesystem client. */
export function remoteFromClient(client: DataLakeFileSystemClient): TransferRemote {
  return {
    accountId: client.accountUrl,
    stat: (path, opts) => retried(opts.abortSignal, async () => {
      try {
        return await client.stat(path, opts);
      } catch (e) {
        if (e instanceof NotFoundError) return undefined;
        throw e;
      }
    }),
    async *list(path, opts) {
      // Whole listing per attempt: a retry part way through must not yield entries twice.
      yield* await retried(opts.abortSignal, () => client.ls(path, opts));
    },
    mkdir: (path, opts) => retried(opts.abortSignal, () => client.mkdir(path, opts)),
    remove: (path, opts) => retried(opts.abortSignal, async () => {
      try {
        await client.rm(path, opts);
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e; // gone already (perhaps by an attempt whose reply was lost)
      }
    }),
    create: (path, data, opts) => client.create(path, data, { overwrite: true, syncFlag: opts.syncFlag, leaseId: opts.leaseId, abortSignal: opts.abortSignal }),
    append: (path, data, offset, opts) => client.append(path, data, { offset, syncFlag: opts.syncFlag, leaseId: opts.leaseId, abortSignal: opts.abortSignal }),
    concat: (target, sources, opts) => client.concat(target, sources, { deleteSourceDirectory: true, abortSignal: opts.abortSignal }),
    read: (path, offset, length, opts) => client.read(path, { offset, length, abortSignal: opts.abortSignal }),
  };
}
