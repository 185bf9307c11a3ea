/** What every file of one transfer shares: the remote, the options, the slot semaphore, the progress and the counters. */
import type { BufferPool } from './buffer-pool.js';
import type { ResolvedOptions } from './options.js';
import type { ProgressTracker } from './progress.js';
import type { Semaphore } from './concurrency.js';
import type { TransferRemote } from './remote.js';

export interface TransferCounters {
  /** Files written (uploaded or downloaded) by this run. */
  files: number;
  /** Files left alone: the target was already there and complete, unchanged, or not to be replaced. */
  filesSkipped: number;
  /** Of those, the files whose target was compared by content (MD5 of both sides) and found identical. */
  filesCompared: number;
  /** Bytes of the transferred files, in total. */
  bytes: number;
  /** Bytes actually moved by this run (excludes chunks finished by an earlier run). */
  bytesTransferred: number;
  /** Chunks moved by this run. */
  chunksTransferred: number;
  /** Chunks found finished in resume state and not sent again. */
  chunksResumed: number;
  /** Bytes an earlier run had already moved (finished chunks and the acknowledged start of unfinished ones). */
  bytesResumed: number;
  /** Files deleted from the destination (sync with deleteDestination). */
  filesDeleted: number;
}

/** One line of a plan: what a (dry) run does with one file. */
export interface PlannedAction {
  action: 'send' | 'skip' | 'conflict' | 'delete';
  /** Source path (local for uploads, remote for downloads); for 'delete', the destination path. */
  source: string;
  target: string;
  size: number;
  reason: string;
}

export interface TransferContext {
  remote: TransferRemote;
  opts: ResolvedOptions;
  /** Chunk slots shared by all files (size = concurrency). */
  slots: Semaphore;
  progress: ProgressTracker;
  counters: TransferCounters;
  /** Piece buffers for upload bodies (two per request in flight at most). */
  buffers: BufferPool;
  /** Dry runs: what would happen to each file, in order. */
  actions: PlannedAction[];
}

export function newCounters(): TransferCounters {
  return { files: 0, filesSkipped: 0, filesCompared: 0, bytes: 0, bytesTransferred: 0, chunksTransferred: 0, chunksResumed: 0, bytesResumed: 0, filesDeleted: 0 };
}
