/** Reading a byte range: the one loop that resumes a body cut by a fault, and the one that insists on every byte. */
import type { Readable } from 'node:stream';
import { AbortError, IntegrityError, throwIfAborted } from '../errors.js';
import { isConnectionError, retryDelay, type RetryOptions } from '../http/pipeline.js';
import { sleep } from '../http/sleep.js';

/** Answers in a row without a single byte before a range is declared short (Python gives up after five). */
export const MAX_EMPTY_READS = 5;

/**
 * Yields a body's chunks; after a connection fault, reopens from the first byte not yet received (up to
 * `retry.maxRetries` faults per body, with backoff). Every read of file contents resumes here, and only here.
 */
export async function* resumingBody(body: Readable, reopen: (got: number) => Promise<Readable>, length: number | undefined, retry: RetryOptions, signal?: AbortSignal): AsyncGenerator<Buffer> {
  let got = 0;
  let faults = 0;
  for (;;) {
    try {
      for await (const chunk of body as AsyncIterable<Buffer>) {
        got += chunk.length;
        yield chunk;
      }
      return;
    } catch (e) {
      if (signal?.aborted) throw new AbortError();
      if (!isConnectionError(e) || ++faults > retry.maxRetries) throw e;
      if (length !== undefined && got >= length) return;
      await sleep(retryDelay(faults, retry), signal);
      body = await reopen(got);
    }
  }
}

/**
 * Yields exactly bytes [start, end) from ranged reads whose streams resume by themselves after faults
 * (`open(offset, length)`, e.g. the filesystem client's read). An answer that ends early is followed by a
 * request for the rest; more bytes than asked for, or MAX_EMPTY_READS answers in a row without a byte,
 * raise IntegrityError. `what` names the read in errors (e.g. `OPEN /a/b`).
 */
export async function* exactRange(open: (offset: number, length: number) => Promise<AsyncIterable<Buffer>>, start: number, end: number, what: string, signal?: AbortSignal): AsyncGenerator<Buffer> {
  let pos = start;
  let empties = 0;
  while (pos < end) {
    throwIfAborted(signal);
    const from = pos;
    for await (const chunk of await open(pos, end - pos)) {
      if (pos + chunk.length > end) throw new IntegrityError(`${what} returned more bytes than asked for at offset ${from}.`);
      pos += chunk.length;
      yield chunk;
    }
    if (pos > from) empties = 0;
    else if (++empties >= MAX_EMPTY_READS) throw new IntegrityError(`${what}: expected ${end - start} bytes from offset ${start}, the service stopped at ${pos}.`);
  }
}
