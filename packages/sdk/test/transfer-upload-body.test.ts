// Upload request bodies against the emulator: each block is streamed from the file (a sized body opened afresh
// per attempt) through two reused piece buffers, so memory stays bounded whatever the file size.
import { randomBytes } from 'node:crypto';
import { writeFile } from 'node:fs/promises';
import { join } from 'node:path';
import assert from 'node:assert/strict';
import { after, before, describe, it } from 'node:test';
import { remoteFromClient, upload, type FileData, type SizedBody, type TransferRemote } from 'adls-gen1';
import { readAll, sha, startHarness, stopHarness, type Harness } from './transfer-harness.js';

const MiB = 1024 * 1024;

/** Reads one attempt of a body the way a transport does: piece by piece, copying each before asking for the next. */
async function consume(body: SizedBody): Promise<{ bytes: Buffer; pieceBuffers: Set<ArrayBufferLike> }> {
  const parts: Buffer[] = [];
  const pieceBuffers = new Set<ArrayBufferLike>();
  for await (const piece of body.open() as AsyncIterable<Uint8Array>) {
    pieceBuffers.add(piece.buffer);
    parts.push(Buffer.from(piece)); // a copy: the piece's buffer is reused for a later piece
  }
  return { bytes: Buffer.concat(parts), pieceBuffers };
}

const sizedBody = (data: FileData): SizedBody => {
  assert.ok(typeof data === 'object' && !Buffer.isBuffer(data) && typeof data.open === 'function', 'a sized body, not a buffer');
  return data;
};

describe('upload bodies', () => {
  let h: Harness;
  before(async () => { h = await startHarness(); });
  after(async () => { await stopHarness(h); });

  it('stream each block from the file through two reused piece buffers, re-read in full by every attempt', async () => {
    const data = randomBytes(3 * MiB + 12345);
    const local = join(h.dir, 'body.bin');
    await writeFile(local, data);
    const base = remoteFromClient(h.fs);
    const blocks: { offset: number; length: number }[] = [];
    const allPieceBuffers = new Set<ArrayBufferLike>();
    /** Before the real request, an extra attempt of the same body read here: it must see the block's bytes. */
    const rehearse = async (body: SizedBody, offset: number) => {
      const { bytes, pieceBuffers } = await consume(body);
      assert.equal(bytes.length, body.length);
      assert.ok(bytes.equals(data.subarray(offset, offset + body.length)), `block at ${offset}: the file's bytes`);
      assert.ok(pieceBuffers.size <= 2, `${pieceBuffers.size} buffers for one attempt`);
      for (const b of pieceBuffers) allPieceBuffers.add(b);
      blocks.push({ offset, length: body.length });
    };
    const remote: TransferRemote = {
      ...base,
      create: async (path, body, o) => { await rehearse(sizedBody(body), 0); await base.create(path, body, o); },
      append: async (path, body, offset, o) => { await rehearse(sizedBody(body), offset); await base.append(path, body, offset, o); },
    };
    const r = await upload(remote, local, '/body/one.bin', { chunkSize: 8 * MiB, blockSize: MiB, concurrency: 1, adaptChunkSize: false, verify: 'checksum' });
    assert.equal(r.bytes, data.length);
    assert.deepEqual(blocks.map((b) => b.offset), [0, MiB, 2 * MiB, 3 * MiB], 'one CREATE and three APPENDs');
    // Two attempts per block (the rehearsal and the request), their buffers given back after each block.
    assert.ok(allPieceBuffers.size <= 4, `${allPieceBuffers.size} piece buffers over four blocks`);
    assert.equal(sha(await readAll(h.fs, '/body/one.bin')), sha(data));
  });
});
