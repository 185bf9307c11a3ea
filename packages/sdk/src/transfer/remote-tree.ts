/** Lists a remote folder for download (or for an upload's conflict check), depth first, all pages. */
import { throwIfAborted } from '../errors.js';
import { joinPath } from '../filesystem/paths.js';
import type { TransferRemote } from './remote.js';

export interface RemoteFile {
  path: string;
  /** Path relative to the root, `/`-separated. */
  rel: string;
  size: number;
  mtimeMs: number;
}

export interface RemoteTree {
  files: RemoteFile[];
  /** Every folder below the root (relative), so that empty ones are recreated too. */
  dirs: string[];
}

export async function walkRemote(remote: TransferRemote, root: string, signal?: AbortSignal): Promise<RemoteTree> {
  const files: RemoteFile[] = [];
  const dirs: string[] = [];
  async function visit(dir: string, rel: string): Promise<void> {
    throwIfAborted(signal);
    const subdirs: [string, string][] = [];
    for await (const s of remote.list(dir, { abortSignal: signal })) {
      const childRel = rel ? `${rel}/${s.name}` : s.name;
      if (s.type === 'DIRECTORY') subdirs.push([joinPath(dir, s.name), childRel]);
      else files.push({ path: joinPath(dir, s.name), rel: childRel, size: s.length, mtimeMs: s.modificationTime });
    }
    for (const [path, childRel] of subdirs) {
      dirs.push(childRel);
      await visit(path, childRel);
    }
  }
  await visit(root, '');
  return { files, dirs };
}
