/**
 * Uploads one local file, the Gen1 way (filesystem-api.md §8.1):
 * - a file that fits one chunk goes straight to the target (one CREATE when it fits one block, which is
 *   atomic; otherwise CREATE + APPENDs, and the partial target is deleted if the upload fails);
 * - a larger file is split into chunks written in parallel as segment files under
 *   `{target}.segments.{uuid}/`, each CREATE (first block) + APPENDs at explicit offsets, then joined by one
 *   MSCONCAT that also deletes the segments folder. The target name appears only at that last step.
 * Finished chunks are recorded in the resume state file; a resumed run checks them against the segments
 * folder and sends only the rest, continuing each unfinished chunk from the length its segment reached.
 */
import { createHash, randomUUID, type Hash } from 'node:crypto';
import { open, stat, type FileHandle } from 'node:fs/promises';
import { AdlsError, AlreadyExistsError, BadOffsetError, IntegrityError, throwIfAborted } from '../errors.js';
import { baseName } from '../filesystem/paths.js';
import type { FileStatus } from '../filesystem/types.js';
import { md5OfFileRange, md5OfStream } from './checksum.js';
import { forEachLimited } from './concurrency.js';
import { fileRangeBody } from './file-range.js';
import type { TransferContext } from './context.js';
import { decide } from './existing.js';
import { chunkSizeFor, TRANSFER_DEFAULTS } from './options.js';
import { blocksOf, planChunks, type Chunk, type ChunkPlan } from './plan.js';
import { settle } from './settle.js';
import { freshState, loadState, stateMatches, statePathFor, StateFile, type TransferState } from './state.js';

export interface UploadFileJob {
  localPath: string;
  remotePath: string;
  size: number;
  mtimeMs: number;
  /** What the caller already knows of the target: null = missing, undefined = unknown (stat it). */
  target?: FileStatus | null;
}

/** 'planned': a dry run recorded what it would do. */
export type FileOutcome = 'transferred' | 'skipped' | 'planned';

export async function uploadFile(ctx: TransferContext, job: UploadFileJob, signal: AbortSignal): Promise<FileOutcome> {
  const { remote, opts } = ctx;
  throwIfAborted(signal);
  // Target rules, before any data moves.
  const target = job.target === undefined ? await remote.stat(job.remotePath, { abortSignal: signal }) : job.target;
  if (target?.type === 'DIRECTORY') throw new AlreadyExistsError('ALREADY_EXISTS', `Upload target ${job.remotePath} is a directory.`);
  const decision = decide(job, target ? { size: target.length, mtimeMs: target.modificationTime } : undefined, opts);
  const settled = await settle(ctx, decision, { ...job, direction: 'upload' }, signal);
  if (settled === 'planned') return 'planned';

  const statePath = statePathFor('upload', job.localPath, job.remotePath, remote.accountId, opts.stateDir);
  // The change time too: unlike the modification time, no one can set it back after editing the file.
  const ctimeMs = (await stat(job.localPath)).ctimeMs;
  const want = { kind: 'upload' as const, account: remote.accountId, remotePath: job.remotePath, localPath: job.localPath, size: job.size, mtimeMs: job.mtimeMs, ctimeMs };
  const prior = await loadState(statePath);
  const resumable = opts.resume && prior !== undefined && stateMatches(prior, want) ? prior : undefined;
  if (settled === 'skip') {
    // The target already holds the source: what an earlier run left behind is garbage.
    if (prior && opts.resume) {
      await discardStale(ctx, prior, job.remotePath);
      await new StateFile(statePath, prior).remove();
    }
    return 'skipped';
  }
  if (prior && !resumable) await discardStale(ctx, prior, job.remotePath);

  const fh = await open(job.localPath, 'r');
  try {
    const st = await fh.stat();
    if (st.size !== job.size) throw new IntegrityError(`${job.localPath} changed size while the upload was prepared (${job.size} → ${st.size}).`);
    const chunkSize = resumable?.chunkSize ?? chunkSizeFor(opts, job.localPath, job.size);
    const plan = planChunks(job.size, chunkSize);
    const replace = decision !== 'new';
    const digests = plan.chunks.length === 1
      ? [await uploadDirect(ctx, job, fh, signal)]
      : await uploadSegmented(ctx, job, fh, plan, new StateFile(statePath, resumable ?? freshState(want, chunkSize)), resumable !== undefined, replace, signal);
    await verifyUpload(ctx, job, fh, plan, digests, signal);
    const after = await fh.stat();
    if (after.size !== job.size || Math.trunc(after.mtimeMs) !== job.mtimeMs || after.ctimeMs !== ctimeMs) {
      throw new IntegrityError(`${job.localPath} was modified during the upload; the remote copy may mix old and new content.`);
    }
  } finally {
    await fh.close();
  }
  await new StateFile(statePath, freshState(want, 0)).remove();
  ctx.counters.files++;
  ctx.counters.bytes += job.size;
  ctx.progress.fileDone();
  return 'transferred';
}


