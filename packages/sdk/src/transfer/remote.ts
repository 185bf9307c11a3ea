/**
 * The remote operations a transfer needs, and nothing else. The filesystem client provides them
 * (see `remoteFromClient`); tests wrap them to count or break requests.
 */
import type { Readable } from 'node:stream';
import { NotFoundError } from '../errors.js';
import type { DataLakeFileSystemClient, FileData } from '../filesystem/client.js';
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
  /** Every entry of a directory (all pages, yielded as each page arrives). */
  list(path: string, opts: { abortSignal?: AbortSignal }): AsyncIterable<FileStatus>;
  mkdir(path: string, opts: { abortSignal?: AbortSignal }): Promise<void>;
  /** DELETE; a path that is already gone is not an error. */
  remove(path: string, opts: { recursive: boolean; abortSignal?: AbortSignal }): Promise<void>;
  /** CREATE with overwrite=true and an optional first block (≤ 4 MiB); parents are created. */
  create(path: string, data: FileData, opts: WriteOptions): Promise<void>;
  /** APPEND at an explicit offset; safe to retry (never writes twice). */
  append(path: string, data: FileData, offset: number, opts: WriteOptions): Promise<void>;
  /** MSCONCAT of `sources` (in order) into `target`, deleting the sources' folder. */
  concat(target: string, sources: string[], opts: { abortSignal?: AbortSignal }): Promise<void>;
  /** OPEN of bytes [offset, offset + length) as a stream that resumes by itself after a connection fault (as the client's read() does). */
  read(path: string, offset: number, length: number, opts: { abortSignal?: AbortSignal }): Promise<Readable>;
}

/** The transfer operations on top of the filesystem client. */
export function remoteFromClient(client: DataLakeFileSystemClient): TransferRemote {
  return {
    accountId: client.accountUrl,
    // The pipeline retries these (a reply cut mid-body included); DELETE and MKDIRS recognise their own earlier work.
    stat: async (path, opts) => {
      try {
        return await client.stat(path, opts);
      } catch (e) {
        if (e instanceof NotFoundError) return undefined;
        throw e;
      }
    },
    async *list(path, opts) {
      for await (const page of client.listPages(path, opts)) yield* page;
    },
    mkdir: (path, opts) => client.mkdir(path, opts),
    remove: async (path, opts) => {
      try {
        await client.rm(path, opts);
      } catch (e) {
        if (!(e instanceof NotFoundError)) throw e; // gone already
      }
    },
    create: (path, data, opts) => client.create(path, data, { overwrite: true, syncFlag: opts.syncFlag, leaseId: opts.leaseId, abortSignal: opts.abortSignal }),
    append: (path, data, offset, opts) => client.append(path, data, { offset, syncFlag: opts.syncFlag, leaseId: opts.leaseId, abortSignal: opts.abortSignal }),
    concat: (target, sources, opts) => client.concat(target, sources, { deleteSourceDirectory: true, abortSignal: opts.abortSignal }),
    read: (path, offset, length, opts) => client.read(path, { offset, length, abortSignal: opts.abortSignal }),
  };
}
