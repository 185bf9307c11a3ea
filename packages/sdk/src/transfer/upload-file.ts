/**
 * Uploads one local file, the Gen1 way (filesystem-api.md §8.1):
 * - a file that fits one chunk goes straight to the target (one CREATE when it fits one block, which is
 *   atomic; otherwise CREATE + APPENDs, and the partial target is deleted if the upload fails);
 * - a larger file is split into chunks written in parallel as segment files under
 *   `{target}.segments.{uuid}/`, each CREATE (first block) + APPENDs at explicit offsets, then joined by one
 *   MSCONCAT that also deletes the segments folder. The target name appears only at that last step.
 * Finished chunks are recorded in the resume state file; a resumed run checks them against the segments
 * folder and sends only the rest.
 */
import { createHash, randomUUID } from 'node:crypto';
import { open, type FileHandle } from 'node:fs/promises';
import { AdlsError, AlreadyExistsError, IntegrityError, throwIfAborted } from '../errors.js';
import { baseName } from '../filesystem/paths.js';
import type { FileStatus } from '../filesystem/types.js';
import { md5OfFileRange, md5OfStream } from './checksum.js';
import { forEachLimited } from './concurrency.js';
import type { TransferContext } from './context.js';
import { TRANSFER_DEFAULTS } from './options.js';
import { blocksOf, effectiveChunkSize, planChunks, type Chunk, type ChunkPlan } from './plan.js';
import { freshState, loadState, stateMatches, statePathFor, StateFile, type TransferState } from './state.js';

export interface UploadFileJob {
  localPath: string;
  remotePath: string;
  size: number;
  mtimeMs: number;
  /** What the caller already knows of the target: null = missing, undefined = unknown (stat it). */
  target?: FileStatus | null;
}

export type FileOutcome = 'transferred' | 'skipped';

