/**
 * Public entry points: `upload` and `download` of a file or a whole tree, parallel, resumable, verified.
 *
 * Give the client a connection pool sized to the concurrency
 * (`new DataLakeFileSystemClient(account, credential, { connections: concurrency })`).
 */
import { lstat, mkdir, stat } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { AlreadyExistsError, InvalidArgumentError, NotFoundError, throwIfAborted } from '../errors.js';
import { DataLakeFileSystemClient } from '../filesystem/client.js';
import { joinPath, normalizePath } from '../filesystem/paths.js';
import type { FileStatus } from '../filesystem/types.js';
import { BufferPool } from './buffer-pool.js';
import { forEachLimited, linkedController, Semaphore } from './concurrency.js';
import { newCounters, type TransferContext, type TransferCounters } from './context.js';
import { downloadFile } from './download-file.js';
import { walkLocal } from './local-tree.js';
import { resolveOptions, type TransferOptions, type VerifyMode } from './options.js';
import { ProgressTracker } from './progress.js';
import { remoteFromClient, type TransferRemote } from './remote.js';
import { walkRemote } from './remote-tree.js';
import { uploadFile } from './upload-file.js';

export interface TransferResult extends TransferCounters {
  direction: 'upload' | 'download';
  /** Final target: the remote path (upload) or local path (download) written. */
  target: string;
  elapsedMs: number;
  /** bytesTransferred per second of elapsed time. */
  bytesPerSecond: number;
  verified: VerifyMode;
}

type Source = DataLakeFileSystemClient | TransferRemote;
const asRemote = (s: Source): TransferRemote => (s instanceof DataLakeFileSystemClient ? remoteFromClient(s) : s);

function newContext(source: Source, options: TransferOptions, direction: 'upload' | 'download'): TransferContext {
  const opts = resolveOptions(options, direction);
  return {
    remote: asRemote(source), opts, slots: new Semaphore(opts.concurrency), progress: new ProgressTracker(opts.onProgress), counters: newCounters(),
    buffers: new BufferPool(opts.blockSize),
  };
}

async function run(ctx: TransferContext, direction: 'upload' | 'download', body: (signal: AbortSignal) => Promise<string>): Promise<TransferResult> {
  const started = performance.now();
  const { controller, dispose } = linkedController(ctx.opts.abortSignal);
  try {
    const target = await body(controller.signal);
    const elapsedMs = performance.now() - started;
    return {
      direction, target, ...ctx.counters, elapsedMs,
      bytesPerSecond: elapsedMs > 0 ? (ctx.counters.bytesTransferred * 1000) / elapsedMs : 0,
      verified: ctx.opts.verify,
    };
  } finally {
    dispose();
  }
}

/**
 * Uploads a local file or folder. A file goes to `remotePath`, or into it when `remotePath` is an existing
 * directory or ends with `/`. A folder's content goes below `remotePath` (created if needed).
 *
 * ```ts
 * const fs = new DataLakeFileSystemClient('myaccount', credential, { connections: 16 });
 * const r = await upload(fs, './big.bin', '/data/big.bin', { concurrency: 16, resume: true, onProgress: (p) => console.log(p.bytesDone) });
 * ```
 */
export async function upload(source: Source, localPath: string, remotePath: string, options: TransferOptions = {}): Promise<TransferResult> {
  const ctx = newContext(source, options, 'upload');
  return run(ctx, 'upload', async (signal) => {
    const local = resolve(localPath);
    const st = await stat(local).catch(() => { throw new NotFoundError('NOT_FOUND', `Local path ${localPath} does not exist.`); });
    if (st.isDirectory()) {
      await uploadTree(ctx, local, normalizePath(remotePath), signal);
      return normalizePath(remotePath);
    }
    let target = normalizePath(remotePath);
    let targetStatus: FileStatus | null | undefined = (await ctx.remote.stat(target, { abortSignal: signal })) ?? null;
    if (remotePath.endsWith('/') || targetStatus?.type === 'DIRECTORY') {
      target = joinPath(target, basename(local));
      targetStatus = undefined;
    }
    ctx.progress.addTotals(1, st.size);
    await uploadFile(ctx, { localPath: local, remotePath: target, size: st.size, mtimeMs: Math.trunc(st.mtimeMs), target: targetStatus }, signal);
    return target;
  });
}

