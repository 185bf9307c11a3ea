/** A remote directory to a local folder: plan every file (filters, existing targets, chunk sizes) before any data moves, then download. */
import { lstat, mkdir } from 'node:fs/promises';
import { join, sep } from 'node:path';
import { AlreadyExistsError, InvalidArgumentError, throwIfAborted } from '../errors.js';
import { forEachLimited } from './concurrency.js';
import type { TransferContext } from './context.js';
import { downloadFile } from './download-file.js';
import { decide } from './existing.js';
import { pathFilter } from './filter.js';
import { chunkSizeFor } from './options.js';
import { walkRemote, type RemoteFile } from './remote-tree.js';

/** The local path for a relative remote path; a hostile listing must not write outside the target folder. */
export function localTargetOf(localRoot: string, rel: string): string {
  const parts = rel.split('/');
  if (parts.some((p) => p === '' || p === '.' || p === '..' || p.includes(sep))) throw new InvalidArgumentError(`Refusing to download an entry named ${JSON.stringify(rel)}.`);
  return join(localRoot, ...parts);
}

export async function downloadTree(ctx: TransferContext, remoteRoot: string, localRoot: string, signal: AbortSignal): Promise<RemoteFile[]> {
  const { opts } = ctx;
  const keep = pathFilter(opts.include, opts.exclude);
  const tree = await walkRemote(ctx.remote, remoteRoot, signal);
  const files = tree.files.filter((f) => keep(f.rel));
  for (const f of files) chunkSizeFor(opts, f.path, f.size);
  ctx.progress.addTotals(files.length, files.reduce((n, f) => n + f.size, 0));
  const conflicts: string[] = [];
  for (const f of files) {
    throwIfAborted(signal);
    const e = await lstat(localTargetOf(localRoot, f.rel)).catch(() => undefined);
    if (!e) continue;
    if (e.isDirectory() || decide(f, { size: e.size, mtimeMs: Math.trunc(e.mtimeMs) }, opts) === 'conflict') conflicts.push(localTargetOf(localRoot, f.rel));
  }
  if (conflicts.length > 0 && !opts.dryRun) {
    throw new AlreadyExistsError('ALREADY_EXISTS', conflicts.length === 1
      ? `${conflicts[0]} already exists (use overwrite to replace it).`
      : `${conflicts.length} local file(s) already exist, e.g. ${conflicts[0]} (use overwrite to replace them, or skip to fetch only the new ones).`);
  }
  if (!opts.dryRun) {
    await mkdir(localRoot, { recursive: true });
    const dirs = opts.include.length > 0 ? [] : tree.dirs.filter((d) => keep(d));
    for (const d of dirs) await mkdir(localTargetOf(localRoot, d), { recursive: true });
  }
  await forEachLimited(files, opts.concurrency, async (f, s) => {
    const target = localTargetOf(localRoot, f.rel);
    if (await lstat(target).then((e) => e.isDirectory(), () => false)) {
      ctx.actions.push({ action: 'conflict', source: f.path, target, size: f.size, reason: 'target is a directory' });
      return;
    }
    await downloadFile(ctx, { remotePath: f.path, localPath: target, size: f.size, mtimeMs: f.mtimeMs }, s);
  }, signal);
  return files;
}
