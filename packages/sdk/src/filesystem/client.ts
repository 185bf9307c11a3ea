import { randomUUID } from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import { RESOURCES, scopeForResource, type TokenCredential } from '../auth/types.js';
import { AccessDeniedError, AlreadyExistsError, InvalidArgumentError, NotFoundError, RemoteError } from '../errors.js';
import { HttpPipeline, knownLength, type RequestBody, type RetryOptions, type SizedBody } from '../http/pipeline.js';
import { appendAtOffset, MAX_APPEND_BYTES } from './append.js';
import { accountBaseUrl } from './endpoint.js';
import { toFileStatus, type WireFileStatus } from './file-status.js';
import { globBase, globDepth, globToRegExp, hasMagic } from './glob.js';
import { baseName, joinPath, normalizePath } from './paths.js';
import { validatePermission } from './permission.js';
import { ResumingBody } from './ranged-read.js';
import { createBlockReadStream, type ReadStreamOptions } from './read-stream.js';
import { createBlockWriteStream, type WriteStreamOptions } from './write-stream.js';
import { WebHdfsTransport } from './transport.js';
import { formatAclSpec, type AclSpecInput } from './acl-spec.js';
import type { AbortOptions, AclStatus, ContentSummary, ExpiryOption, FileStatus, SyncFlag } from './types.js';

export interface DataLakeFileSystemClientOptions {
  /** DNS suffix of account hosts (default `azuredatalakestore.net`; the emulator's is `adls.localhost`). */
  dataPlaneSuffix?: string;
  /** Port of the data plane (emulator). */
  port?: number;
  /** Extra CA certificates (PEM) to trust, e.g. the emulator's. */
  ca?: string | string[];
  /** Keep-alive connections per host; size it to your transfer concurrency. */
  connections?: number;
  /** Retry settings of the pipeline this client creates (a shared `pipeline` brings its own). */
  retry?: Partial<RetryOptions>;
  /** Share an existing pipeline (its credential, pool and retry settings) instead of creating one. */
  pipeline?: HttpPipeline;
}

/** File bytes to send: a buffer, a factory of fresh streams (sent chunked), or a sized body (sent with its length). */
export type FileData = Buffer | (() => Readable) | SizedBody;

export interface CreateOptions extends AbortOptions {
  /** Replace an existing file (default false: an existing file gives AlreadyExistsError). */
  overwrite?: boolean;
  /** Octal permission, e.g. '750'. */
  permission?: string | number;
  /** Default CLOSE (the file is complete); DATA keeps it open for appends. */
  syncFlag?: SyncFlag;
  leaseId?: string;
  fileSessionId?: string;
}

export interface AppendOptions extends AbortOptions {
  /** Where the bytes must land (the file's current length). With it, retries are safe; without it, no retry after a lost reply. */
  offset?: number;
  syncFlag?: SyncFlag;
  leaseId?: string;
  fileSessionId?: string;
}

export interface NameOptions extends AbortOptions {
  /**
   * `false`: `owner` and `group` come back as user principal names (e.g. `bob@contoso.com`) where the
   * service knows one (Gen1's `tooId=false`); default `true`: object ids (GUIDs).
   */
  tooId?: boolean;
}

export interface ListOptions extends NameOptions {
  /** Entries per LISTSTATUS page (default 4000, as Python). */
  pageSize?: number;
}

export interface WalkOptions extends ListOptions {
  /** Also yield directories (default: files only, as Python's walk). */
  includeDirectories?: boolean;
  /** Levels below `path` to descend (default unlimited; 1 = direct children only). */
  maxDepth?: number;
}

export interface DiskUsage {
  path: string;
  /** Total bytes of every file below `path` (or the file itself). */
  length: number;
  fileCount: number;
  directoryCount: number;
  /** Direct children with their recursive sizes. */
  children: { path: string; type: FileStatus['type']; length: number }[];
}

const DATALAKE_SCOPES = [scopeForResource(RESOURCES.datalake)];
const DEFAULT_PAGE_SIZE = 4000;

/**
 * One Data Lake Store Gen1 account's filesystem (WebHDFS): metadata, reads, writes, ACLs.
 * Paths are absolute or relative to the root; `//`, `.` and trailing slashes are normalised.
 */
