/**
 * Public entry points: `upload` and `download` of a file or a whole tree, parallel, resumable, verified.
 *
 * Give the client a connection pool sized to the concurrency
 * (`new DataLakeFileSystemClient(account, credential, { connections: concurrency })`).
 */
import { lstat, stat } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { NotFoundError } from '../errors.js';
import { DataLakeFileSystemClient } from '../filesystem/client.js';
import { joinPath, normalizePath } from '../filesystem/paths.js';
import type { FileStatus } from '../filesystem/types.js';
import { linkedController, Semaphore } from './concurrency.js';
import { newCounters, type PlannedAction, type TransferContext, type TransferCounters } from './context.js';
import { downloadFile } from './download-file.js';
import { chunkSizeFor, resolveOptions, type ResolvedOptions, type TransferOptions, type VerifyMode } from './options.js';
import { BufferPool } from './buffer-pool.js';
import { PIECE_BYTES } from './file-range.js';
import { ProgressTracker } from './progress.js';
import { remoteFromClient, type TransferRemote } from './remote.js';
import { downloadTree } from './tree-download.js';
import { uploadTree } from './tree-upload.js';
import { uploadFile } from './upload-file.js';

export interface TransferResult extends TransferCounters {
  direction: 'upload' | 'download';
  /** Final target: the remote path (upload) or local path (download) written. */
  target: string;
  elapsedMs: number;
  /** bytesTransferred per second of elapsed time. */
  bytesPerSecond: number;
  verified: VerifyMode;
  /** True for a dry run: nothing was sent, and `actions` says what would have been. */
  dryRun: boolean;
  /** Dry runs: one entry per file (send, skip, conflict, delete). */
  actions?: PlannedAction[];
}

export type TransferSource = DataLakeFileSystemClient | TransferRemote;
const asRemote = (s: TransferSource): TransferRemote => (s instanceof DataLakeFileSystemClient ? remoteFromClient(s) : s);

export function newContext(source: TransferSource, options: TransferOptions, direction: 'upload' | 'download', extra: Partial<ResolvedOptions> = {}): TransferContext {
  const opts = { ...resolveOptions(options, direction), ...extra };
  return {
    remote: asRemote(source), opts, slots: new Semaphore(opts.concurrency), progress: new ProgressTracker(opts.onProgress), counters: newCounters(),
    buffers: new BufferPool(PIECE_BYTES), actions: [],
  };
}

export async function run(ctx: TransferContext, direction: 'upload' | 'download', body: (signal: AbortSignal) => Promise<string>): Promise<TransferResult> {
  const started = performance.now();
  const { controller, dispose } = linkedController(ctx.opts.abortSignal);
  try {
    const target = await body(controller.signal);
    const elapsedMs = performance.now() - started;
    return {
      direction, target, ...ctx.counters, elapsedMs,
      bytesPerSecond: elapsedMs > 0 ? (ctx.counters.bytesTransferred * 1000) / elapsedMs : 0,
      verified: ctx.opts.verify,
      dryRun: ctx.opts.dryRun,
      ...(ctx.opts.dryRun ? { actions: ctx.actions } : {}),
    };
  } finally {
    dispose();
  }
}

const endsWithSeparator = (p: string) => p.endsWith('/') || p.endsWith(sep);

/**
 * Uploads a local file or folder. A file goes to `remotePath`, or into it when `remotePath` is an existing
 * directory or ends with `/`. For a folder the trailing `/` decides (never whether the target exists, so
 * that a re-run always addresses the same files): `tree` to `/data/` makes `/data/tree`; `tree` to `/data/copy`
 * makes `/data/copy` the copy; `tree/` (trailing separator) puts the folder's content into the target.
 *
 * ```ts
 * const fs = new DataLakeFileSystemClient('myaccount', credential, { connections: 16 });
 * const r = await upload(fs, './big.bin', '/data/big.bin', { concurrency: 16, resume: true, onProgress: (p) => console.log(p.bytesDone) });
 * ```
 */
export async function upload(source: TransferSource, localPath: string, remotePath: string, options: TransferOptions = {}): Promise<TransferResult> {
  const ctx = newContext(source, options, 'upload');
  return run(ctx, 'upload', async (signal) => {
    const local = resolve(localPath);
    const st = await stat(local).catch(() => { throw new NotFoundError('NOT_FOUND', `Local path ${localPath} does not exist.`); });
    if (st.isDirectory()) {
      let root = normalizePath(remotePath);
      if (remotePath.endsWith('/') && !endsWithSeparator(localPath)) root = joinPath(root, basename(local));
      await uploadTree(ctx, local, root, signal);
      return root;
    }
    let target = normalizePath(remotePath);
    let targetStatus: FileStatus | null | undefined = (await ctx.remote.stat(target, { abortSignal: signal })) ?? null;
    if (remotePath.endsWith('/') || targetStatus?.type === 'DIRECTORY') {
      target = joinPath(target, basename(local));
      targetStatus = undefined;
    }
    chunkSizeFor(ctx.opts, local, st.size);
    ctx.progress.addTotals(1, st.size);
    await uploadFile(ctx, { localPath: local, remotePath: target, size: st.size, mtimeMs: Math.trunc(st.mtimeMs), target: targetStatus }, signal);
    return target;
  });
}

/**
 * Downloads a remote file or directory. A file goes to `localPath`, or into it when `localPath` is an
 * existing folder or ends with a separator. A directory follows the same rule as folder uploads:
 * `/data/tree` to `./out/` makes `./out/tree`; to `./copy`, `./copy` is the copy; `/data/tree/` puts the
 * directory's content into the target.
 *
 * ```ts
 * const r = await download(fs, '/data/big.bin', './big.bin', { concurrency: 16, verify: 'checksum' });
 * ```
 */
export async function download(source: TransferSource, remotePath: string, localPath: string, options: TransferOptions = {}): Promise<TransferResult> {
  const ctx = newContext(source, options, 'download');
  return run(ctx, 'download', async (signal) => {
    const remoteStatus = await ctx.remote.stat(remotePath, { abortSignal: signal });
    if (!remoteStatus) throw new NotFoundError('NOT_FOUND', `${normalizePath(remotePath)} does not exist.`);
    const local = resolve(localPath);
    if (remoteStatus.type === 'DIRECTORY') {
      const contents = remotePath.endsWith('/') || remoteStatus.path === '/';
      const root = endsWithSeparator(localPath) && !contents ? join(local, remoteStatus.name) : local;
      await downloadTree(ctx, remoteStatus.path, root, signal);
      return root;
    }
    const localIsDir = endsWithSeparator(localPath) || (await lstat(local).then((s) => s.isDirectory(), () => false));
    const target = localIsDir ? join(local, remoteStatus.name) : local;
    chunkSizeFor(ctx.opts, remoteStatus.path, remoteStatus.length);
    ctx.progress.addTotals(1, remoteStatus.length);
    await downloadFile(ctx, { remotePath: remoteStatus.path, localPath: target, size: remoteStatus.length, mtimeMs: remoteStatus.modificationTime }, signal);
    return target;
  });
}
