// `adls fs put` to a Gen2 file system: each file through the DataLake SDK's uploadFile (create, parallel appends
// of --chunk-size read from disk as streams, one flush), or with --resume through resumable-upload.ts; trees
// folder by folder; results in the Gen1 shape.
import { createReadStream } from 'node:fs';
import { readdir, stat } from 'node:fs/promises';
import { basename, join, resolve, sep } from 'node:path';
import type { Readable } from 'node:stream';
import { createHash } from 'node:crypto';
import { AlreadyExistsError, IntegrityError, type ExistingPolicy, type FileStatus, type TransferProgress, type TransferResult } from 'adls-gen1';
import { call } from './errors.js';
import type { Gen2FileSystem } from './filesystem.js';
import { uploadResumable } from './resumable-upload.js';

export interface Gen2UploadOptions {
  threads: number;
  chunkSize?: number;
  existing: ExistingPolicy;
  verify: 'size' | 'checksum';
  abortSignal: AbortSignal;
  onProgress(p: TransferProgress): void;
  /** Resumable uploads (resumable-upload.ts) instead of the SDK's uploadFile. */
  resume?: boolean;
  stateDir?: string;
}

interface Job { local: string; remote: string; size: number; mtimeMs: number }

const join2 = (dir: string, name: string) => (dir === '/' ? `/${name}` : `${dir}/${name}`);
const endsWithSeparator = (p: string) => p.endsWith('/') || p.endsWith(sep);
/** The SDK's default is 4 MiB per append; larger chunks mean fewer requests for big files (the service takes up to 4000 MiB). */
const DEFAULT_CHUNK = 8 * 1024 * 1024;

/** Files of a local tree (relative paths with '/'), and its folders, depth first. */
async function localTree(root: string): Promise<{ files: { rel: string; size: number; mtimeMs: number }[]; dirs: string[] }> {
  const files: { rel: string; size: number; mtimeMs: number }[] = [];
  const dirs: string[] = [];
  const visit = async (dir: string, rel: string) => {
    for (const e of (await readdir(dir, { withFileTypes: true })).sort((a, b) => (a.name < b.name ? -1 : 1))) {
      const r = rel ? `${rel}/${e.name}` : e.name;
      if (e.isDirectory()) { dirs.push(r); await visit(join(dir, e.name), r); }
      else if (e.isFile()) { const s = await stat(join(dir, e.name)); files.push({ rel: r, size: s.size, mtimeMs: Math.trunc(s.mtimeMs) }); }
    }
  };
  await visit(root, '');
  return { files, dirs };
}

async function md5(stream: Readable): Promise<string> {
  const h = createHash('md5');
  for await (const c of stream) h.update(c as Buffer);
  return h.digest('hex');
}