export class DataLakeFileSystemClient {
  readonly accountUrl: string;
  readonly pipeline: HttpPipeline;
  private readonly ownsPipeline: boolean;
  private readonly retry: RetryOptions;
  /** @internal */
  readonly transport: WebHdfsTransport;

  constructor(account: string, credential: TokenCredential, options: DataLakeFileSystemClientOptions = {}) {
    this.accountUrl = accountBaseUrl(account, options);
    this.ownsPipeline = !options.pipeline;
    this.pipeline = options.pipeline ?? new HttpPipeline({
      credential, scopes: DATALAKE_SCOPES, ca: options.ca, connections: options.connections, retry: options.retry,
    });
    // The client's own retries (APPEND at an offset, resumed reads) follow the pipeline's settings.
    this.retry = this.pipeline.retry;
    this.transport = new WebHdfsTransport(this.pipeline, this.accountUrl);
  }

  /** Releases the connection pool (when this client created it). */
  async close(): Promise<void> {
    if (this.ownsPipeline) await this.pipeline.close();
  }

  // ---------- metadata ----------

  /** GETFILESTATUS. Throws NotFoundError when the path does not exist. */
  async stat(path: string, options: NameOptions = {}): Promise<FileStatus> {
    const r = await this.transport.json<{ FileStatus: WireFileStatus }>({ op: 'GETFILESTATUS', path, params: { tooId: options.tooId }, abortSignal: options.abortSignal });
    return toFileStatus(r.FileStatus, path);
  }

  /** True when the path exists; false on 404 only (access denied still throws). */
  async exists(path: string, options: AbortOptions = {}): Promise<boolean> {
    try {
      await this.stat(path, options);
      return true;
    } catch (e) {
      if (e instanceof NotFoundError) return false;
      throw e;
    }
  }

  /** Lists a directory page by page (LISTSTATUS with listSize/listAfter). A file lists as itself. */
  async *listPages(path: string, options: ListOptions = {}): AsyncIterableIterator<FileStatus[]> {
    const pageSize = options.pageSize ?? DEFAULT_PAGE_SIZE;
    if (!Number.isInteger(pageSize) || pageSize < 1) throw new RangeError(`pageSize must be a positive integer (got ${pageSize})`);
    let after: string | undefined;
    for (;;) {
      const r = await this.transport.json<{ FileStatuses: { continuationToken?: string | null; FileStatus: WireFileStatus[] } }>({
        op: 'LISTSTATUS', path, params: { listSize: pageSize, listAfter: after, tooId: options.tooId }, abortSignal: options.abortSignal,
      });
      const page = (r.FileStatuses.FileStatus ?? []).map((w) => toFileStatus(w, path));
      if (page.length > 0) yield page;
      const token = r.FileStatuses.continuationToken;
      // Older api-versions carry no token; a repeated token would loop forever.
      if (!token || token === after || page.length === 0) return;
      after = token;
    }
  }

  /** Lists a directory (every page). `detail: false` gives names only. */
  ls(path: string, options?: ListOptions & { detail?: true }): Promise<FileStatus[]>;
  ls(path: string, options: ListOptions & { detail: false }): Promise<string[]>;
  async ls(path: string, options: ListOptions & { detail?: boolean } = {}): Promise<FileStatus[] | string[]> {
    const all: FileStatus[] = [];
    for await (const page of this.listPages(path, options)) all.push(...page);
    return options.detail === false ? all.map((s) => s.path) : all;
  }

  /** Every file below `path` (and directories with includeDirectories), depth first, in name order. */
  async *walk(path: string, options: WalkOptions = {}): AsyncIterableIterator<FileStatus> {
    const maxDepth = options.maxDepth ?? Infinity;
    const visit = async function* (this: DataLakeFileSystemClient, dir: string, depth: number): AsyncGenerator<FileStatus> {
      for await (const page of this.listPages(dir, options)) {
        for (const s of page) {
          if (s.type === 'DIRECTORY') {
            if (options.includeDirectories) yield s;
            if (depth < maxDepth) yield* visit.call(this, s.path, depth + 1);
          } else yield s;
        }
      }
    };
    yield* visit.call(this, normalizePath(path), 1);
  }

