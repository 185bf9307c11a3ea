/**
 * Reading a byte range: the one body that resumes after a fault, and the one loop that insists on every byte.
 *
 * Chunks travel by 'data' events and a sink callback rather than `for await`: a TLS socket delivers 16 KiB
 * per chunk (65,536 per GiB), and each async-iterator layer costs a promise and a microtask turn per chunk.
 */
import { finished, Readable } from 'node:stream';
import { AbortError, IntegrityError, throwIfAborted } from '../errors.js';
import { isConnectionError, retryDelay, type RetryOptions } from '../http/pipeline.js';
import { sleep } from '../http/sleep.js';

/** Answers in a row without a single byte before a range is declared short (Python gives up after five). */
export const MAX_EMPTY_READS = 5;

/** Takes one chunk; a returned promise holds the stream until it settles (that is the backpressure). */
export type ChunkSink = (chunk: Buffer) => void | Promise<void>;

/** Bytes a body buffers ahead of its reader (16 TLS chunks, so that it is not paused after each one). */
export const READ_AHEAD = 256 * 1024;

/**
 * Feeds every chunk of `stream` to `sink`. Resolves once the stream has ended and the sink's last promise has
 * settled; rejects with the stream's error (a premature close included) or the sink's, destroying the stream.
 */
export function forEachChunk(stream: Readable, sink: ChunkSink): Promise<void> {
  return new Promise((resolve, reject) => {
    let failed = false;
    let held: Promise<void> | undefined;
    const fail = (e: unknown) => {
      if (failed) return;
      failed = true;
      stream.off('data', onData);
      stream.destroy();
      reject(e);
    };
    const onData = (chunk: Buffer) => {
      let wait: void | Promise<void>;
      try {
        wait = sink(chunk);
      } catch (e) {
        return fail(e);
      }
      if (!wait) return;
      stream.pause();
      held = wait.then(() => { if (!failed) stream.resume(); }, fail);
    };
    stream.on('data', onData);
    finished(stream, (err) => {
      if (err) return fail(err);
      void (held ?? Promise.resolve()).then(() => { if (!failed) resolve(); });
    });
  });
}

/**
 * A response body that, after a connection fault, reopens from the first byte not yet received (up to
 * `retry.maxRetries` faults per body, with backoff). Every read of file contents resumes here, and only here.
 */
export class ResumingBody extends Readable {
  #body!: Readable;
  #got = 0;
  #faults = 0;

  constructor(
    body: Readable,
    private readonly reopen: (got: number) => Promise<Readable>,
    private readonly length: number | undefined,
    private readonly retry: RetryOptions,
    private readonly signal?: AbortSignal,
  ) {
    super({ highWaterMark: READ_AHEAD });
    this.#follow(body);
  }

  #follow(body: Readable): void {
    this.#body = body;
    body.on('data', (chunk: Buffer) => {
      this.#got += chunk.length;
      if (!this.push(chunk)) body.pause();
    });
    finished(body, (err) => {
      if (body !== this.#body || this.destroyed) return;
      if (err) void this.#recover(err);
      else this.push(null);
    });
  }

  override _read(): void {
    this.#body.resume();
  }

  override _destroy(err: Error | null, callback: (error?: Error | null) => void): void {
    this.#body.destroy();
    callback(err);
  }

  async #recover(err: Error): Promise<void> {
    try {
      if (this.signal?.aborted) throw new AbortError();
      if (!isConnectionError(err) || ++this.#faults > this.retry.maxRetries) throw err;
      if (this.length !== undefined && this.#got >= this.length) return void this.push(null);
      await sleep(retryDelay(this.#faults, this.retry), this.signal);
      const next = await this.reopen(this.#got);
      if (this.destroyed) return void next.destroy();
      this.#follow(next);
    } catch (e) {
      this.destroy(e as Error);
    }
  }
}

/**
 * Feeds `sink` exactly bytes [start, end) from ranged reads whose streams resume by themselves after faults
 * (`open(offset, length)`, e.g. the filesystem client's read). An answer that ends early is followed by a
 * request for the rest; more bytes than asked for, or MAX_EMPTY_READS answers in a row without a byte,
 * raise IntegrityError. `what` names the read in errors (e.g. `OPEN /a/b`).
 */
export async function readExactRange(open: (offset: number, length: number) => Promise<Readable>, start: number, end: number, what: string, sink: ChunkSink, signal?: AbortSignal): Promise<void> {
  let pos = start;
  let empties = 0;
  while (pos < end) {
    throwIfAborted(signal);
    const from = pos;
    await forEachChunk(await open(pos, end - pos), (chunk) => {
      if (pos + chunk.length > end) throw new IntegrityError(`${what} returned more bytes than asked for at offset ${from}.`);
      pos += chunk.length;
      return sink(chunk);
    });
    if (pos > from) empties = 0;
    else if (++empties >= MAX_EMPTY_READS) throw new IntegrityError(`${what}: expected ${end - start} bytes from offset ${start}, the service stopped at ${pos}.`);
  }
}
