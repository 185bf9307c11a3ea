/**
 * Resume state: one versioned JSON file per file transfer, rewritten atomically (temp file + rename)
 * after every finished chunk. Format (version 1):
 *
 * ```json
 * { "version": 1, "kind": "upload", "account": "https://acct.azuredatalakestore.net",
 *   "remotePath": "/data/big.bin", "localPath": "/home/me/big.bin",
 *   "size": 1073741824, "mtimeMs": 1732550000000, "chunkSize": 67108864,
 *   "segmentsDir": "/data/big.bin.segments.3f2a…", "done": [0, 1, 5],
 *   "md5": { "0": "base64…" }, "updatedAt": "2026-11-25T16:20:00.000Z" }
 * ```
 *
 * `size`/`mtimeMs` describe the source (the local file for uploads, the remote file for downloads); a
 * resume only trusts the state when they still match. `md5` holds per-chunk digests when verify is
 * 'checksum'. Unknown versions are ignored (the transfer starts over), never guessed at.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { basename, dirname, join } from 'node:path';

export const STATE_VERSION = 1;
export const STATE_SUFFIX = '.adls-transfer.json';
export const PARTIAL_SUFFIX = '.adls-partial';

export interface TransferState {
  version: typeof STATE_VERSION;
  kind: 'upload' | 'download';
  account: string;
  remotePath: string;
  localPath: string;
  size: number;
  mtimeMs: number;
  chunkSize: number;
  /** Uploads split into segments: the remote temporary folder holding them. */
  segmentsDir?: string;
  /** Indexes of finished chunks. */
  done: number[];
  /** Per-chunk MD5 (base64), by chunk index, when verifying checksums. */
  md5?: Record<string, string>;
  updatedAt: string;
}

/** Where the state of one transfer lives: next to the local file, or in `stateDir` under a hashed name. */
export function statePathFor(kind: 'upload' | 'download', localPath: string, remotePath: string, account: string, stateDir?: string): string {
  if (!stateDir) return localPath + STATE_SUFFIX;
  const key = createHash('sha256').update(`${kind}\n${account}\n${remotePath}\n${localPath}`).digest('hex').slice(0, 32);
  return join(stateDir, `${basename(localPath)}.${key}${STATE_SUFFIX}`);
}

/** Reads a state file; undefined when missing, unreadable or of another version. */
export async function loadState(path: string): Promise<TransferState | undefined> {
  let text: string;
  try { text = await readFile(path, 'utf8'); } catch { return undefined; }
  try {
    const s = JSON.parse(text) as TransferState;
    if (s?.version !== STATE_VERSION || !Array.isArray(s.done) || typeof s.size !== 'number' || typeof s.chunkSize !== 'number') return undefined;
    return s;
  } catch {
    return undefined;
  }
}

/** Whether a loaded state belongs to this transfer and its source is unchanged. */
export function stateMatches(s: TransferState, want: Pick<TransferState, 'kind' | 'account' | 'remotePath' | 'localPath' | 'size' | 'mtimeMs'>): boolean {
  return s.kind === want.kind && s.account === want.account && s.remotePath === want.remotePath &&
    s.localPath === want.localPath && s.size === want.size && s.mtimeMs === want.mtimeMs;
}

/**
 * Owns one state file: records finished chunks and writes the file atomically, one write at a time
 * (chunks finish concurrently; the last write always carries every chunk finished so far).
 */
/** A state with no chunk done yet. */
export function freshState(want: Omit<TransferState, 'version' | 'chunkSize' | 'done' | 'updatedAt'>, chunkSize: number): TransferState {
  return { version: STATE_VERSION, ...want, chunkSize, done: [], updatedAt: new Date().toISOString() };
}

export class StateFile {
  private writing: Promise<void> = Promise.resolve();
  private readonly doneSet: Set<number>;

  constructor(readonly path: string, readonly state: TransferState) {
    this.doneSet = new Set(state.done);
  }

  isDone(index: number): boolean { return this.doneSet.has(index); }

  /** Drops a chunk the remote side no longer holds (checked on resume). */
  forget(index: number): void {
    this.doneSet.delete(index);
    if (this.state.md5) delete this.state.md5[String(index)];
  }

  async markDone(index: number, md5?: string): Promise<void> {
    this.doneSet.add(index);
    if (md5) (this.state.md5 ??= {})[String(index)] = md5;
    await this.save();
  }

  save(): Promise<void> {
    this.state.done = [...this.doneSet].sort((a, b) => a - b);
    this.state.updatedAt = new Date().toISOString();
    const text = JSON.stringify(this.state);
    this.writing = this.writing.catch(() => {}).then(async () => {
      await mkdir(dirname(this.path), { recursive: true });
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, text);
      await rename(tmp, this.path);
    });
    return this.writing;
  }

  async remove(): Promise<void> {
    await this.writing.catch(() => {});
    await rm(this.path, { force: true });
  }
}

/** True for files a tree transfer must never pick up as data: our own state and partial files. */
export function isTransferArtifact(name: string): boolean {
  return name.endsWith(STATE_SUFFIX) || name.endsWith(PARTIAL_SUFFIX) || /\.adls-transfer\.json\.\d+\.tmp$/.test(name);
}