  /** Paths matching a glob (`*`, `?`, `[...]`, `**`), files and directories, sorted. */
  async glob(pattern: string, options: ListOptions = {}): Promise<FileStatus[]> {
    if (!hasMagic(pattern)) {
      try { return [await this.stat(pattern, options)]; } catch (e) { if (e instanceof NotFoundError) return []; throw e; }
    }
    const base = globBase(pattern);
    const re = globToRegExp(pattern);
    const out: FileStatus[] = [];
    try {
      for await (const s of this.walk(base, { ...options, includeDirectories: true, maxDepth: globDepth(pattern) })) {
        if (re.test(s.path)) out.push(s);
      }
    } catch (e) {
      if (!(e instanceof NotFoundError)) throw e;
    }
    return out.sort((a, b) => (a.path < b.path ? -1 : a.path > b.path ? 1 : 0));
  }

  /** Disk usage computed client-side from listings (as Python's du). */
  async du(path: string, options: ListOptions = {}): Promise<DiskUsage> {
    const root = await this.stat(path, options);
    const usage: DiskUsage = { path: root.path, length: 0, fileCount: 0, directoryCount: 0, children: [] };
    if (root.type === 'FILE') {
      usage.length = root.length;
      usage.fileCount = 1;
      usage.children.push({ path: root.path, type: 'FILE', length: root.length });
      return usage;
    }
    usage.directoryCount = 1;
    for await (const page of this.listPages(root.path, options)) {
      for (const child of page) {
        let length = child.length;
        if (child.type === 'DIRECTORY') {
          usage.directoryCount++;
          length = 0;
          for await (const s of this.walk(child.path, { ...options, includeDirectories: true })) {
            if (s.type === 'DIRECTORY') usage.directoryCount++;
            else { length += s.length; usage.fileCount++; }
          }
        } else usage.fileCount++;
        usage.length += length;
        usage.children.push({ path: child.path, type: child.type, length });
      }
    }
    return usage;
  }

  /** GETCONTENTSUMMARY (server-side totals). */
  async contentSummary(path: string, options: AbortOptions = {}): Promise<ContentSummary> {
    const r = await this.transport.json<{ ContentSummary: ContentSummary }>({ op: 'GETCONTENTSUMMARY', path, abortSignal: options.abortSignal });
    return r.ContentSummary;
  }

  // ---------- namespace changes ----------

  /** MKDIRS: creates the directory and missing ancestors; an existing directory is fine. */
  async mkdir(path: string, options: AbortOptions & { permission?: string | number } = {}): Promise<void> {
    const ok = await this.transport.boolean({ op: 'MKDIRS', path, params: { permission: octal(options.permission) }, abortSignal: options.abortSignal });
    if (!ok) throw new RemoteError('OPERATION_FAILED', `MKDIRS ${normalizePath(path)} failed`);
  }

  /** DELETE. Throws NotFoundError when missing; a non-empty directory needs `recursive`. */
  async rm(path: string, options: AbortOptions & { recursive?: boolean } = {}): Promise<void> {
    const p = normalizePath(path);
    if (p === '/') throw new InvalidArgumentError('Refusing to delete the root directory.');
    const r = await this.transport.booleanWithAttempts({ op: 'DELETE', path: p, params: { recursive: options.recursive === true }, abortSignal: options.abortSignal });
    if (r.value) return;
    // Gen1 answers a missing path 200 {"boolean":false}: the status of the GETFILESTATUS that confirms it
    // (404) is the one the error carries.
    const missing = await this.stat(p, options).then(() => undefined, (e: unknown) => {
      if (e instanceof NotFoundError) return e;
      throw e;
    });
    if (!missing) throw new RemoteError('OPERATION_FAILED', `DELETE ${p} failed`);
    if (r.retried) return; // an earlier attempt, whose reply was lost, deleted it
    throw new NotFoundError('NOT_FOUND', `DELETE ${p}: no such file or directory`,
      { status: missing.status ?? 404, remoteCode: missing.remoteCode, requestId: missing.requestId, cause: missing });
  }

