import { randomBytes } from 'node:crypto';
import { Readable, type Writable } from 'node:stream';
import { eachChunk } from './byte-source.js';
import type { ByteSource, ExtentSlice, ExtentStore, PinnedBytes } from './extents.js';
import { writeChunk } from './sink.js';

/** Blocks grow with the extent (64 KiB, then as large as the extent so far) up to 1 MiB: small files stay small. */
const MIN_BLOCK = 64 * 1024;
const MAX_BLOCK = 1024 * 1024;

/**
 * An extent's bytes: `blocks[i]` holds bytes [ends[i-1], ends[i]); `tail` is the last block's backing buffer
 * while it still has room. Bytes once written are never changed in place (a cut drops the tail), so a reader
 * holding views of them keeps what it pinned.
 */
interface MemoryExtent { blocks: Buffer[]; ends: number[]; length: number; tail?: { buf: Buffer; used: number } }

/**
 * Extents in memory: the throwaway backend. A write appends at the extent's end (a write at an earlier position
 * first cuts the bytes after it, as a retried append overwrites what a failed one left). Incoming chunks are
 * gathered into blocks, so reads send few, large buffers.
 */
export class MemoryExtents implements ExtentStore {
  private readonly extents = new Map<string, MemoryExtent>();

  newId(): string {
    return randomBytes(16).toString('hex');
  }

  async write(id: string, position: number, source: ByteSource, create: boolean): Promise<number> {
    let e = this.extents.get(id);
    if (create) {
      if (e) throw new Error(`extent ${id} exists`);
      e = { blocks: [], ends: [], length: 0 };
      this.extents.set(id, e);
    } else if (!e) {
      throw new Error(`extent ${id} does not exist`);
    }
    if (position > e.length) throw new Error(`write at ${position} past the end (${e.length}) of extent ${id}`);
    if (position < e.length) cut(e, position);
    const ext = e;
    let written = 0;
    await eachChunk(source, (chunk) => {
      for (let off = 0; off < chunk.length;) {
        let tail = ext.tail;
        if (!tail || tail.used === tail.buf.length) {
          tail = { buf: Buffer.allocUnsafe(Math.min(MAX_BLOCK, Math.max(MIN_BLOCK, ext.length))), used: 0 };
          ext.tail = tail;
          ext.blocks.push(tail.buf.subarray(0, 0));
          ext.ends.push(ext.length);
        }
        const n = chunk.copy(tail.buf, tail.used, off);
        tail.used += n;
        off += n;
        ext.length += n;
        written += n;
        ext.blocks[ext.blocks.length - 1] = tail.buf.subarray(0, tail.used);
        ext.ends[ext.ends.length - 1] = ext.length;
      }
    });
    return written;
  }

  pin(slices: readonly ExtentSlice[]): PinnedBytes {
    const views: Buffer[] = [];
    for (const s of slices) {
      const e = this.extents.get(s.extent);
      if (!e) throw new Error(`extent ${s.extent} does not exist`);
      for (let i = blockAt(e, s.start), pos = s.start; pos < s.end; i++) {
        const begin = i === 0 ? 0 : e.ends[i - 1];
        const n = Math.min(e.ends[i], s.end) - pos;
        views.push(e.blocks[i].subarray(pos - begin, pos - begin + n));
        pos += n;
      }
    }
    const release = () => { views.length = 0; };
    const send = async (sink: Writable) => {
      try {
        for (const v of views) await writeChunk(sink, v);
      } finally {
        release();
      }
    };
    return { stream: () => Readable.from(views, { objectMode: false }), send, release };
  }

  async remove(id: string): Promise<void> {
    this.extents.delete(id);
  }

  async truncate(id: string, length: number): Promise<void> {
    const e = this.extents.get(id);
    if (e && length < e.length) cut(e, length);
  }

  async *list(): AsyncIterable<[string, number]> {
    for (const [id, e] of [...this.extents]) yield [id, e.length];
  }
}

/** Index of the block holding byte `pos`. */
function blockAt(e: MemoryExtent, pos: number): number {
  let lo = 0, hi = e.ends.length - 1;
  while (lo < hi) {
    const mid = (lo + hi) >> 1;
    if (e.ends[mid] <= pos) lo = mid + 1; else hi = mid;
  }
  return lo;
}

/** Drops the bytes of `e` from `length` on; later writes go to a fresh block. */
function cut(e: MemoryExtent, length: number): void {
  if (length === 0) {
    e.blocks = []; e.ends = [];
  } else {
    const i = blockAt(e, length - 1);
    const begin = i === 0 ? 0 : e.ends[i - 1];
    e.blocks = e.blocks.slice(0, i + 1);
    e.ends = e.ends.slice(0, i + 1);
    e.blocks[i] = e.blocks[i].subarray(0, length - begin);
    e.ends[i] = length;
  }
  e.length = length;
  e.tail = undefined;
}
