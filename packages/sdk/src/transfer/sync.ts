/**
 * `syncUpload` / `syncDownload`: make a destination folder match a source folder, sending only files that
 * are new or changed (azcopy sync's rule: a different size or a newer source; or, with compare 'checksum',
 * different content), and optionally deleting what the source does not have.
 */
import { rm, stat } from 'node:fs/promises';
import { resolve } from 'node:path';
import { InvalidArgumentError, NotFoundError, throwIfAborted } from '../errors.js';
import { joinPath, normalizePath } from '../filesystem/paths.js';
import type { TransferContext } from './context.js';
import type { SyncCompare } from './existing.js';
import { pathFilter } from './filter.js';
import { walkLocal } from './local-tree.js';
import type { TransferOptions } from './options.js';
import { walkRemote } from './remote-tree.js';
import { newContext, run, type TransferResult, type TransferSource } from './transfer.js';
import { downloadTree, localTargetOf } from './tree-download.js';
import { uploadTree } from './tree-upload.js';

export interface SyncOptions extends Omit<TransferOptions, 'overwrite' | 'existing'> {
  /** How a changed file is told: 'size-mtime' (default) or 'checksum' (MD5 of both sides when the sizes match). */
  compare?: SyncCompare;
  /** Also delete destination files (and, without filters, folders) that the source does not have. */
  deleteDestination?: boolean;
}

function syncContext(source: TransferSource, options: SyncOptions, direction: 'upload' | 'download'): TransferContext {
  const compare = options.compare ?? 'size-mtime';
  if (compare !== 'size-mtime' && compare !== 'checksum') throw new InvalidArgumentError(`compare must be 'size-mtime' or 'checksum', got ${String(compare)}`);
  return newContext(source, { ...options, existing: 'overwrite' }, direction, { syncCompare: compare });
}

/** Top-most entries of `extra` (relative paths), leaving out those below another one. */
function topMost(extra: string[]): string[] {
  const sorted = [...extra].sort();
  const out: string[] = [];
  for (const d of sorted) if (!out.some((p) => d.startsWith(p + '/'))) out.push(d);
  return out;
}

/** Every folder (relative) that holds the given files, plus the given empty folders. */
function foldersOf(files: string[], emptyDirs: string[]): Set<string> {
  const dirs = new Set(emptyDirs);
  for (const f of files) for (let i = f.indexOf('/'); i > 0; i = f.indexOf('/', i + 1)) dirs.add(f.slice(0, i));
  return dirs;
}

/** A local folder's content to a remote directory (created if needed). */
export async function syncUpload(source: TransferSource, localDir: string, remoteDir: string, options: SyncOptions = {}): Promise<TransferResult> {
  const ctx = syncContext(source, options, 'upload');
  return run(ctx, 'upload', async (signal) => {
    const local = resolve(localDir);
    const st = await stat(local).catch(() => { throw new NotFoundError('NOT_FOUND', `Local folder ${localDir} does not exist.`); });
    if (!st.isDirectory()) throw new InvalidArgumentError(`sync works on folders: ${localDir} is a file (use upload).`);
    const root = normalizePath(remoteDir);
    const { sourceFiles, existing } = await uploadTree(ctx, local, root, signal);
    if (options.deleteDestination) {
      const filtered = ctx.opts.include.length > 0 || ctx.opts.exclude.length > 0;
      const sourceDirs = filtered ? new Set<string>() : foldersOf(sourceFiles.map((f) => f.rel), (await walkLocal(local, signal)).emptyDirs);
      const extraDirs = filtered ? [] : topMost([...existing].filter(([rel, s]) => s.type === 'DIRECTORY' && !sourceDirs.has(rel)).map(([rel]) => rel));
      const sourceSet = new Set(sourceFiles.map((f) => f.rel));
      const keep = pathFilter(ctx.opts.include, ctx.opts.exclude);
      const extraFiles = [...existing].filter(([rel, s]) => s.type === 'FILE' && keep(rel) && !sourceSet.has(rel) && !extraDirs.some((d) => rel.startsWith(d + '/')));
      for (const [rel, s] of [...extraDirs.map((d) => [d, existing.get(d)!] as const), ...extraFiles]) {
        throwIfAborted(signal);
        if (ctx.opts.dryRun) {
          ctx.actions.push({ action: 'delete', source: s.path, target: s.path, size: s.length, reason: 'not in the source' });
          continue;
        }
        await ctx.remote.remove(joinPath(root, rel), { recursive: s.type === 'DIRECTORY', abortSignal: signal });
        ctx.counters.filesDeleted++;
      }
    }
    return root;
  });
}

/** A remote directory's content to a local folder (created if needed). */
export async function syncDownload(source: TransferSource, remoteDir: string, localDir: string, options: SyncOptions = {}): Promise<TransferResult> {
  const ctx = syncContext(source, options, 'download');
  return run(ctx, 'download', async (signal) => {
    const st = await ctx.remote.stat(remoteDir, { abortSignal: signal });
    if (!st) throw new NotFoundError('NOT_FOUND', `${normalizePath(remoteDir)} does not exist.`);
    if (st.type !== 'DIRECTORY') throw new InvalidArgumentError(`sync works on directories: ${st.path} is a file (use download).`);
    const local = resolve(localDir);
    const before = await stat(local).then((s) => s.isDirectory(), () => false) ? await walkLocal(local, signal) : { files: [], emptyDirs: [] };
    const sourceFiles = await downloadTree(ctx, st.path, local, signal);
    if (options.deleteDestination) {
      const filtered = ctx.opts.include.length > 0 || ctx.opts.exclude.length > 0;
      const remoteTree = filtered ? undefined : await walkRemote(ctx.remote, st.path, signal);
      const sourceDirs = new Set(remoteTree?.dirs ?? []);
      const localDirs = foldersOf(before.files.map((f) => f.rel), before.emptyDirs);
      const extraDirs = filtered ? [] : topMost([...localDirs].filter((d) => !sourceDirs.has(d)));
      const sourceSet = new Set(sourceFiles.map((f) => f.rel));
      const keep = pathFilter(ctx.opts.include, ctx.opts.exclude);
      const extraFiles = before.files.filter((f) => keep(f.rel) && !sourceSet.has(f.rel) && !extraDirs.some((d) => f.rel.startsWith(d + '/')));
      const doomed = [...extraDirs.map((d) => ({ rel: d, size: 0 })), ...extraFiles.map((f) => ({ rel: f.rel, size: f.size }))];
      for (const e of doomed) {
        throwIfAborted(signal);
        const path = localTargetOf(local, e.rel);
        if (ctx.opts.dryRun) {
          ctx.actions.push({ action: 'delete', source: path, target: path, size: e.size, reason: 'not in the source' });
          continue;
        }
        await rm(path, { recursive: true, force: true });
        ctx.counters.filesDeleted++;
      }
    }
    return local;
  });
}
