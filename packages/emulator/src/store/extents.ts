import type { Readable, Writable } from 'node:stream';
import type { ByteSource } from './byte-source.js';

export type { ByteSource } from './byte-source.js';

/** One byte range of one extent, as a read plan gives it. `end` is exclusive. */
export interface ExtentSlice { extent: string; start: number; end: number }

/** Bytes of a read plan, held against deletion from the moment they are pinned until released. */
export interface PinnedBytes {
  /** Streams the bytes once, then releases them (also when the stream is destroyed early). */
  stream(): Readable;
  /**
   * Writes the bytes to `sink` (a response) with backpressure, without ending it, then releases them; rejects
   * when the sink closes or fails first (the bytes are released then too). The cheap way to serve a read:
   * no stream in between, and the durable backend reuses its read buffers.
   */
  send(sink: Writable): Promise<void>;
  /** Releases the bytes without streaming them (idempotent). */
  release(): void;
}

/**
 * Where file bytes live: extents named by random ids, written once at their end (appends grow the last one),
 * referenced by the metadata, deleted only by the collector (extent-gc.ts). Implementations: files under
 * {location}/data (durable) and memory.
 */
export interface ExtentStore {
  newId(): string;
  /**
   * Writes `source` into extent `id` from `position` (creating it when `create`) and returns the number of bytes
   * written. Durable when it resolves: the metadata pointing at the bytes may commit then, not before.
   */
  write(id: string, position: number, source: ByteSource, create: boolean): Promise<number>;
  /** Pins the slices' bytes synchronously, so that no deletion can slip in between the read plan and the read. */
  pin(slices: readonly ExtentSlice[]): PinnedBytes;
  remove(id: string): Promise<void>;
  /** Cuts an extent back to `length` bytes (bytes written past a committed length by a write that never committed). */
  truncate(id: string, length: number): Promise<void>;
  /** Every extent present, with its size (the collector's sweep). */
  list(): AsyncIterable<[string, number]>;
}