/** A state file that does not describe this run: its segments are garbage (best effort). */
async function discardStale(ctx: TransferContext, prior: TransferState, remotePath: string): Promise<void> {
  if (prior.kind !== 'upload' || !prior.segmentsDir || prior.account !== ctx.remote.accountId) return;
  if (!prior.segmentsDir.startsWith(`${prior.remotePath}.segments.`) || prior.remotePath !== remotePath) return;
  await ctx.remote.remove(prior.segmentsDir, { recursive: true }).catch(() => {});
}

/**
 * Writes one chunk's bytes to `path`: the first block in the CREATE, the rest in APPENDs at explicit
 * offsets; the last request carries syncFlag CLOSE. A resumed chunk starts at `startAt`, the length the
 * service acknowledged, with APPENDs only. Returns the chunk's MD5 when verifying checksums (and the whole
 * chunk went through this call).
 * With `resync` (segments of a resumable upload), an APPEND refused with BadOffset asks the service for the
 * segment's length again and continues from there: an APPEND of the interrupted run that landed after this
 * run read the lengths wrote the very same bytes (same file, same offsets, same lease).
 */
async function writeChunk(
  ctx: TransferContext, fh: FileHandle, localPath: string, path: string, chunk: Chunk, key: string, leaseId: string, signal: AbortSignal, startAt = 0,
  sent: { create: boolean } = { create: false }, resync = false,
): Promise<string | undefined> {
  let hash = ctx.opts.verify === 'checksum' && startAt === 0 ? createHash('md5') : undefined;
  if (startAt > 0) {
    ctx.progress.chunkBytes(key, startAt);
    ctx.counters.bytesResumed += startAt;
  }
  for (let from = startAt, resyncs = 0; ;) {
    try {
      hash = await writeBlocks(ctx, fh, localPath, path, chunk, key, leaseId, signal, from, sent, hash);
      break;
    } catch (e) {
      if (!resync || !(e instanceof BadOffsetError) || ++resyncs > TRANSFER_DEFAULTS.maxAttempts) throw e;
      const have = (await ctx.remote.stat(path, { abortSignal: signal }))?.length;
      if (have === undefined || have > chunk.length) throw e;
      from = have;
      hash = undefined; // bytes this run did not read: the check hashes the chunk from the file instead
      if (have === chunk.length) break; // the late APPEND was the last block (with CLOSE)
    }
  }
  ctx.counters.bytesTransferred += chunk.length - startAt;
  ctx.counters.chunksTransferred++;
  return hash?.digest('base64');
}

/**
 * The blocks of `chunk` from byte `from` on, each streamed from the file (see file-range.ts). Returns the
 * chunk's hash carried over the blocks sent, or undefined when an attempt's bytes could not all be hashed.
 */
async function writeBlocks(
  ctx: TransferContext, fh: FileHandle, localPath: string, path: string, chunk: Chunk, key: string, leaseId: string, signal: AbortSignal,
  from: number, sent: { create: boolean }, hash: Hash | undefined,
): Promise<Hash | undefined> {
  const { remote, opts } = ctx;
  const blocks = [...blocksOf({ index: chunk.index, offset: chunk.offset + from, length: chunk.length - from }, opts.blockSize)];
  for (let i = 0; i < blocks.length; i++) {
    throwIfAborted(signal);
    const b = blocks[i];
    const creates = i === 0 && from === 0;
    const w = { abortSignal: signal, leaseId, syncFlag: i === blocks.length - 1 ? 'CLOSE' as const : 'DATA' as const };
    if (b.length === 0) { // an empty file: one empty CREATE
      sent.create = creates;
      await remote.create(path, Buffer.alloc(0), w);
      continue;
    }
    // Each attempt hashes on a copy of the state so far; the one that read the whole block is kept.
    let attempt: Hash | undefined;
    const base = hash;
    const body = fileRangeBody(fh, b.offset, b.length, localPath, ctx.buffers, base && (() => {
      const h = (attempt = base.copy());
      return (piece) => h.update(piece);
    }));
    try {
      if (creates) await remote.create(path, body, w);
      else await remote.append(path, body, b.offset - chunk.offset, w);
      hash = attempt !== undefined && body.lastRead === b.length ? attempt : undefined;
    } catch (e) {
      // A CREATE whose body went out whole may have replaced the target, even if its reply was lost; one whose
      // local read failed part way never reached the service complete.
      if (creates && body.wholeRead) sent.create = true;
      throw body.failure ?? e;
    } finally {
      body.release();
    }
    if (creates) sent.create = true;
    ctx.progress.chunkBytes(key, b.offset + b.length - chunk.offset);
  }
  return hash;
}

