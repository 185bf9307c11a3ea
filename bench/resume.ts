// `node --conditions=source --import tsx bench/resume.ts`: what a resume re-sends after an interruption (issue:
// Ctrl-C at 22 % with 2 threads re-sent everything). Not a test. RESUME_SIZE (default 300 MiB), RESUME_AT (0.22),
// RESUME_THREADS (2).
import { randomBytes } from 'node:crypto';
import { mkdtemp, open, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { emulatorFileSystem, mintToken, startTestEmulator } from 'adls-gen1-test-support';
import { AbortError, download, upload, type TransferResult } from 'adls-gen1';

const MiB = 1024 * 1024;
const SIZE = Number(process.env.RESUME_SIZE ?? 300 * MiB);
const AT = Number(process.env.RESUME_AT ?? 0.22);
const THREADS = Number(process.env.RESUME_THREADS ?? 2);

const t = await startTestEmulator();
const dir = await mkdtemp(join(tmpdir(), 'adls-resume-bench-'));
process.env.ADLS_TRANSFER_STATE_DIR = join(dir, 'state');
try {
  const info = t.emu.info();
  const token = await mintToken(t.emu, { upn: (info.users.find((u) => u.mfa) ?? info.users[0]).username });
  const fs = emulatorFileSystem(t, token, { connections: THREADS });
  const local = join(dir, 'big.bin');
  const fh = await open(local, 'w');
  const piece = randomBytes(4 * MiB);
  for (let off = 0; off < SIZE; off += piece.length) await fh.write(piece, 0, Math.min(piece.length, SIZE - off), off);
  await fh.close();
  const line = (what: string, r: TransferResult) => process.stdout.write(
    `${what}: sent ${(r.bytesTransferred / MiB).toFixed(1)} MiB, resumed ${(r.bytesResumed / MiB).toFixed(1)} MiB (${r.chunksResumed} whole chunks) in ${(r.elapsedMs / 1000).toFixed(1)} s\n`);
  for (const direction of ['upload', 'download'] as const) {
    const ac = new AbortController();
    let stoppedAt = 0;
    const opts = { concurrency: THREADS, abortSignal: ac.signal, onProgress: (p: { bytesDone: number }) => { if (p.bytesDone >= AT * SIZE && !ac.signal.aborted) { stoppedAt = p.bytesDone; ac.abort(); } } };
    const go = (o: object) => (direction === 'upload' ? upload(fs, local, '/bench/big.bin', o) : download(fs, '/bench/big.bin', join(dir, 'copy.bin'), o));
    await go(opts).then(() => { throw new Error('not interrupted'); }, (e) => { if (!(e instanceof AbortError)) throw e; });
    process.stdout.write(`${direction} interrupted at ${(stoppedAt / MiB).toFixed(1)} MiB of ${(SIZE / MiB).toFixed(0)} MiB (${THREADS} threads)\n`);
    line(`${direction} --resume`, await go({ concurrency: THREADS, resume: true, verify: 'checksum' }));
  }
  await fs.close();
} finally {
  await t.stop();
  await rm(dir, { recursive: true, force: true });
}