/** Uploads a local file or (tree) folder to `remotePath`, with the Gen1 rules for where it lands. */
export async function uploadGen2(fs: Gen2FileSystem, localPath: string, remotePath: string, o: Gen2UploadOptions): Promise<TransferResult> {
  const started = performance.now();
  const local = resolve(localPath);
  const st = await stat(local);
  const exists = (p: string) => fs.stat(p).catch(() => undefined);
  const jobs: Job[] = [];
  let target: string;
  let dirs: string[] = [];
  if (st.isDirectory()) {
    target = remotePath.replace(/\/+$/, '') || '/';
    if (endsWithSeparator(remotePath) && !endsWithSeparator(localPath)) target = join2(target, basename(local));
    const tree = await localTree(local);
    dirs = tree.dirs.map((d) => join2(target, d));
    for (const f of tree.files) jobs.push({ local: join(local, ...f.rel.split('/')), remote: join2(target, f.rel), size: f.size, mtimeMs: f.mtimeMs });
  } else {
    target = remotePath.replace(/\/+$/, '') || '/';
    const there = await exists(target);
    if (endsWithSeparator(remotePath) || there?.type === 'DIRECTORY') target = join2(target, basename(local));
    jobs.push({ local, remote: target, size: st.size, mtimeMs: Math.trunc(st.mtimeMs) });
  }

  // Decide every file before any data moves (as the Gen1 engine does for --if-exists fail).
  const send: Job[] = [];
  const conflicts: string[] = [];
  let skipped = 0;
  for (const j of jobs) {
    const t: FileStatus | undefined = await exists(j.remote);
    if (!t) send.push(j);
    else if (t.type === 'DIRECTORY') conflicts.push(`${j.remote} is a directory`);
    else if (o.existing === 'overwrite' || (o.existing === 'ifSourceNewer' && j.mtimeMs > t.modificationTime)) send.push(j);
    else if (o.existing === 'fail') conflicts.push(j.remote);
    else skipped++;
  }
  if (conflicts.length === 1) {
    throw new AlreadyExistsError('ALREADY_EXISTS', conflicts[0].endsWith(' is a directory') ? `${conflicts[0]}.` : `${conflicts[0]} already exists (use overwrite to replace it).`);
  }
  if (conflicts.length > 1) {
    throw new AlreadyExistsError('ALREADY_EXISTS', `${conflicts.length} target file(s) already exist, e.g. ${conflicts[0]} (use overwrite to replace them, or skip to send only the new ones).`);
  }

  const progress: TransferProgress = { bytesDone: 0, bytesTotal: send.reduce((n, j) => n + j.size, 0), filesDone: 0, filesTotal: send.length, chunksDone: 0 };
  o.onProgress({ ...progress });
  if (st.isDirectory()) await fs.mkdir(target);
  for (const d of dirs) await fs.mkdir(d);
  const chunkSize = o.chunkSize ?? DEFAULT_CHUNK;
  let bytesResumed = 0;
  for (const j of send) {
    const before = progress.bytesDone;
    const advance = (bytes: number) => { progress.bytesDone = before + bytes; o.onProgress({ ...progress }); };
    if (o.resume) {
      const replace = o.existing !== 'fail';
      bytesResumed += (await uploadResumable(fs, j, { threads: o.threads, chunkSize, stateDir: o.stateDir, replace, abortSignal: o.abortSignal, onCommitted: advance })).resumed;
    } else {
      const file = fs.client.getFileClient(j.remote.slice(1));
      await call(`CREATE ${j.remote}`, () => file.uploadFile(j.local, {
        chunkSize, maxConcurrency: o.threads, singleUploadThreshold: chunkSize, abortSignal: o.abortSignal,
        onProgress: (e) => advance(e.loadedBytes),
      }));
    }
    progress.bytesDone = before + j.size;
    progress.filesDone++;
    progress.chunksDone += Math.max(1, Math.ceil(j.size / chunkSize));
    o.onProgress({ ...progress });
    await verify(fs, j, o);
  }
  const elapsedMs = performance.now() - started;
  const bytes = progress.bytesDone;
  const moved = bytes - bytesResumed;
  return {
    direction: 'upload', target, files: send.length, filesSkipped: skipped, filesCompared: 0, bytes, bytesTransferred: moved,
    chunksTransferred: progress.chunksDone, chunksResumed: Math.floor(bytesResumed / chunkSize), bytesResumed, filesDeleted: 0, elapsedMs,
    bytesPerSecond: elapsedMs > 0 ? (moved * 1000) / elapsedMs : 0, verified: o.verify, dryRun: false,
  };
}

/** Size always; with checksum, the uploaded file is read back and its MD5 compared with the local file's. */
async function verify(fs: Gen2FileSystem, j: Job, o: Gen2UploadOptions): Promise<void> {
  const s = await fs.stat(j.remote);
  if (s.length !== j.size) throw new IntegrityError(`${j.remote}: ${s.length} bytes on the service, ${j.size} sent.`);
  if (o.verify !== 'checksum') return;
  const [mine, theirs] = await Promise.all([md5(createReadStream(j.local)), fs.cat(j.remote).then(md5)]);
  if (mine !== theirs) throw new IntegrityError(`${j.remote}: MD5 ${theirs} on the service, ${mine} sent.`);
}