  /**
   * RENAME. Moving a directory onto an existing directory puts it inside (HDFS rule).
   * `overwrite` replaces an existing destination file.
   */
  async mv(src: string, dst: string, options: AbortOptions & { overwrite?: boolean } = {}): Promise<void> {
    const s = normalizePath(src);
    const d = normalizePath(dst);
    const r = await this.transport.booleanWithAttempts({
      op: 'RENAME', path: s, params: { destination: d, renameoptions: options.overwrite ? 'OVERWRITE' : undefined },
      abortSignal: options.abortSignal,
    });
    if (r.value) return;
    // The service only says "false": find out why, for a useful error.
    if (!(await this.exists(s, options))) {
      if (r.retried && (await this.exists(d, options))) return; // an earlier attempt, whose reply was lost, did it
      throw new NotFoundError('NOT_FOUND', `RENAME ${s}: source does not exist`, { status: 200 });
    }
    if (await this.exists(d, options)) throw new AlreadyExistsError('ALREADY_EXISTS', `RENAME ${s} → ${d}: destination exists`, { status: 200 });
    throw new RemoteError('OPERATION_FAILED', `RENAME ${s} → ${d} failed (does the destination's parent exist?)`, { status: 200 });
  }

  /** Creates an empty file, or updates the modification time of an existing one. */
  async touch(path: string, options: AbortOptions = {}): Promise<void> {
    try {
      await this.create(path, undefined, { ...options, overwrite: false });
    } catch (e) {
      if (!(e instanceof AlreadyExistsError)) throw e;
      const s = await this.stat(path, options);
      if (s.type !== 'FILE') throw e;
      await this.setTimes(path, { modificationTime: Date.now(), abortSignal: options.abortSignal });
    }
  }

  // ---------- writing ----------

  /** CREATE (with optional first bytes, ≤ 4 MiB). Missing parents are created by the service. */
  async create(path: string, data?: FileData, options: CreateOptions = {}): Promise<void> {
    if ((knownLength(data) ?? 0) > MAX_APPEND_BYTES) {
      throw new InvalidArgumentError(`A CREATE carries at most ${MAX_APPEND_BYTES} bytes; write larger files with createWriteStream().`);
    }
    const leaseId = options.leaseId ?? options.fileSessionId;
    await this.transport.empty({
      op: 'CREATE', path,
      params: {
        write: 'true', overwrite: options.overwrite === true, permission: octal(options.permission),
        syncFlag: options.syncFlag, leaseid: leaseId, filesessionid: options.fileSessionId ?? leaseId,
      },
      body: (data ?? Buffer.alloc(0)) as RequestBody,
      // Replaying an overwrite is harmless; replaying overwrite=false after a lost reply would fail.
      idempotent: options.overwrite === true,
      abortSignal: options.abortSignal,
    });
  }

  /** APPEND (≤ 4 MiB). With `offset`, a lost reply is retried without ever duplicating data. */
  async append(path: string, data: FileData, options: AppendOptions = {}): Promise<void> {
    if (options.offset !== undefined) {
      if (!Number.isSafeInteger(options.offset) || options.offset < 0) throw new RangeError(`offset must be a non-negative integer (got ${options.offset})`);
      await appendAtOffset(this.transport, this.retry, { path, data, ...options, offset: options.offset });
      return;
    }
    const leaseId = options.leaseId ?? options.fileSessionId;
    await this.transport.empty({
      op: 'APPEND', path,
      params: { append: 'true', syncFlag: options.syncFlag, leaseid: leaseId, filesessionid: options.fileSessionId ?? leaseId },
      body: data as RequestBody, idempotent: false, abortSignal: options.abortSignal,
    });
  }

  /** MSCONCAT: joins `sources` in order into `target` (created if missing) and removes them. Not retried after a lost reply. */
  async concat(target: string, sources: string[], options: AbortOptions & { deleteSourceDirectory?: boolean } = {}): Promise<void> {
    if (sources.length === 0) throw new InvalidArgumentError('concat needs at least one source.');
    const body = JSON.stringify({ sources: sources.map(normalizePath) });
    await this.transport.empty({
      op: 'MSCONCAT', path: target, params: { deleteSourceDirectory: options.deleteSourceDirectory === true },
      headers: { 'content-type': 'application/json' }, body, idempotent: false, abortSignal: options.abortSignal,
    });
  }

