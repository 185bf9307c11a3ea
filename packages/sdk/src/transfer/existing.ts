/**
 * What happens to one file whose target may already exist: decided from sizes and modification times
 * before any data moves, per the `existing` policy, `resume`, or a sync's comparison.
 */
import type { ResolvedOptions } from './options.js';

/** Size and modification time (ms since the epoch) of one side. */
export interface Side { size: number; mtimeMs: number }

/**
 * 'new': the target is missing; 'replace': send, replacing the target; 'compare': compare contents (MD5 of
 * both sides), send only if they differ; 'skip': leave the target; 'conflict': refuse (AlreadyExistsError).
 */
export type FileDecision = 'new' | 'replace' | 'compare' | 'skip' | 'conflict';

/** How a sync tells a changed file: size and modification time (azcopy sync's default), or content. */
export type SyncCompare = 'size-mtime' | 'checksum';

export function decide(source: Side, target: Side | undefined, opts: Pick<ResolvedOptions, 'existing' | 'resume' | 'syncCompare'>): FileDecision {
  if (!target) return 'new';
  if (opts.syncCompare === 'checksum') return source.size !== target.size ? 'replace' : 'compare';
  if (opts.syncCompare === 'size-mtime') return source.size !== target.size || source.mtimeMs > target.mtimeMs ? 'replace' : 'skip';
  switch (opts.existing) {
    case 'overwrite': return 'replace';
    case 'skip': return 'skip';
    case 'ifSourceNewer': return source.mtimeMs > target.mtimeMs ? 'replace' : 'skip';
    case 'fail':
      // A resumed run meets the targets an earlier run finished: same size is not enough to trust them.
      return opts.resume && source.size === target.size ? 'compare' : 'conflict';
  }
}

/** Why a file is skipped or sent, for dry runs and logs. */
export function reasonFor(d: FileDecision, opts: Pick<ResolvedOptions, 'existing' | 'syncCompare'>): string {
  switch (d) {
    case 'new': return 'target missing';
    case 'replace':
      if (opts.syncCompare) return 'changed (size or newer source)';
      return opts.existing === 'ifSourceNewer' ? 'source newer' : 'overwrite';
    case 'compare': return 'same size: contents compared';
    case 'skip':
      if (opts.syncCompare) return 'unchanged (same size, source not newer)';
      return opts.existing === 'skip' ? 'target exists' : 'target not older than source';
    case 'conflict': return 'target exists';
  }
}