/**
 * The lease id a segment is written under, the same in every run: a resumed run appends to a segment an
 * interrupted one left open (its lease still held) as the same writer.
 */
function segmentLease(segmentsDir: string, index: number): string {
  const h = createHash('sha256').update(`${segmentsDir}#${index}`).digest('hex');
  return `${h.slice(0, 8)}-${h.slice(8, 12)}-4${h.slice(13, 16)}-a${h.slice(17, 20)}-${h.slice(20, 32)}`;
}

/** A file of one chunk, straight to the target. */
async function uploadDirect(ctx: TransferContext, job: UploadFileJob, fh: FileHandle, signal: AbortSignal): Promise<string | undefined> {
  const chunk: Chunk = { index: 0, offset: 0, length: job.size };
  const key = `${job.localPath}#0`;
  const sent = { create: false };
  return ctx.slots.run(async () => {
    try {
      const md5 = await writeChunk(ctx, fh, job.localPath, job.remotePath, chunk, key, randomUUID(), signal, 0, sent);
      ctx.progress.chunkDone(key, chunk.length);
      return md5;
    } catch (e) {
      // A multi-request write may have left a partial target: never leave it looking complete. A failure before
      // the CREATE was sent (abort, a local read error) leaves an existing target as it was.
      if (sent.create && job.size > ctx.opts.blockSize) await ctx.remote.remove(job.remotePath, { recursive: false, abortSignal: AbortSignal.timeout(10_000) }).catch(() => {});
      throw e;
    }
  }, signal);
}

const segmentName = (remotePath: string, chunk: Chunk) => `${baseName(remotePath)}_${chunk.offset}`;

/** Chunks as segment files in parallel, then one MSCONCAT. Returns per-chunk MD5s (when verifying). */
async function uploadSegmented(
  ctx: TransferContext, job: UploadFileJob, fh: FileHandle, plan: ChunkPlan, state: StateFile, resuming: boolean, replace: boolean, signal: AbortSignal,
): Promise<(string | undefined)[]> {
  const { remote } = ctx;
  const segmentsDir = state.state.segmentsDir ??= `${job.remotePath}.segments.${randomUUID().replace(/-/g, '')}`;
  const startAt = resuming ? await acknowledgedLengths(ctx, plan, state, job.remotePath, signal) : new Map<number, number>();
  await state.save(); // before any data moves, so that a kill at any point is resumable
  const keyOf = (c: Chunk) => `${job.localPath}#${c.index}`;
  for (const c of plan.chunks) {
    if (!state.isDone(c.index)) continue;
    ctx.counters.chunksResumed++;
    ctx.counters.bytesResumed += c.length;
    ctx.progress.chunkDone(keyOf(c), c.length);
  }
  const todo = plan.chunks.filter((c) => !state.isDone(c.index));
  const digests: (string | undefined)[] = [];
  await forEachLimited(todo, ctx.slots, async (chunk, s) => {
    const path = `${segmentsDir}/${segmentName(job.remotePath, chunk)}`;
    const md5 = await writeChunk(ctx, fh, job.localPath, path, chunk, keyOf(chunk), segmentLease(segmentsDir, chunk.index), s, startAt.get(chunk.index), undefined, true);
    digests[chunk.index] = md5;
    await state.markDone(chunk.index, md5);
    ctx.progress.chunkDone(keyOf(chunk), chunk.length);
  }, signal);

  throwIfAborted(signal);
  // The target may have appeared meanwhile; MSCONCAT onto an existing file would append to it.
  const existing = await remote.stat(job.remotePath, { abortSignal: signal });
  if (existing) {
    if (existing.type === 'DIRECTORY' || !replace) throw new AlreadyExistsError('ALREADY_EXISTS', `${job.remotePath} already exists (use overwrite to replace it).`);
    await remote.remove(job.remotePath, { recursive: false, abortSignal: signal });
  }
  const sources = plan.chunks.map((c) => `${segmentsDir}/${segmentName(job.remotePath, c)}`);
  await concatOnce(ctx, job, sources, segmentsDir, signal);
  // Only digests of bytes read in this run: chunks sent earlier are hashed again from the file by the check.
  return plan.chunks.map((c) => digests[c.index]);
}