  /**
   * A writable stream that uploads in blocks: CREATE (syncFlag DATA, empty) then APPENDs of `blockSize`
   * with DATA, the last one with CLOSE; one lease/session id for all (as Python's file object).
   */
  createWriteStream(path: string, options: WriteStreamOptions = {}): Writable {
    return createBlockWriteStream(this, path, options);
  }

  // ---------- reading ----------

  /**
   * One ranged OPEN, streamed. `length` omitted: to the end of the file. A connection cut part way
   * through the body is resumed with a new OPEN from the next byte (up to the retry limit).
   */
  async read(path: string, options: AbortOptions & { offset?: number; length?: number; fileSessionId?: string } = {}): Promise<Readable> {
    const { offset = 0, length, fileSessionId, abortSignal } = options;
    const open = async (got: number) => (await this.transport.send({
      op: 'OPEN', path,
      params: { read: 'true', offset: got === 0 ? options.offset : offset + got, length: length === undefined ? undefined : length - got, filesessionid: fileSessionId },
      abortSignal,
    })).body;
    const first = await open(0);
    return new ResumingBody(first, open, length, this.retry, abortSignal);
  }

  /** A readable stream over a range, fetched in blocks (one read() per block, so each block resumes from the last byte on faults). */
  createReadStream(path: string, options: ReadStreamOptions = {}): Readable {
    return createBlockReadStream(this, path, options);
  }

  /** The whole file as a stream (Python's cat, without holding it in memory). */
  cat(path: string, options: AbortOptions = {}): Promise<Readable> {
    return Promise.resolve(this.createReadStream(path, options));
  }

  /** The first `bytes` bytes (default 1024). */
  async head(path: string, options: AbortOptions & { bytes?: number } = {}): Promise<Buffer> {
    const bytes = options.bytes ?? 1024;
    const s = await this.stat(path, options);
    if (s.type !== 'FILE') throw new InvalidArgumentError(`${s.path} is a directory.`);
    const n = Math.min(bytes, s.length);
    if (n <= 0) return Buffer.alloc(0);
    return collect(await this.read(s.path, { offset: 0, length: n, abortSignal: options.abortSignal }));
  }

  /** The last `bytes` bytes (default 1024). */
  async tail(path: string, options: AbortOptions & { bytes?: number } = {}): Promise<Buffer> {
    const bytes = options.bytes ?? 1024;
    const s = await this.stat(path, options);
    if (s.type !== 'FILE') throw new InvalidArgumentError(`${s.path} is a directory.`);
    const start = Math.max(0, s.length - bytes);
    if (s.length - start <= 0) return Buffer.alloc(0);
    return collect(await this.read(s.path, { offset: start, length: s.length - start, abortSignal: options.abortSignal }));
  }

  // ---------- permissions, ACLs, expiry ----------

  /** SETPERMISSION, e.g. chmod('/d', '750') or chmod('/d', 0o750). */
  async chmod(path: string, permission: string | number, options: AbortOptions = {}): Promise<void> {
    await this.transport.empty({ op: 'SETPERMISSION', path, params: { permission: octal(permission) }, abortSignal: options.abortSignal });
  }

  /** SETOWNER: owner and/or group (object ids). */
  async chown(path: string, owner: { owner?: string; group?: string }, options: AbortOptions = {}): Promise<void> {
    if (!owner.owner && !owner.group) throw new InvalidArgumentError('chown needs an owner or a group.');
    await this.transport.empty({ op: 'SETOWNER', path, params: { owner: owner.owner || undefined, group: owner.group || undefined }, abortSignal: options.abortSignal });
  }

  /** SETACL: replaces the whole ACL (must include user::, group:: and other::). */
  async setAcl(path: string, acl: AclSpecInput, options: AbortOptions = {}): Promise<void> {
    await this.aclOp('SETACL', path, formatAclSpec(acl), options);
  }

  /** MODIFYACLENTRIES: adds or updates entries. */
  async modifyAclEntries(path: string, acl: AclSpecInput, options: AbortOptions = {}): Promise<void> {
    await this.aclOp('MODIFYACLENTRIES', path, formatAclSpec(acl), options);
  }

  /** REMOVEACLENTRIES: removes named entries (permissions, if given, are ignored by the service). */
  async removeAclEntries(path: string, acl: AclSpecInput, options: AbortOptions = {}): Promise<void> {
    await this.aclOp('REMOVEACLENTRIES', path, formatAclSpec(acl), options);
  }

