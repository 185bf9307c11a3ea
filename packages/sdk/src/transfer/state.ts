/**
 * Resume state: one versioned JSON file per file transfer, rewritten atomically (temp file + rename).
 * State lives in the user's own folder, never beside the source (which may be read-only):
 * `$ADLS_TRANSFER_STATE_DIR`, else `$ADLS_CONFIG_DIR/transfers`, else `~/.adls-gen1/transfers` (folder 0700,
 * files 0600, like the token cache), one file per (direction, account, remote path, local path), named by
 * their SHA-256. Format (version 2):
 *
 * ```json
 * { "version": 2, "kind": "upload", "account": "https://acct.azuredatalakestore.net",
 *   "remotePath": "/data/big.bin", "localPath": "/home/me/big.bin",
 *   "size": 1073741824, "mtimeMs": 1732550000000, "ctimeMs": 1732550000000.5, "chunkSize": 67108864,
 *   "segmentsDir": "/data/big.bin.segments.3f2a…", "done": [0, 1, 5], "offsets": { "2": 8388608 },
 *   "md5": { "0": "base64…" }, "updatedAt": "2026-11-25T16:20:00.000Z" }
 * ```
 *
 * `size`/`mtimeMs` describe the source (the local file for uploads, the remote file for downloads), and
 * `ctimeMs` the local file's change time for uploads (an edit moves it even when the modification time is
 * set back); a resume only trusts the state when they still match, and otherwise starts over. `offsets` holds, for
 * downloads, the bytes of an unfinished chunk already written (uploads ask the service: the length of a
 * segment file is what it acknowledged). `md5` holds per-chunk digests when verify is 'checksum'.
 * Unknown versions are ignored (the transfer starts over), never guessed at.
 */
import { createHash } from 'node:crypto';
import { mkdir, readFile, rename, rm, writeFile } from 'node:fs/promises';
import { homedir } from 'node:os';
import { basename, dirname, join } from 'node:path';

export const STATE_VERSION = 2;
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
  /** Uploads: the local file's change time (ctime), which an edit always moves. */
  ctimeMs?: number;
  chunkSize: number;
  /** Uploads split into segments: the remote temporary folder holding them. */
  segmentsDir?: string;
  /** Indexes of finished chunks. */
  done: number[];
  /** Downloads: bytes already written at the start of unfinished chunks, by chunk index. */
  offsets?: Record<string, number>;
  /** Per-chunk MD5 (base64), by chunk index, when verifying checksums. */
  md5?: Record<string, string>;
  updatedAt: string;
}

/** The default folder for resume state (see the file comment). */
export function defaultStateDir(env: NodeJS.ProcessEnv = process.env): string {
  if (env.ADLS_TRANSFER_STATE_DIR) return env.ADLS_TRANSFER_STATE_DIR;
  return join(env.ADLS_CONFIG_DIR || join(homedir(), '.adls-gen1'), 'transfers');
}

/** Where the state of one transfer lives: in `stateDir` (default: `defaultStateDir()`), under a hashed name. */
export function statePathFor(kind: 'upload' | 'download', localPath: string, remotePath: string, account: string, stateDir = defaultStateDir()): string {
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
export function stateMatches(s: TransferState, want: Pick<TransferState, 'kind' | 'account' | 'remotePath' | 'localPath' | 'size' | 'mtimeMs' | 'ctimeMs'>): boolean {
  return s.kind === want.kind && s.account === want.account && s.remotePath === want.remotePath &&
    s.localPath === want.localPath && s.size === want.size && s.mtimeMs === want.mtimeMs && s.ctimeMs === want.ctimeMs;
}

/** A state with no chunk done yet. */
export function freshState(want: Omit<TransferState, 'version' | 'chunkSize' | 'done' | 'updatedAt'>, chunkSize: number): TransferState {
  return { version: STATE_VERSION, ...want, chunkSize, done: [], updatedAt: new Date().toISOString() };
}

/** How often, at most, the bytes of unfinished chunks are written down (finished chunks are written at once). */
const PROGRESS_SAVE_MS = 250;

/**
 * Owns one state file: records finished chunks (and how far unfinished ones got) and writes the file
 * atomically, one write at a time (chunks finish concurrently; the last write always carries every chunk
 * finished so far).
 */
export class StateFile {
  private writing: Promise<void> = Promise.resolve();
  private readonly doneSet: Set<number>;
  private timer: NodeJS.Timeout | undefined;
  private closed = false;

  constructor(readonly path: string, readonly state: TransferState) {
    this.doneSet = new Set(state.done);
  }

  isDone(index: number): boolean { return this.doneSet.has(index); }

  /** Bytes already in place at the start of an unfinished chunk (downloads). */
  offsetOf(index: number): number { return this.state.offsets?.[String(index)] ?? 0; }

  /** Drops a chunk the local or remote side no longer holds (checked on resume). */
  forget(index: number): void {
    this.doneSet.delete(index);
    if (this.state.md5) delete this.state.md5[String(index)];
    if (this.state.offsets) delete this.state.offsets[String(index)];
  }

  async markDone(index: number, md5?: string): Promise<void> {
    this.doneSet.add(index);
    if (md5) (this.state.md5 ??= {})[String(index)] = md5;
    if (this.state.offsets) delete this.state.offsets[String(index)];
    await this.save();
  }

  /** Notes that the first `bytes` of an unfinished chunk are in place; written down within PROGRESS_SAVE_MS. */
  noteOffset(index: number, bytes: number): void {
    (this.state.offsets ??= {})[String(index)] = bytes;
    if (this.timer || this.closed) return;
    this.timer = setTimeout(() => { this.timer = undefined; void this.save().catch(() => {}); }, PROGRESS_SAVE_MS);
    this.timer.unref();
  }

  save(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    if (this.closed) return this.writing;
    this.state.done = [...this.doneSet].sort((a, b) => a - b);
    this.state.updatedAt = new Date().toISOString();
    const text = JSON.stringify(this.state);
    this.writing = this.writing.catch(() => {}).then(async () => {
      if (this.closed) return;
      await ensurePrivateDir(dirname(this.path));
      const tmp = `${this.path}.${process.pid}.tmp`;
      await writeFile(tmp, text, { mode: 0o600 });
      await rename(tmp, this.path);
    });
    return this.writing;
  }

  /** The transfer is complete: the state goes away, and no pending write brings it back. */
  async remove(): Promise<void> {
    if (this.timer) { clearTimeout(this.timer); this.timer = undefined; }
    this.closed = true;
    await this.writing.catch(() => {});
    await rm(this.path, { force: true });
  }
}

/** Creates the state folder for this user only (0700); an existing folder (perhaps a given stateDir) is left as it is. */
async function ensurePrivateDir(dir: string): Promise<void> {
  await mkdir(dir, { recursive: true, mode: 0o700 });
}

/** True for files a tree transfer must never pick up as data: our own state and partial files. */
export function isTransferArtifact(name: string): boolean {
  return name.endsWith(STATE_SUFFIX) || name.endsWith(PARTIAL_SUFFIX) || /\.adls-transfer\.json\.\d+\.tmp$/.test(name);
}
