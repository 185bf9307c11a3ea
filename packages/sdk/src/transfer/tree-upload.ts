/** A local folder to a remote directory: plan every file (filters, existing targets, chunk sizes) before any data moves, then upload. */
import { AlreadyExistsError } from '../errors.js';
import { joinPath } from '../filesystem/paths.js';
import type { FileStatus } from '../filesystem/types.js';
import { forEachLimited } from './concurrency.js';
import type { TransferContext } from './context.js';
import { decide } from './existing.js';
import { pathFilter } from './filter.js';
import { walkLocal, type LocalFile } from './local-tree.js';
import { chunkSizeFor } from './options.js';
import { walkRemote } from './remote-tree.js';
import { uploadFile } from './upload-file.js';

export interface UploadTreeResult {
  /** Relative paths of the files sent or considered (after filters). */
  sourceFiles: LocalFile[];
  /** Everything under the remote root before this run (relative path → status). */
  existing: Map<string, FileStatus>;
}

export async function uploadTree(ctx: TransferContext, root: string, remoteRoot: string, signal: AbortSignal): Promise<UploadTreeResult> {
  const { remote, opts } = ctx;
  const keep = pathFilter(opts.include, opts.exclude);
  const tree = await walkLocal(root, signal);
  const files = tree.files.filter((f) => keep(f.rel));
  for (const f of files) chunkSizeFor(opts, f.path, f.size);
  ctx.progress.addTotals(files.length, files.reduce((n, f) => n + f.size, 0));
  const rootStatus = await remote.stat(remoteRoot, { abortSignal: signal });
  if (rootStatus?.type === 'FILE') throw new AlreadyExistsError('ALREADY_EXISTS', `Upload target ${remoteRoot} is a file, not a directory.`);
  const existing = new Map<string, FileStatus>();
  if (rootStatus) {
    const r = await walkRemote(remote, remoteRoot, signal);
    for (const f of r.files) existing.set(f.rel, { type: 'FILE', length: f.size, modificationTime: f.mtimeMs, path: joinPath(remoteRoot, f.rel) } as FileStatus);
    for (const d of r.dirs) existing.set(d, { type: 'DIRECTORY', length: 0, path: joinPath(remoteRoot, d) } as FileStatus);
  }
  // Every conflict is reported before any data moves (a dry run lists them instead).
  const conflicts = files.filter((f) => {
    const e = existing.get(f.rel);
    if (!e) return false;
    return e.type === 'DIRECTORY' || decide(f, { size: e.length, mtimeMs: e.modificationTime }, opts) === 'conflict';
  });
  if (conflicts.length > 0 && !opts.dryRun) {
    const e = existing.get(conflicts[0].rel)!;
    const what = e.type === 'DIRECTORY' ? 'is a directory' : 'already exists (use overwrite to replace it)';
    throw new AlreadyExistsError('ALREADY_EXISTS', conflicts.length === 1
      ? `${joinPath(remoteRoot, conflicts[0].rel)} ${what}.`
      : `${conflicts.length} target file(s) already exist, e.g. ${joinPath(remoteRoot, conflicts[0].rel)} (use overwrite to replace them, or skip to send only the new ones).`);
  }
  if (!opts.dryRun) {
    if (!rootStatus) await remote.mkdir(remoteRoot, { abortSignal: signal });
    const emptyDirs = opts.include.length > 0 ? [] : tree.emptyDirs.filter((d) => keep(d));
    for (const d of emptyDirs) if (!existing.has(d)) await remote.mkdir(joinPath(remoteRoot, d), { abortSignal: signal });
  }
  await forEachLimited(files, opts.concurrency, async (f, s) => {
    const target = existing.get(f.rel);
    if (target?.type === 'DIRECTORY') {
      ctx.actions.push({ action: 'conflict', source: f.path, target: target.path, size: f.size, reason: 'target is a directory' });
      return;
    }
    await uploadFile(ctx, { localPath: f.path, remotePath: joinPath(remoteRoot, f.rel), size: f.size, mtimeMs: f.mtimeMs, target: target ?? null }, s);
  }, signal);
  return { sourceFiles: files, existing };
}
