/** Lists a local folder for upload: files (with sizes and mtimes) and empty folders, in a stable order. */
import { readdir, stat } from 'node:fs/promises';
import { join } from 'node:path';
import { throwIfAborted } from '../errors.js';
import { isTransferArtifact } from './state.js';

export interface LocalFile {
  /** Absolute local path. */
  path: string;
  /** Path relative to the root, with `/` separators. */
  rel: string;
  size: number;
  mtimeMs: number;
}

export interface LocalTree {
  files: LocalFile[];
  /** Folders (relative, `/`-separated) that hold no files at any depth; they become MKDIRS calls. */
  emptyDirs: string[];
}

/**
 * Walks `root` depth-first. Symbolic links to files are followed; links to folders are not (no cycles).
 * Our own state and partial files are skipped.
 */
export async function walkLocal(root: string, signal?: AbortSignal): Promise<LocalTree> {
  const files: LocalFile[] = [];
  const emptyDirs: string[] = [];
  async function visit(dir: string, rel: string): Promise<boolean> {
    throwIfAborted(signal);
    const entries = (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
    let holdsFiles = false;
    for (const e of entries) {
      const path = join(dir, e.name);
      const childRel = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) {
        if (await visit(path, childRel)) holdsFiles = true;
        continue;
      }
      if (isTransferArtifact(e.name)) continue;
      let isFile = e.isFile();
      if (e.isSymbolicLink()) isFile = await stat(path).then((s) => s.isFile(), () => false);
      if (!isFile) continue;
      const s = await stat(path);
      files.push({ path, rel: childRel, size: s.size, mtimeMs: Math.trunc(s.mtimeMs) });
      holdsFiles = true;
    }
    if (!holdsFiles && rel) emptyDirs.push(rel);
    return holdsFiles;
  }
  await visit(root, '');
  return { files, emptyDirs };
}