/**
 * On resume, asks the service how far each segment got: a chunk counts as done only if its segment file is
 * there with the full length; an unfinished chunk continues from its segment's length (every byte below it
 * was acknowledged). Returns those start offsets.
 */
async function acknowledgedLengths(ctx: TransferContext, plan: ChunkPlan, state: StateFile, remotePath: string, signal: AbortSignal): Promise<Map<number, number>> {
  const lengths = new Map<string, number>();
  try {
    for await (const s of ctx.remote.list(state.state.segmentsDir!, { abortSignal: signal })) lengths.set(s.name, s.length);
  } catch (e) {
    if (!(e instanceof AdlsError && e.code === 'NOT_FOUND')) throw e;
  }
  const startAt = new Map<number, number>();
  for (const c of plan.chunks) {
    const have = lengths.get(segmentName(remotePath, c));
    if (state.isDone(c.index)) {
      if (have === c.length) continue;
      state.forget(c.index); // recorded as finished, but the segment is gone or short: continue it like any other
    }
    if (have === undefined || have === 0 || have > c.length) continue; // start over (CREATE replaces it)
    if (have === c.length) await state.markDone(c.index); // all acknowledged; the kill came before the state was written
    else startAt.set(c.index, have);
  }
  return startAt;
}

/**
 * MSCONCAT is not retried blindly (a lost reply may hide a success): after a failure, the target's
 * presence with the full size and the segments folder's absence mean it happened.
 */
async function concatOnce(ctx: TransferContext, job: UploadFileJob, sources: string[], segmentsDir: string, signal: AbortSignal): Promise<void> {
  for (let attempt = 1; ; attempt++) {
    try {
      await ctx.remote.concat(job.remotePath, sources, { abortSignal: signal });
      return;
    } catch (e) {
      throwIfAborted(signal);
      const uncertain = e instanceof AdlsError && (e.code === 'CONNECTION' || (e.status ?? 0) >= 500);
      if (!uncertain || attempt >= TRANSFER_DEFAULTS.maxAttempts) throw e;
      const [target, segs] = await Promise.all([
        ctx.remote.stat(job.remotePath, { abortSignal: signal }),
        ctx.remote.stat(segmentsDir, { abortSignal: signal }),
      ]);
      if (target && target.length === job.size && !segs) return;
      if (!segs || target) throw e; // a half state we must not paper over
    }
  }
}

/** Size always; with verify 'checksum', per-chunk MD5s of the remote file (read back) against the local ones. */
async function verifyUpload(ctx: TransferContext, job: UploadFileJob, fh: FileHandle, plan: ChunkPlan, digests: (string | undefined)[], signal: AbortSignal): Promise<void> {
  const { remote, opts } = ctx;
  const st = await remote.stat(job.remotePath, { abortSignal: signal });
  if (!st || st.length !== job.size) {
    throw new IntegrityError(`Upload of ${job.localPath} to ${job.remotePath}: remote size ${st?.length ?? 'missing'} ≠ local size ${job.size}.`);
  }
  if (opts.verify !== 'checksum') return;
  await forEachLimited(plan.chunks, ctx.slots, async (c, s) => {
    const local = digests[c.index] ?? await md5OfFileRange(fh, c.offset, c.length, opts.blockSize, s);
    const got = c.length === 0 ? { md5: local, bytes: 0 } : await md5OfStream(await remote.read(job.remotePath, c.offset, c.length, { abortSignal: s }));
    if (got.bytes !== c.length || got.md5 !== local) {
      throw new IntegrityError(`Checksum mismatch in ${job.remotePath} bytes ${c.offset}..${c.offset + c.length}: the remote copy differs from ${job.localPath}.`);
    }
  }, signal);
}
