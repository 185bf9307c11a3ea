// The fs commands' backend for a Gen2 file system, over Microsoft's DataLake SDK: paths, listings, ACLs and
// reads in the toolkit's Gen1 shapes (status.ts), failures as its typed errors (errors.ts).
import type { Readable } from 'node:stream';
import type { Agent } from 'node:https';
import { AlreadyExistsError, InvalidArgumentError, NotFoundError, formatAclEntry, normalizePath, type AclStatus, type DiskUsage, type ExpiryOption, type FileStatus } from 'adls-gen1';
import type { DataLakeFileSystemClient, FileExpiryMode, PathMoveOptions } from '@azure/storage-file-datalake';
import { CliError, EXIT } from '../exit.js';
import type { FsBackend } from '../fs-backend.js';
import { call } from './errors.js';
import { aclStatusOf, entryKey, entryToAclItem, octalToPermissions, parseSpec, statusFromListEntry, statusFromProperties } from './status.js';

interface Names { tooId?: boolean }

/** Paths inside the file system as the SDK takes them: relative, without a leading slash ('' is the root). */
const rel = (path: string) => normalizePath(path).slice(1);
const upn = (o: Names = {}) => o.tooId === false;
const EXPIRY: Record<ExpiryOption, FileExpiryMode> = {
  NeverExpire: 'NeverExpire', RelativeToNow: 'RelativeToNow', RelativeToCreationDate: 'RelativeToCreation', Absolute: 'Absolute',
};

export class Gen2FileSystem implements FsBackend {
  constructor(readonly client: DataLakeFileSystemClient, private readonly agent?: Agent) {}

  async close(): Promise<void> {
    this.agent?.destroy();
  }

  async stat(path: string, options: Names = {}): Promise<FileStatus> {
    const p = normalizePath(path);
    if (p === '/') return this.rootStatus(options);
    const context = `GETFILESTATUS ${p}`;
    const status = statusFromProperties(p, await call(context, () => this.client.getFileClient(rel(p)).getProperties()));
    if (upn(options)) {
      // Path properties come from the Blob API, which has no user principal names: the DFS access control has.
      const names = await call(context, () => this.client.getDirectoryClient(rel(p)).getAccessControl({ userPrincipalName: true }));
      status.owner = names.owner ?? status.owner;
      status.group = names.group ?? status.group;
    }
    return status;
  }

  /** The file system's root: its times from the file system's properties, its owner and mode from its ACL. */
  private async rootStatus(options: Names): Promise<FileStatus> {
    const props = await call('GETFILESTATUS /', () => this.client.getProperties());
    const acl = await this.client.getDirectoryClient('').getAccessControl({ userPrincipalName: upn(options) }).catch(() => undefined);
    const status = acl ? aclStatusOf(acl) : undefined;
    const time = props.lastModified?.getTime() ?? 0;
    return {
      name: '', path: '/', type: 'DIRECTORY', length: 0, owner: status?.owner ?? '', group: status?.group ?? '',
      permission: status?.permission ?? '0', modificationTime: time, accessTime: time, blockSize: 0, replication: 1,
      aclBit: (status?.entries.filter((e) => !e.startsWith('default:')).length ?? 0) > 3,
    };
  }

  /** One directory's entries (a file lists as itself), all pages. */
  async ls(path: string, options: Names = {}): Promise<FileStatus[]> {
    const root = await this.stat(path, options);
    if (root.type === 'FILE') return [root];
    const out: FileStatus[] = [];
    for await (const s of this.list(root.path, false, options)) out.push(s);
    return out;
  }

  /** Everything below `path`, from one recursive listing (the service pages it); files only unless includeDirectories. */
  async *walk(path: string, options: Names & { includeDirectories?: boolean } = {}): AsyncIterable<FileStatus> {
    for await (const s of this.list(normalizePath(path), true, options)) {
      if (s.type === 'FILE' || options.includeDirectories) yield s;
    }
  }

  private async *list(dir: string, recursive: boolean, options: Names): AsyncIterable<FileStatus> {
    const pages = this.client.listPaths({ path: rel(dir) || undefined, recursive, userPrincipalName: upn(options) }).byPage({ maxPageSize: 5000 });
    const context = `LISTSTATUS ${dir}`;
    for (;;) {
      const page = await call(context, () => pages.next());
      if (page.done) return;
      for (const p of page.value.pathItems ?? []) yield statusFromListEntry(p);
    }
  }

