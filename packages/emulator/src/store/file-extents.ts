import { randomBytes } from 'node:crypto';
import { closeSync, createReadStream, mkdirSync, openSync, read } from 'node:fs';
import { open, readdir, stat, truncate, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';
import { Readable, type Writable } from 'node:stream';
import { BufferPool } from './buffer-pool.js';
import { eachChunk } from './byte-source.js';
import type { ByteSource, ExtentSlice, ExtentStore, PinnedBytes } from './extents.js';
import { writeChunk } from './sink.js';

const EXTENT_ID = /^[0-9a-f]{32}$/;
const WRITE_BATCH = 1024 * 1024;
const READ_CHUNK = 1024 * 1024;
/**
 * Buffers for sending extents to a socket: one read per MiB, and the buffer is reused once the socket is done
 * with it. Two per answer are in use at most (one being sent, the next being read); 32 idle ones are kept.
 */
const sendBuffers = new BufferPool(READ_CHUNK, 32);

/** Reads up to `length` bytes at `position` into `buf` (from the start); resolves with the count read. */
function readAt(fd: number, buf: Buffer, length: number, position: number): Promise<number> {
  return new Promise((resolve, reject) => read(fd, buf, 0, length, position, (e, n) => (e ? reject(e) : resolve(n))));
}

/**
 * Extents as files under {dir}/{2 hex}/{32 hex}. Names are random ids, never derived from user paths, so no
 * request can reach a file outside this folder. Every write ends with fdatasync before it resolves, so a
 * committed length never covers bytes that are not on disk.
 */
export class FileExtents implements ExtentStore {
  private readonly made = new Set<string>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  newId(): string {
    return randomBytes(16).toString('hex');
  }

  path(id: string): string {
    if (!EXTENT_ID.test(id)) throw new Error('invalid extent id');
    return join(this.dir, id.slice(0, 2), id);
  }

  async write(id: string, position: number, source: ByteSource, create: boolean): Promise<number> {
    const sub = join(this.dir, id.slice(0, 2));
    if (create && !this.made.has(sub)) {
      mkdirSync(sub, { recursive: true, mode: 0o700 });
      this.made.add(sub);
    }
    const fh: FileHandle = await open(this.path(id), create ? 'wx' : 'r+', 0o600);
    let written = 0;
    try {
      // Chunks are batched into ~1 MiB writev calls: far fewer syscalls than one write per socket chunk,
      // and memory stays bounded by the batch size.
      let batch: Buffer[] = [];
      let batched = 0;
      const flush = async () => {
        let off = 0;
        while (off < batched) {
          const { bytesWritten } = await fh.writev(off === 0 ? batch : [Buffer.concat(batch).subarray(off)], position + written);
          off += bytesWritten;
          written += bytesWritten;
        }
        batch = [];
        batched = 0;
      };
      // The source is held while a batch is written, so flushes never overlap.
      await eachChunk(source, (chunk) => {
        batch.push(chunk);
        batched += chunk.length;
        return batched >= WRITE_BATCH ? flush() : undefined;
      });
      if (batched > 0) await flush();
      await fh.datasync();
    } finally {
      await fh.close();
    }
    return written;
  }

  /**
   * Opens every slice's file at once: an unlinked file stays readable through its descriptor. Every descriptor
   * is closed exactly once: one handed to a read stream belongs to that stream (closed when it ends or is
   * destroyed); the rest are closed on release. Closing a handed-over fd again could close another request's
   * file that reused the number.
   */
  pin(slices: readonly ExtentSlice[]): PinnedBytes {
    const ranges: { fd: number; start: number; end: number; owned: boolean }[] = [];
    try {
      for (const s of slices) ranges.push({ fd: openSync(this.path(s.extent), 'r'), start: s.start, end: s.end, owned: false });
    } catch (e) {
      for (const r of ranges) closeSync(r.fd);
      throw e;
    }
    let released = false;
    const release = () => {
      if (released) return;
      released = true;
      for (const r of ranges) {
        if (r.owned) continue;
        try { closeSync(r.fd); } catch { /* best effort */ }
      }
    };
    async function* bytes() {
      try {
        for (const r of ranges) {
          if (r.end <= r.start) continue;
          r.owned = true;
          yield* createReadStream('', { fd: r.fd, start: r.start, end: r.end - 1, autoClose: true, highWaterMark: READ_CHUNK });
        }
      } finally {
        release();
      }
    }
    /**
     * Reads each range a MiB at a time into pooled buffers, the next read running while the sink takes the last
     * one. A read still in flight when the sink fails is awaited before the descriptors are closed: a descriptor
     * closed under a pending read could be reused by another file meanwhile.
     */
    const send = async (sink: Writable) => {
      let pending: Promise<unknown> | undefined;
      try {
        for (const r of ranges) {
          let pos = r.start;
          const next = () => {
            const buf = sendBuffers.take();
            const p = readAt(r.fd, buf, Math.min(READ_CHUNK, r.end - pos), pos).then((n) => ({ buf, n }));
            pending = p;
            return p;
          };
          let ahead = r.end > r.start ? next() : undefined;
          while (ahead) {
            const { buf, n } = await ahead;
            if (n === 0) throw new Error(`extent file shorter than its committed length (at ${pos})`);
            pos += n;
            ahead = pos < r.end ? next() : undefined;
            await writeChunk(sink, n === buf.length ? buf : buf.subarray(0, n), () => sendBuffers.give(buf));
          }
        }
      } finally {
        await pending?.catch(() => {});
        release();
      }
    };
    return {
      stream: () => {
        const out = Readable.from(bytes(), { objectMode: false, highWaterMark: READ_CHUNK });
        out.once('close', release);
        return out;
      },
      send,
      release,
    };
  }

  async remove(id: string): Promise<void> {
    await unlink(this.path(id)).catch(() => {});
  }

  async truncate(id: string, length: number): Promise<void> {
    await truncate(this.path(id), length);
  }

  async *list(): AsyncIterable<[string, number]> {
    for (const sub of await readdir(this.dir)) {
      const subPath = join(this.dir, sub);
      if (!(await stat(subPath)).isDirectory()) continue;
      this.made.add(subPath);
      for (const name of await readdir(subPath)) {
        if (!EXTENT_ID.test(name)) continue;
        try {
          yield [name, (await stat(join(subPath, name))).size];
        } catch { /* removed meanwhile */ }
      }
    }
  }
}