export async function uploadFile(ctx: TransferContext, job: UploadFileJob, signal: AbortSignal): Promise<FileOutcome> {
  const { remote, opts } = ctx;
  throwIfAborted(signal);
  const statePath = statePathFor('upload', job.localPath, job.remotePath, remote.accountId, opts.stateDir);
  const want = { kind: 'upload' as const, account: remote.accountId, remotePath: job.remotePath, localPath: job.localPath, size: job.size, mtimeMs: job.mtimeMs };
  const prior = await loadState(statePath);
  const resumable = opts.resume && prior !== undefined && stateMatches(prior, want) ? prior : undefined;

  // Target rules, before any data moves.
  const target = job.target === undefined ? await remote.stat(job.remotePath, { abortSignal: signal }) : job.target;
  if (target?.type === 'DIRECTORY') throw new AlreadyExistsError('ALREADY_EXISTS', `Upload target ${job.remotePath} is a directory.`);
  if (target) {
    const segmentsLeft = resumable?.segmentsDir ? await remote.stat(resumable.segmentsDir, { abortSignal: signal }) : undefined;
    if (opts.resume && target.length === job.size && !segmentsLeft) {
      // Finished earlier (perhaps killed between the concat and the state cleanup).
      await new StateFile(statePath, prior ?? freshState(want, 0)).remove();
      ctx.progress.chunkDone(`${job.localPath}#all`, job.size);
      ctx.progress.fileDone();
      ctx.counters.filesSkipped++;
      return 'skipped';
    }
    if (!opts.overwrite) throw new AlreadyExistsError('ALREADY_EXISTS', `${job.remotePath} already exists (use overwrite to replace it).`);
  }
  if (prior && !resumable) await discardStale(ctx, prior, job.remotePath);

  const fh = await open(job.localPath, 'r');
  try {
    const st = await fh.stat();
    if (st.size !== job.size) throw new IntegrityError(`${job.localPath} changed size while the upload was prepared (${job.size} → ${st.size}).`);
    const chunkSize = resumable?.chunkSize ?? effectiveChunkSize(job.size, { chunkSize: opts.chunkSize, blockSize: opts.blockSize, concurrency: opts.concurrency, adapt: opts.adaptChunkSize });
    const plan = planChunks(job.size, chunkSize);
    const digests = plan.chunks.length === 1
      ? [await uploadDirect(ctx, job, fh, signal)]
      : await uploadSegmented(ctx, job, fh, plan, new StateFile(statePath, resumable ?? freshState(want, chunkSize)), resumable !== undefined, signal);
    await verifyUpload(ctx, job, fh, plan, digests, signal);
    const after = await fh.stat();
    if (after.size !== job.size || Math.trunc(after.mtimeMs) !== job.mtimeMs) {
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

/** Reads `length` bytes at `position` into `buf` (all of them, or IntegrityError). */
async function readExactly(fh: FileHandle, buf: Buffer, length: number, position: number, localPath: string): Promise<Buffer> {
  let got = 0;
  while (got < length) {
    const { bytesRead } = await fh.read(buf, got, length - got, position + got);
    if (bytesRead === 0) throw new IntegrityError(`${localPath} ended early at byte ${position + got} (was it truncated during the upload?).`);
    got += bytesRead;
  }
  return buf.subarray(0, length);
}

/**
 * Writes one chunk's bytes to `path`: the first block in the CREATE, the rest in APPENDs at explicit
 * offsets; the last request carries syncFlag CLOSE. Returns the chunk's MD5 when verifying checksums.
 */
async function writeChunk(ctx: TransferContext, fh: FileHandle, localPath: string, path: string, chunk: Chunk, key: string, signal: AbortSignal): Promise<string | undefined> {
  const { remote, opts } = ctx;
  const hash = opts.verify === 'checksum' ? createHash('md5') : undefined;
  const buf = ctx.buffers.take();
  const leaseId = randomUUID();
  const blocks = [...blocksOf(chunk, opts.blockSize)];
  try {
    for (let i = 0; i < blocks.length; i++) {
      throwIfAborted(signal);
      const b = blocks[i];
      const bytes = await readExactly(fh, buf, b.length, b.offset, localPath);
      hash?.update(bytes);
      const w = { abortSignal: signal, leaseId, syncFlag: i === blocks.length - 1 ? 'CLOSE' as const : 'DATA' as const };
      if (i === 0) await remote.create(path, bytes, w);
      else await remote.append(path, bytes, b.offset - chunk.offset, w);
      ctx.progress.chunkBytes(key, b.offset + b.length - chunk.offset);
    }
  } finally {
    ctx.buffers.give(buf);
  }
  ctx.counters.bytesTransferred += chunk.length;
  ctx.counters.chunksTransferred++;
  return hash?.digest('base64');
}

/** A file of one chunk, straight to the target. */
async function uploadDirect(ctx: TransferContext, job: UploadFileJob, fh: FileHandle, signal: AbortSignal): Promise<string | undefined> {
  const chunk: Chunk = { index: 0, offset: 0, length: job.size };
  const key = `${job.localPath}#0`;
  return ctx.slots.run(async () => {
    try {
      const md5 = await writeChunk(ctx, fh, job.localPath, job.remotePath, chunk, key, signal);
      ctx.progress.chunkDone(key, chunk.length);
      return md5;
    } catch (e) {
      // A multi-request write may have left a partial target: never leave it looking complete.
      if (job.size > ctx.opts.blockSize) await ctx.remote.remove(job.remotePath, { recursive: false, abortSignal: AbortSignal.timeout(10_000) }).catch(() => {});
      throw e;
    }
  }, signal);
}

const segmentName = (remotePath: string, chunk: Chunk) => `${baseName(remotePath)}_${chunk.offset}`;

/** Chunks as segment files in parallel, then one MSCONCAT. Returns per-chunk MD5s (when verifying). */
async function uploadSegmented(
  ctx: TransferContext, job: UploadFileJob, fh: FileHandle, plan: ChunkPlan, state: StateFile, resuming: boolean, signal: AbortSignal,
): Promise<(string | undefined)[]> {
  const { remote } = ctx;
  const segmentsDir = state.state.segmentsDir ??= `${job.remotePath}.segments.${randomUUID().replace(/-/g, '')}`;
  if (resuming) await dropMissingSegments(ctx, plan, state, job.remotePath, signal);
  await state.save(); // before any data moves, so that a kill at any point is resumable
  const keyOf = (c: Chunk) => `${job.localPath}#${c.index}`;
  for (const c of plan.chunks) {
    if (!state.isDone(c.index)) continue;
    ctx.counters.chunksResumed++;
    ctx.progress.chunkDone(keyOf(c), c.length);
  }
  const todo = plan.chunks.filter((c) => !state.isDone(c.index));
  await forEachLimited(todo, ctx.slots, async (chunk, s) => {
    const md5 = await writeChunk(ctx, fh, job.localPath, `${segmentsDir}/${segmentName(job.remotePath, chunk)}`, chunk, keyOf(chunk), s);
    await state.markDone(chunk.index, md5);
    ctx.progress.chunkDone(keyOf(chunk), chunk.length);
  }, signal);

  throwIfAborted(signal);
  // The target may have appeared meanwhile; MSCONCAT onto an existing file would append to it.
  const existing = await remote.stat(job.remotePath, { abortSignal: signal });
  if (existing) {
    if (existing.type === 'DIRECTORY' || !ctx.opts.overwrite) throw new AlreadyExistsError('ALREADY_EXISTS', `${job.remotePath} already exists (use overwrite to replace it).`);
    await remote.remove(job.remotePath, { recursive: false, abortSignal: signal });
  }
  const sources = plan.chunks.map((c) => `${segmentsDir}/${segmentName(job.remotePath, c)}`);
  await concatOnce(ctx, job, sources, segmentsDir, signal);
  return plan.chunks.map((c) => state.state.md5?.[String(c.index)]);
}

/** On resume: a chunk counts as done only if its segment file is there with the right length. */
async function dropMissingSegments(ctx: TransferContext, plan: ChunkPlan, state: StateFile, remotePath: string, signal: AbortSignal): Promise<void> {
  const lengths = new Map<string, number>();
  try {
    for await (const s of ctx.remote.list(state.state.segmentsDir!, { abortSignal: signal })) lengths.set(s.name, s.length);
  } catch (e) {
    if (!(e instanceof AdlsError && e.code === 'NOT_FOUND')) throw e;
  }
  for (const c of plan.chunks) {
    if (state.isDone(c.index) && lengths.get(segmentName(remotePath, c)) !== c.length) state.forget(c.index);
  }
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
