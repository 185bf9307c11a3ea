/**
 * Downloads one remote file: parallel ranged OPENs written in place into a preallocated
 * `{target}.adls-partial`, renamed to the target only once every byte is there and checked (and, with the
 * `fsync` option, on the disk). A range cut
 * short by a fault resumes from the last byte received (in the read stream itself). Finished chunks, and
 * how far unfinished ones got, go to the resume state.
 */
import { createHash } from 'node:crypto';
import { lstat, mkdir, open, rename, rm, stat, type FileHandle } from 'node:fs/promises';
import { dirname } from 'node:path';
import { AlreadyExistsError, IntegrityError, throwIfAborted } from '../errors.js';
import { readExactRange } from '../filesystem/ranged-read.js';
import { md5OfFileRange, md5OfStream } from './checksum.js';
import { forEachLimited } from './concurrency.js';
import type { TransferContext } from './context.js';
import { decide } from './existing.js';
import { chunkSizeFor } from './options.js';
import { planChunks, type Chunk } from './plan.js';
import { settle } from './settle.js';
import { freshState, loadState, PARTIAL_SUFFIX, stateMatches, statePathFor, StateFile } from './state.js';
import type { FileOutcome } from './upload-file.js';

export interface DownloadFileJob {
  remotePath: string;
  localPath: string;
  /** The remote file's size and modification time (from its status or listing). */
  size: number;
  mtimeMs: number;
}

/** Bytes gathered from the response before one positioned write (fewer, larger writes). */
const WRITE_BATCH = 256 * 1024;

export async function downloadFile(ctx: TransferContext, job: DownloadFileJob, signal: AbortSignal): Promise<FileOutcome> {
  const { remote, opts } = ctx;
  throwIfAborted(signal);
  // Target rules, before any data moves.
  const existing = await lstat(job.localPath).catch(() => undefined);
  if (existing?.isDirectory()) throw new AlreadyExistsError('ALREADY_EXISTS', `Download target ${job.localPath} is a directory.`);
  const decision = decide(job, existing ? { size: existing.size, mtimeMs: Math.trunc(existing.mtimeMs) } : undefined, opts);
  const settled = await settle(ctx, decision, { ...job, direction: 'download' }, signal);
  if (settled === 'planned') return 'planned';

  const statePath = statePathFor('download', job.localPath, job.remotePath, remote.accountId, opts.stateDir);
  const partial = job.localPath + PARTIAL_SUFFIX;
  const want = { kind: 'download' as const, account: remote.accountId, remotePath: job.remotePath, localPath: job.localPath, size: job.size, mtimeMs: job.mtimeMs };
  const prior = await loadState(statePath);
  if (settled === 'skip') {
    if (prior && opts.resume) {
      await new StateFile(statePath, prior).remove();
      await rm(partial, { force: true });
    }
    return 'skipped';
  }
  const partialSize = await stat(partial).then((s) => s.size, () => -1);
  const resumable = opts.resume && prior && stateMatches(prior, want) && partialSize === job.size ? prior : undefined;

  await mkdir(dirname(job.localPath), { recursive: true });
  const chunkSize = resumable?.chunkSize ?? chunkSizeFor(opts, job.remotePath, job.size);
  const plan = planChunks(job.size, chunkSize);
  const state = new StateFile(statePath, resumable ?? freshState(want, chunkSize));
  const fh = await open(partial, resumable ? 'r+' : 'w+');
  try {
    if (!resumable) await fh.truncate(job.size); // preallocate (sparse): chunks land at their offsets
    await state.save();
    const keyOf = (c: Chunk) => `${job.localPath}#${c.index}`;
    for (const c of plan.chunks) {
      if (!state.isDone(c.index)) continue;
      ctx.counters.chunksResumed++;
      ctx.counters.bytesResumed += c.length;
      ctx.progress.chunkDone(keyOf(c), c.length);
    }
    const todo = plan.chunks.filter((c) => !state.isDone(c.index) && c.length > 0);
    try {
      await forEachLimited(todo, ctx.slots, async (chunk, s) => {
        const md5 = await fetchChunk(ctx, fh, job.remotePath, chunk, keyOf(chunk), state, s);
        await state.markDone(chunk.index, md5);
        ctx.progress.chunkDone(keyOf(chunk), chunk.length);
      }, signal);
    } catch (e) {
      await state.save().catch(() => {}); // how far the unfinished chunks got, for --resume
      throw e;
    }
    await verifyDownload(ctx, job, fh, plan.chunks, state, signal);
    if (opts.fsync) await fh.datasync();
  } finally {
    await fh.close();
  }
  throwIfAborted(signal);
  await rename(partial, job.localPath);
  await state.remove();
  ctx.counters.files++;
  ctx.counters.bytes += job.size;
  ctx.progress.fileDone();
  return 'transferred';
}


