/**
 * Segment folders (`{target}.segments.{32 hex}`) that interrupted uploads leave behind: a successful upload
 * (or resume) removes its own with the MSCONCAT; these are what was never resumed.
 */
import { throwIfAborted } from '../errors.js';
import { joinPath, normalizePath } from '../filesystem/paths.js';
import type { TransferRemote } from './remote.js';
import { remoteFromClient } from './remote.js';
import { DataLakeFileSystemClient } from '../filesystem/client.js';

export interface LeftoverSegments {
  /** The segments folder. */
  path: string;
  /** The file the interrupted upload was writing. */
  target: string;
  /** Segment files in it, and their bytes. */
  files: number;
  bytes: number;
  /** Last modification (ms since the epoch) of the folder or any segment in it. */
  modificationTime: number;
}

const SEGMENTS = /^(.*)\.segments\.[0-9a-f]{32}$/;

/** Every segments folder at or below `path` (depth first, all pages). */
export async function findLeftoverSegments(source: DataLakeFileSystemClient | TransferRemote, path = '/', opts: { abortSignal?: AbortSignal } = {}): Promise<LeftoverSegments[]> {
  const remote = source instanceof DataLakeFileSystemClient ? remoteFromClient(source) : source;
  const signal = opts.abortSignal;
  const found: LeftoverSegments[] = [];
  async function describe(dir: string, name: string, mtime: number): Promise<void> {
    const m = SEGMENTS.exec(name)!;
    let files = 0;
    let bytes = 0;
    let latest = mtime;
    for await (const s of remote.list(dir, { abortSignal: signal })) {
      files++;
      bytes += s.length;
      latest = Math.max(latest, s.modificationTime);
    }
    found.push({ path: dir, target: joinPath(dir.slice(0, dir.length - name.length), m[1]), files, bytes, modificationTime: latest });
  }
  async function visit(dir: string): Promise<void> {
    throwIfAborted(signal);
    for await (const s of remote.list(dir, { abortSignal: signal })) {
      if (s.type !== 'DIRECTORY') continue;
      const child = joinPath(dir, s.name);
      if (SEGMENTS.test(s.name)) await describe(child, s.name, s.modificationTime);
      else await visit(child);
    }
  }
  const root = normalizePath(path);
  const st = await remote.stat(root, { abortSignal: signal });
  if (st?.type === 'DIRECTORY') {
    const name = root.slice(root.lastIndexOf('/') + 1);
    if (SEGMENTS.test(name)) await describe(root, name, st.modificationTime);
    else await visit(root);
  }
  return found;
}
