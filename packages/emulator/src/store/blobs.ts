import { randomBytes } from 'node:crypto';
import { closeSync, existsSync, fstatSync, mkdirSync, openSync, readdirSync, statSync, truncateSync, unlinkSync } from 'node:fs';
import { open, unlink, type FileHandle } from 'node:fs/promises';
import { join } from 'node:path';

const BLOB_ID = /^[0-9a-f]{32}$/;
const WRITE_BATCH = 1024 * 1024;

/** One byte range of one blob, as a read plan returns it. `end` is exclusive. */
export interface BlobSlice {
  blob: string;
  start: number;
  end: number;
}

/**
 * Extent files ("blobs") under {location}/data/{2 hex}/{32 hex}. Names are random ids, never derived
 * from user paths, so no request can reach a file outside this folder.
 *
 * fsync policy: every write is followed by fdatasync *before* the caller commits the metadata that
 * points at it, so a committed length never covers bytes that are not on disk. Bytes written past a
 * committed length (a crash or an aborted request between write and commit) are cut off at start-up by
 * `reconcile`, and blobs no extent references are deleted there too.
 */
export class BlobStore {
  private readonly made = new Set<string>();

  constructor(readonly dir: string) {
    mkdirSync(dir, { recursive: true, mode: 0o700 });
  }

  newId(): string {
    return randomBytes(16).toString('hex');
  }

  path(id: string): string {
    if (!BLOB_ID.test(id)) throw new Error('invalid blob id');
    return join(this.dir, id.slice(0, 2), id);
  }

  /**
   * Streams `source` into blob `id` from `position` (creating the blob when `create`), then fdatasyncs.
   * Returns the number of bytes written. Throws if the source fails (the caller commits nothing).
   */
  async write(id: string, position: number, source: AsyncIterable<Buffer>, create: boolean): Promise<number> {
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
      for await (const chunk of source) {
        batch.push(chunk);
        batched += chunk.length;
        if (batched >= WRITE_BATCH) await flush();
      }
      if (batched > 0) await flush();
      await fh.datasync();
    } finally {
      await fh.close();
    }
    return written;
  }

  /** Opens the blobs of a read plan synchronously, so that no delete can slip in between plan and open. */
  openSlices(slices: BlobSlice[]): { fd: number; start: number; end: number }[] {
    const out: { fd: number; start: number; end: number }[] = [];
    try {
      for (const s of slices) out.push({ fd: openSync(this.path(s.blob), 'r'), start: s.start, end: s.end });
    } catch (e) {
      for (const o of out) closeSync(o.fd);
      throw e;
    }
    return out;
  }

  /** Deletes blobs that no metadata references any more (after the transaction that dropped them). */
  discard(ids: readonly string[]): void {
    for (const id of ids) unlink(this.path(id)).catch(() => {});
  }

  /**
   * Start-up repair: deletes blobs not in `committed` and truncates the rest to their committed length.
   * Returns counts for the log. A blob shorter than its committed length is reported (never expected,
   * because of the fsync-before-commit rule).
   */
  reconcile(committed: Map<string, number>): { removed: number; truncated: number; short: string[] } {
    let removed = 0, truncated = 0;
    const short: string[] = [];
    if (!existsSync(this.dir)) return { removed, truncated, short };
    for (const sub of readdirSync(this.dir)) {
      const subPath = join(this.dir, sub);
      if (!statSync(subPath).isDirectory()) continue;
      this.made.add(subPath);
      for (const name of readdirSync(subPath)) {
        const p = join(subPath, name);
        const want = committed.get(name);
        if (want === undefined) {
          unlinkSync(p);
          removed++;
          continue;
        }
        const fd = openSync(p, 'r');
        const size = fstatSync(fd).size;
        closeSync(fd);
        if (size > want) {
          truncateSync(p, want);
          truncated++;
        } else if (size < want) {
          short.push(name);
        }
      }
    }
    return { removed, truncated, short };
  }
}