async function uploadTree(ctx: TransferContext, root: string, remoteRoot: string, signal: AbortSignal): Promise<void> {
  const { remote, opts } = ctx;
  const tree = await walkLocal(root, signal);
  ctx.progress.addTotals(tree.files.length, tree.files.reduce((n, f) => n + f.size, 0));
  const rootStatus = await remote.stat(remoteRoot, { abortSignal: signal });
  if (rootStatus?.type === 'FILE') throw new AlreadyExistsError('ALREADY_EXISTS', `Upload target ${remoteRoot} is a file, not a directory.`);
  const existing = new Map<string, FileStatus>();
  if (rootStatus) {
    const r = await walkRemote(remote, remoteRoot, signal);
    for (const f of r.files) existing.set(f.rel, { type: 'FILE', length: f.size, modificationTime: f.mtimeMs, path: joinPath(remoteRoot, f.rel) } as FileStatus);
    for (const d of r.dirs) existing.set(d, { type: 'DIRECTORY', length: 0, path: joinPath(remoteRoot, d) } as FileStatus);
  }
  // Every conflict is reported before any data moves.
  const conflicts = tree.files.filter((f) => {
    const e = existing.get(f.rel);
    if (!e) return false;
    if (e.type === 'DIRECTORY') return true;
    return !opts.overwrite && !(opts.resume && e.length === f.size);
  });
  if (conflicts.length > 0) {
    throw new AlreadyExistsError('ALREADY_EXISTS', `${conflicts.length} target file(s) already exist, e.g. ${joinPath(remoteRoot, conflicts[0].rel)} (use overwrite to replace them).`);
  }
  if (!rootStatus) await remote.mkdir(remoteRoot, { abortSignal: signal });
  for (const d of tree.emptyDirs) if (!existing.has(d)) await remote.mkdir(joinPath(remoteRoot, d), { abortSignal: signal });
  await forEachLimited(tree.files, opts.concurrency, async (f, s) => {
    await uploadFile(ctx, { localPath: f.path, remotePath: joinPath(remoteRoot, f.rel), size: f.size, mtimeMs: f.mtimeMs, target: existing.get(f.rel) ?? null }, s);
  }, signal);
}

/**
 * Downloads a remote file or directory. A file goes to `localPath`, or into it when `localPath` is an
 * existing folder or ends with a separator. A directory's content goes below `localPath` (created).
 *
 * ```ts
 * const r = await download(fs, '/data/big.bin', './big.bin', { concurrency: 16, verify: 'checksum' });
 * ```
 */
export async function download(source: Source, remotePath: string, localPath: string, options: TransferOptions = {}): Promise<TransferResult> {
  const ctx = newContext(source, options, 'download');
  return run(ctx, 'download', async (signal) => {
    const remoteStatus = await ctx.remote.stat(remotePath, { abortSignal: signal });
    if (!remoteStatus) throw new NotFoundError('NOT_FOUND', `${normalizePath(remotePath)} does not exist.`);
    const local = resolve(localPath);
    if (remoteStatus.type === 'DIRECTORY') {
      await downloadTree(ctx, remoteStatus.path, local, signal);
      return local;
    }
    const localIsDir = (localPath.endsWith('/') || localPath.endsWith(sep)) || (await lstat(local).then((s) => s.isDirectory(), () => false));
    const target = localIsDir ? join(local, remoteStatus.name) : local;
    ctx.progress.addTotals(1, remoteStatus.length);
    await downloadFile(ctx, { remotePath: remoteStatus.path, localPath: target, size: remoteStatus.length, mtimeMs: remoteStatus.modificationTime }, signal);
    return target;
  });
}

async function downloadTree(ctx: TransferContext, remoteRoot: string, localRoot: string, signal: AbortSignal): Promise<void> {
  const { opts } = ctx;
  const tree = await walkRemote(ctx.remote, remoteRoot, signal);
  ctx.progress.addTotals(tree.files.length, tree.files.reduce((n, f) => n + f.size, 0));
  const targetOf = (rel: string) => {
    const parts = rel.split('/');
    // A hostile listing must not write outside the target folder.
    if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes(sep))) throw new InvalidArgumentError(`Refusing to download an entry named ${JSON.stringify(rel)}.`);
    return join(localRoot, ...parts);
  };
  const conflicts: string[] = [];
  for (const f of tree.files) {
    throwIfAborted(signal);
    const e = await lstat(targetOf(f.rel)).catch(() => undefined);
    if (!e) continue;
    if (e.isDirectory() || (!opts.overwrite && !(opts.resume && e.size === f.size))) conflicts.push(targetOf(f.rel));
  }
  if (conflicts.length > 0) {
    throw new AlreadyExistsError('ALREADY_EXISTS', `${conflicts.length} local file(s) already exist, e.g. ${conflicts[0]} (use overwrite to replace them).`);
  }
  await mkdir(localRoot, { recursive: true });
  for (const d of tree.dirs) await mkdir(targetOf(d), { recursive: true });
  await forEachLimited(tree.files, opts.concurrency, async (f, s) => {
    await downloadFile(ctx, { remotePath: f.path, localPath: targetOf(f.rel), size: f.size, mtimeMs: f.mtimeMs }, s);
  }, signal);
}