async function writeAt(fh: FileHandle, pieces: Buffer[], position: number): Promise<void> {
  let total = 0;
  for (const p of pieces) total += p.length;
  let { bytesWritten } = await fh.writev(pieces, position);
  if (bytesWritten === total) return;
  // Rare short write: finish byte by byte from where it stopped.
  const rest = Buffer.concat(pieces).subarray(bytesWritten);
  for (let off = 0; off < rest.length; off += bytesWritten) {
    ({ bytesWritten } = await fh.write(rest, off, rest.length - off, position + (total - rest.length) + off));
  }
}

/**
 * One chunk: bytes [offset, offset+length), written where they belong, continuing from the bytes an earlier
 * run wrote (recorded in the state as they land). The remote's read stream resumes by itself after a
 * connection fault; an answer that ends early is followed by a request for the rest, and more bytes than
 * asked for is corruption (both in readExactRange). Returns the chunk's MD5 when verifying checksums (and the
 * whole chunk went through this call).
 */
async function fetchChunk(ctx: TransferContext, fh: FileHandle, remotePath: string, chunk: Chunk, key: string, state: StateFile, signal: AbortSignal): Promise<string | undefined> {
  const startAt = Math.min(state.offsetOf(chunk.index), chunk.length);
  const hash = ctx.opts.verify === 'checksum' && startAt === 0 ? createHash('md5') : undefined;
  const open = (offset: number, length: number) => ctx.remote.read(remotePath, offset, length, { abortSignal: signal });
  let pos = chunk.offset + startAt;
  if (startAt > 0) {
    ctx.progress.chunkBytes(key, startAt);
    ctx.counters.bytesResumed += startAt;
  }
  let batch: Buffer[] = [];
  let batchBytes = 0;
  const flush = async () => {
    if (batchBytes === 0) return;
    await writeAt(fh, batch, pos);
    for (const b of batch) hash?.update(b);
    pos += batchBytes;
    batch = [];
    batchBytes = 0;
    state.noteOffset(chunk.index, pos - chunk.offset);
    ctx.progress.chunkBytes(key, pos - chunk.offset);
  };
  // The stream is held while a batch is written, so flushes never overlap.
  await readExactRange(open, chunk.offset + startAt, chunk.offset + chunk.length, `OPEN ${remotePath}`, (piece) => {
    batch.push(piece);
    batchBytes += piece.length;
    return batchBytes >= WRITE_BATCH ? flush() : undefined;
  }, signal);
  await flush();
  ctx.counters.bytesTransferred += chunk.length - startAt;
  ctx.counters.chunksTransferred++;
  return hash?.digest('base64');
}

/**
 * Sizes always (and the remote file must not have changed meanwhile); with verify 'checksum', the
 * partial file is re-read and each chunk's MD5 compared with the digest of the bytes received.
 */
async function verifyDownload(ctx: TransferContext, job: DownloadFileJob, fh: FileHandle, chunks: Chunk[], state: StateFile, signal: AbortSignal): Promise<void> {
  const { remote, opts } = ctx;
  const [local, now] = await Promise.all([fh.stat(), remote.stat(job.remotePath, { abortSignal: signal })]);
  if (local.size !== job.size) throw new IntegrityError(`Download of ${job.remotePath}: local size ${local.size} ≠ remote size ${job.size}.`);
  if (!now || now.length !== job.size || now.modificationTime !== job.mtimeMs) {
    throw new IntegrityError(`${job.remotePath} changed during the download; run it again.`);
  }
  if (opts.verify !== 'checksum') return;
  await forEachLimited(chunks.filter((c) => c.length > 0), ctx.slots, async (c, s) => {
    // A chunk finished by an earlier run without a digest is compared with the remote bytes instead.
    const expected = state.state.md5?.[String(c.index)]
      ?? (await md5OfStream(await remote.read(job.remotePath, c.offset, c.length, { abortSignal: s }))).md5;
    const got = await md5OfFileRange(fh, c.offset, c.length, opts.blockSize, s);
    if (got !== expected) throw new IntegrityError(`Checksum mismatch in ${job.localPath} bytes ${c.offset}..${c.offset + c.length}.`);
  }, signal);
}
