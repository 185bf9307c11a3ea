// What the `adls fs` commands need from a filesystem: Gen1's DataLakeFileSystemClient has it, and so does the
// Gen2 adapter (gen2/filesystem.ts), so one command implementation serves adl:// and abfss:// paths.
import type { Readable } from 'node:stream';
import type { AclStatus, DiskUsage, ExpiryOption, FileStatus } from 'adls-gen1';

interface Names { tooId?: boolean }

export interface FsBackend {
  ls(path: string, options?: Names): Promise<FileStatus[]>;
  walk(path: string, options?: Names & { includeDirectories?: boolean }): AsyncIterable<FileStatus>;
  stat(path: string, options?: Names): Promise<FileStatus>;
  du(path: string): Promise<DiskUsage>;
  mkdir(path: string, options?: { permission?: string | number }): Promise<void>;
  rm(path: string, options?: { recursive?: boolean }): Promise<void>;
  mv(src: string, dst: string, options?: { overwrite?: boolean }): Promise<void>;
  touch(path: string): Promise<void>;
  cat(path: string): Promise<Readable>;
  head(path: string, options?: { bytes?: number }): Promise<Buffer>;
  tail(path: string, options?: { bytes?: number }): Promise<Buffer>;
  chmod(path: string, permission: string | number): Promise<void>;
  chown(path: string, owner: { owner?: string; group?: string }): Promise<void>;
  getAclStatus(path: string, options?: Names): Promise<AclStatus>;
  setAcl(path: string, spec: string): Promise<void>;
  modifyAclEntries(path: string, spec: string): Promise<void>;
  removeAclEntries(path: string, spec: string): Promise<void>;
  removeAcl(path: string): Promise<void>;
  removeDefaultAcl(path: string): Promise<void>;
  concat(target: string, sources: string[], options?: { deleteSourceDirectory?: boolean }): Promise<void>;
  setExpiry(path: string, option: ExpiryOption, time?: number): Promise<void>;
  close(): Promise<void>;
}
