// What `adls fs` commands print: long listing rows, status values, and the --json results of write commands.
import type { AclStatus, FileStatus } from 'adls-gen1';
import type { FsBackend } from '../fs-backend.js';

/** The --json result of a write command: each item's status after the change. */
export async function statAll(fs: Pick<FsBackend, 'stat'>, paths: string[]): Promise<FileStatus[]> {
  const out: FileStatus[] = [];
  for (const p of paths) out.push(await fs.stat(p));
  return out;
}

export async function aclAll(fs: Pick<FsBackend, 'getAclStatus'>, items: FileStatus[]): Promise<({ path: string } & AclStatus)[]> {
  const out: ({ path: string } & AclStatus)[] = [];
  for (const s of items) out.push({ path: s.path, ...(await fs.getAclStatus(s.path)) });
  return out;
}

/** cat/head/tail --json: text when the bytes are valid UTF-8, else base64. */
export function contentObject(path: string, bytes: Buffer): { path: string; length: number; encoding: 'utf8' | 'base64'; content: string } {
  const text = new TextDecoder('utf-8', { fatal: true });
  try {
    return { path, length: bytes.length, encoding: 'utf8', content: text.decode(bytes) };
  } catch {
    return { path, length: bytes.length, encoding: 'base64', content: bytes.toString('base64') };
  }
}

/** Times (epoch ms in FileStatus) as ISO dates for people (--json does the same, see output.ts). */
export function statValue(key: string, v: unknown): string {
  if (typeof v === 'number' && /time$/i.test(key)) return v > 0 ? new Date(v).toISOString() : String(v);
  return String(v);
}

export function longRow(s: FileStatus): string[] {
  const perm = (s.type === 'DIRECTORY' ? 'd' : '-') + rwx(s.permission) + (s.aclBit ? '+' : '');
  return [perm, s.owner, s.group, String(s.length), new Date(s.modificationTime).toISOString(), s.path];
}

function rwx(permission: string): string {
  return permission.slice(-3).split('').map((d) => {
    const n = Number(d);
    return (n & 4 ? 'r' : '-') + (n & 2 ? 'w' : '-') + (n & 1 ? 'x' : '-');
  }).join('');
}
