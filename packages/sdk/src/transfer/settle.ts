/** Turns a file's decision into "send it" or "leave it": compares contents when asked, records dry runs and skips. */
import { AlreadyExistsError } from '../errors.js';
import { sameContent } from './compare.js';
import type { TransferContext } from './context.js';
import { reasonFor, type FileDecision } from './existing.js';

export interface FilePair {
  localPath: string;
  remotePath: string;
  size: number;
  direction: 'upload' | 'download';
}

/**
 * Returns 'send' when the file must be transferred (replacing the target unless the decision is 'new'),
 * 'skip' when it is left alone (counted and credited to the progress), or 'planned' in a dry run.
 */
export async function settle(ctx: TransferContext, d: FileDecision, f: FilePair, signal: AbortSignal): Promise<'send' | 'skip' | 'planned'> {
  const [source, target] = f.direction === 'upload' ? [f.localPath, f.remotePath] : [f.remotePath, f.localPath];
  let reason = reasonFor(d, ctx.opts);
  let send = d === 'new' || d === 'replace';
  if (d === 'conflict') {
    if (!ctx.opts.dryRun) throw new AlreadyExistsError('ALREADY_EXISTS', `${target} already exists (use overwrite to replace it).`);
    ctx.actions.push({ action: 'conflict', source, target, size: f.size, reason });
    return 'planned';
  }
  if (d === 'compare') {
    send = !(await sameContent(ctx, f.localPath, f.remotePath, f.size, signal));
    reason = send ? 'content differs' : 'identical content';
  }
  if (ctx.opts.dryRun) {
    ctx.actions.push({ action: send ? 'send' : 'skip', source, target, size: f.size, reason });
    return 'planned';
  }
  if (send) return 'send';
  ctx.progress.chunkDone(`${f.localPath}#all`, f.size);
  ctx.progress.fileDone();
  ctx.counters.filesSkipped++;
  if (d === 'compare') ctx.counters.filesCompared++;
  return 'skip';
}