  async du(path: string): Promise<DiskUsage> {
    const root = await this.stat(path);
    const usage: DiskUsage = { path: root.path, length: 0, fileCount: 0, directoryCount: 0, children: [] };
    if (root.type === 'FILE') {
      Object.assign(usage, { length: root.length, fileCount: 1 });
      usage.children.push({ path: root.path, type: 'FILE', length: root.length });
      return usage;
    }
    usage.directoryCount = 1;
    const top = new Map<string, { path: string; type: FileStatus['type']; length: number }>();
    const prefix = root.path === '/' ? '/' : root.path + '/';
    for await (const s of this.list(root.path, true, {})) {
      const child = prefix + s.path.slice(prefix.length).split('/')[0];
      if (!top.has(child)) top.set(child, { path: child, type: child === s.path ? s.type : 'DIRECTORY', length: 0 });
      if (s.type === 'DIRECTORY') usage.directoryCount++;
      else {
        usage.fileCount++;
        usage.length += s.length;
        top.get(child)!.length += s.length;
      }
    }
    usage.children.push(...top.values());
    return usage;
  }

  async mkdir(path: string, options: { permission?: string | number } = {}): Promise<void> {
    const p = normalizePath(path);
    // The root is the file system itself: `mkdir abfss://fs@account/` creates it when missing (as Hadoop's
    // fs.azure.createRemoteFileSystemDuringInitialization does); an existing one is fine, like an existing directory.
    if (p === '/') return void (await call('MKDIRS /', () => this.client.createIfNotExists()));
    const permission = options.permission === undefined ? undefined : String(options.permission).padStart(4, '0');
    // An explicit mode is taken as is (umask 0); otherwise the service's default umask applies, as for Gen1's MKDIRS.
    await call(`MKDIRS ${p}`, async () => {
      const r = await this.client.getDirectoryClient(rel(p)).createIfNotExists({ permissions: permission, umask: permission ? '0000' : undefined });
      if (!r.succeeded) {
        const s = await this.stat(p);
        if (s.type !== 'DIRECTORY') throw new AlreadyExistsError('ALREADY_EXISTS', `MKDIRS ${p}: a file of that name exists`, { status: 409 });
        if (permission) await this.chmod(p, permission);
      }
    });
  }

  async rm(path: string, options: { recursive?: boolean } = {}): Promise<void> {
    const p = normalizePath(path);
    if (p === '/') throw new InvalidArgumentError('Refusing to delete the root directory.');
    const s = await this.stat(p);
    const context = `DELETE ${p}`;
    if (s.type === 'FILE') await call(context, () => this.client.getFileClient(rel(p)).delete());
    else await call(context, () => this.client.getDirectoryClient(rel(p)).delete(options.recursive === true));
  }

  /** Rename; as on Gen1 (HDFS), a move onto an existing directory puts the source inside it. */
  async mv(src: string, dst: string, options: { overwrite?: boolean } = {}): Promise<void> {
    const s = normalizePath(src);
    let d = normalizePath(dst);
    const context = `RENAME ${s} → ${d}`;
    const target = await this.stat(d).catch((e: unknown) => { if (e instanceof NotFoundError) return undefined; throw e; });
    if (target?.type === 'DIRECTORY') d = (d === '/' ? '' : d) + '/' + s.slice(s.lastIndexOf('/') + 1);
    else if (target && !options.overwrite) throw new AlreadyExistsError('ALREADY_EXISTS', `${context}: destination exists`, { status: 409 });
    const conditions = options.overwrite ? {} : { destinationConditions: { ifNoneMatch: '*' } };
    await call(context, () => this.moveFile(s, d, conditions));
  }

  /** One rename through the SDK (no HDFS rules): `conditions` as the SDK's move() takes them. */
  moveFile(src: string, dst: string, conditions: PathMoveOptions): Promise<unknown> {
    return this.client.getFileClient(rel(src)).move(this.moveFileSystem(), rel(dst), conditions);
  }

  /**
   * The "file system" to give the SDK's move(): it builds the destination URL as `/{fileSystem}/{path}` on the
   * endpoint's origin, which drops the account of a path-style URL (`https://127.0.0.1:PORT/{account}/{fs}`), so
   * there the account goes with it.
   */
  private moveFileSystem(): string {
    const segments = new URL(this.client.url).pathname.split('/').filter(Boolean);
    return segments.length >= 2 ? segments.map(decodeURIComponent).join('/') : this.client.name;
  }

  /** Creates an empty file, or (flushing at its length) updates an existing file's modification time. */
  async touch(path: string): Promise<void> {
    const p = normalizePath(path);
    const file = this.client.getFileClient(rel(p));
    const created = await call(`CREATE ${p}`, () => file.createIfNotExists());
    if (created.succeeded) return;
    const s = await this.stat(p);
    if (s.type !== 'FILE') throw new AlreadyExistsError('ALREADY_EXISTS', `CREATE ${p}: a directory of that name exists`, { status: 409 });
    await call(`FLUSH ${p}`, () => file.flush(s.length, { retainUncommittedData: true }));
  }

  async cat(path: string): Promise<Readable> {
    const p = normalizePath(path);
    const r = await call(`OPEN ${p}`, () => this.client.getFileClient(rel(p)).read());
    return r.readableStreamBody as Readable;
  }