  /** REMOVEDEFAULTACL: drops every default: entry. */
  async removeDefaultAcl(path: string, options: AbortOptions = {}): Promise<void> {
    await this.transport.empty({ op: 'REMOVEDEFAULTACL', path, abortSignal: options.abortSignal });
  }

  /** REMOVEACL: drops named entries and the mask, keeping the base entries. */
  async removeAcl(path: string, options: AbortOptions = {}): Promise<void> {
    await this.transport.empty({ op: 'REMOVEACL', path, abortSignal: options.abortSignal });
  }

  /** MSGETACLSTATUS: the ACL including the base entries (`tooId: false`: owner and group as UPNs). */
  async getAclStatus(path: string, options: NameOptions = {}): Promise<AclStatus> {
    const r = await this.transport.json<{ AclStatus: AclStatus }>({ op: 'MSGETACLSTATUS', path, params: { tooId: options.tooId }, abortSignal: options.abortSignal });
    return r.AclStatus;
  }

  /** CHECKACCESS: whether the caller holds every bit of `fsaction` (e.g. 'r-x'). Missing paths throw NotFoundError. */
  async checkAccess(path: string, fsaction: string, options: AbortOptions = {}): Promise<boolean> {
    if (!/^[r-][w-][x-]$/.test(fsaction)) throw new InvalidArgumentError(`fsaction must look like 'r-x' (got '${fsaction}')`);
    try {
      await this.transport.empty({ op: 'CHECKACCESS', path, params: { fsaction }, abortSignal: options.abortSignal });
      return true;
    } catch (e) {
      if (e instanceof AccessDeniedError) return false;
      throw e;
    }
  }

  /** SETEXPIRY (files only). `time` in ms: absolute epoch time or a relative offset, by option. */
  async setExpiry(path: string, option: ExpiryOption, time?: number, options: AbortOptions = {}): Promise<void> {
    const canonical = EXPIRY_OPTIONS.find((o) => o.toLowerCase() === String(option).toLowerCase());
    if (!canonical) throw new InvalidArgumentError(`expiry option must be one of ${EXPIRY_OPTIONS.join(', ')}`);
    if (canonical !== 'NeverExpire' && (time === undefined || !Number.isFinite(time) || time < 0)) {
      throw new InvalidArgumentError(`expiry option ${canonical} needs a non-negative time in ms.`);
    }
    await this.transport.empty({
      op: 'SETEXPIRY', path,
      params: { expiryOption: canonical, expireTime: canonical === 'NeverExpire' ? undefined : Math.round(time!) },
      abortSignal: options.abortSignal,
    });
  }

  /** SETTIMES: ms since the epoch; omitted values stay unchanged. */
  async setTimes(path: string, times: AbortOptions & { modificationTime?: number; accessTime?: number }): Promise<void> {
    await this.transport.empty({
      op: 'SETTIMES', path,
      params: { modificationtime: times.modificationTime ?? -1, accesstime: times.accessTime ?? -1 },
      abortSignal: times.abortSignal,
    });
  }

  private async aclOp(op: 'SETACL' | 'MODIFYACLENTRIES' | 'REMOVEACLENTRIES', path: string, aclSpec: string, options: AbortOptions): Promise<void> {
    await this.transport.empty({ op, path, params: { aclSpec }, abortSignal: options.abortSignal });
  }

  /** A fresh lease/session id for a writer (Python uses one uuid4 for both). */
  static newLeaseId(): string {
    return randomUUID();
  }

  /** Name of a path's last segment (exposed for callers building child paths). */
  static baseName = baseName;
  static joinPath = joinPath;
}

const EXPIRY_OPTIONS: ExpiryOption[] = ['NeverExpire', 'RelativeToNow', 'RelativeToCreationDate', 'Absolute'];

/** An optional permission, validated and formatted (see validatePermission). */
function octal(p: string | number | undefined): string | undefined {
  return p === undefined ? undefined : validatePermission(p);
}

async function collect(stream: Readable): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of stream) chunks.push(Buffer.isBuffer(c) ? c : Buffer.from(c));
  return Buffer.concat(chunks);
}
