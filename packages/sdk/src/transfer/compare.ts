/** Content comparison of a local file and a remote file of the same size: per-chunk MD5s of both sides, streamed, in parallel. */
import { open } from 'node:fs/promises';
import { md5OfFileRange, md5OfStream } from './checksum.js';
import { forEachLimited } from './concurrency.js';
import type { TransferContext } from './context.js';
import { effectiveChunkSize, planChunks } from './plan.js';

class Differs extends Error {}

/**
 * True when the remote file holds exactly the local file's bytes. Gen1 serves no checksum operation
 * (GETFILECHECKSUM is not part of its WebHDFS subset), so the remote side is read and hashed as a stream;
 * memory stays at one read buffer per slot. Stops at the first differing chunk.
 */
export async function sameContent(ctx: TransferContext, localPath: string, remotePath: string, size: number, signal: AbortSignal): Promise<boolean> {
  const { opts, remote } = ctx;
  const chunkSize = effectiveChunkSize(size, { chunkSize: opts.chunkSize, blockSize: opts.blockSize, concurrency: opts.concurrency, adapt: true });
  const fh = await open(localPath, 'r');
  try {
    if ((await fh.stat()).size !== size) return false;
    await forEachLimited(planChunks(size, chunkSize).chunks.filter((c) => c.length > 0), ctx.slots, async (c, s) => {
      const [local, far] = await Promise.all([
        md5OfFileRange(fh, c.offset, c.length, opts.blockSize, s),
        remote.read(remotePath, c.offset, c.length, { abortSignal: s }).then(md5OfStream),
      ]);
      if (far.bytes !== c.length || far.md5 !== local) throw new Differs();
    }, signal);
    return true;
  } catch (e) {
    if (e instanceof Differs) return false;
    throw e;
  } finally {
    await fh.close();
  }
}