  async head(path: string, options: { bytes?: number } = {}): Promise<Buffer> {
    const s = await this.fileStatus(path);
    return this.range(s.path, 0, Math.min(options.bytes ?? 1024, s.length));
  }

  async tail(path: string, options: { bytes?: number } = {}): Promise<Buffer> {
    const s = await this.fileStatus(path);
    const start = Math.max(0, s.length - (options.bytes ?? 1024));
    return this.range(s.path, start, s.length - start);
  }

  private async fileStatus(path: string): Promise<FileStatus> {
    const s = await this.stat(path);
    if (s.type !== 'FILE') throw new InvalidArgumentError(`${s.path} is a directory.`);
    return s;
  }

  private async range(path: string, offset: number, length: number): Promise<Buffer> {
    if (length <= 0) return Buffer.alloc(0);
    return call(`OPEN ${path}`, async () => {
      const r = await this.client.getFileClient(rel(path)).read(offset, length);
      return Buffer.concat(await (r.readableStreamBody as Readable).toArray());
    });
  }

  async chmod(path: string, permission: string | number): Promise<void> {
    const p = normalizePath(path);
    const octal = typeof permission === 'number' ? permission.toString(8) : permission;
    await call(`SETPERMISSION ${p}`, () => this.client.getDirectoryClient(rel(p)).setPermissions(octalToPermissions(octal)));
  }

  /** Owner and/or group; the DFS API sets them together with the mode, so the current mode is sent back unchanged. */
  async chown(path: string, owner: { owner?: string; group?: string }): Promise<void> {
    const p = normalizePath(path);
    const pc = this.client.getDirectoryClient(rel(p));
    await call(`SETOWNER ${p}`, async () => {
      const current = await pc.getAccessControl();
      await pc.setAccessControl(current.acl, { owner: owner.owner || undefined, group: owner.group || undefined });
    });
  }

  async getAclStatus(path: string, options: Names = {}): Promise<AclStatus> {
    const p = normalizePath(path);
    return aclStatusOf(await call(`MSGETACLSTATUS ${p}`, () => this.client.getDirectoryClient(rel(p)).getAccessControl({ userPrincipalName: upn(options) })));
  }

  async setAcl(path: string, spec: string): Promise<void> {
    const p = normalizePath(path);
    await call(`SETACL ${p}`, () => this.client.getDirectoryClient(rel(p)).setAccessControl(parseSpec(spec).map(entryToAclItem)));
  }

  /** Gen2 sets whole ACLs on one path: modify and remove read, change and write back (as `hdfs dfs -setfacl -m` does). */
  async modifyAclEntries(path: string, spec: string): Promise<void> {
    await this.rewriteAcl(path, 'MODIFYACLENTRIES', (entries) => {
      const byKey = new Map(entries.map((e) => [entryKey(e), e]));
      for (const e of parseSpec(spec)) byKey.set(entryKey(e), e);
      return [...byKey.values()];
    });
  }

  async removeAclEntries(path: string, spec: string): Promise<void> {
    const drop = new Set(parseSpec(spec).map(entryKey));
    await this.rewriteAcl(path, 'REMOVEACLENTRIES', (entries) => entries.filter((e) => !drop.has(entryKey(e))));
  }

  /** Keeps the base entries (user::, group::, other::); named entries, the mask and the default ACL go. */
  async removeAcl(path: string): Promise<void> {
    await this.rewriteAcl(path, 'REMOVEACL', (entries) => entries.filter((e) => !e.default && !e.id && e.type !== 'mask'));
  }

  async removeDefaultAcl(path: string): Promise<void> {
    await this.rewriteAcl(path, 'REMOVEDEFAULTACL', (entries) => entries.filter((e) => !e.default));
  }

  private async rewriteAcl(path: string, op: string, change: (entries: ReturnType<typeof parseSpec>) => ReturnType<typeof parseSpec>): Promise<void> {
    const p = normalizePath(path);
    const pc = this.client.getDirectoryClient(rel(p));
    await call(`${op} ${p}`, async () => {
      const current = await pc.getAccessControl();
      const next = change(parseSpec(aclStatusOf(current).entries.join(',')));
      await pc.setAccessControl(parseSpec(next.map(formatAclEntry).join(',')).map(entryToAclItem), { conditions: { ifMatch: current.etag } });
    });
  }

  async concat(): Promise<void> {
    throw new CliError('fs concat is Gen1 only: Gen2 has no concatenation (MSCONCAT); upload the joined file instead.', EXIT.BAD_INPUT);
  }

  async setExpiry(path: string, option: ExpiryOption, time?: number): Promise<void> {
    const p = normalizePath(path);
    const mode = EXPIRY[option];
    await call(`SETEXPIRY ${p}`, () => this.client.getFileClient(rel(p)).setExpiry(mode, mode === 'Absolute' ? { expiresOn: new Date(time ?? 0) } : mode === 'NeverExpire' ? {} : { timeToExpireInMs: time }));
  }
}
