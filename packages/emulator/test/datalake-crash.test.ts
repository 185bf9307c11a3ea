import { test } from 'node:test';
import assert from 'node:assert/strict';
import { spawn, type ChildProcess } from 'node:child_process';
import { mkdtempSync, readdirSync, rmSync, statSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { createInterface } from 'node:readline';
import Database from 'better-sqlite3';
import { Agent, fetch } from 'undici';

const RUNNER = join(import.meta.dirname, 'fixtures', 'datalake-runner.ts');

async function launch(location: string): Promise<{ child: ChildProcess; call: (m: string, p: string, body?: Buffer) => Promise<{ status: number; body: Buffer }>; close: () => Promise<void> }> {
  const child = spawn(process.execPath, ['--conditions=source', '--import', 'tsx', RUNNER, location], { stdio: ['ignore', 'pipe', 'inherit'] });
  const line = await new Promise<string>((resolve, reject) => {
    createInterface({ input: child.stdout! }).once('line', resolve);
    child.once('exit', (c) => reject(new Error(`runner exited ${c}`)));
  });
  const { port, ca, token } = JSON.parse(line);
  const agent = new Agent({ connect: { ca, lookup: ((_h: string, o: any, cb: any) => (o?.all ? cb(null, [{ address: '127.0.0.1', family: 4 }]) : cb(null, '127.0.0.1', 4))) as never } });
  return {
    child,
    call: async (method, path, body) => {
      const res = await fetch(`https://adlsemulator.adls.localhost:${port}${path}`, { method, body, headers: { authorization: `Bearer ${token}` }, dispatcher: agent });
      return { status: res.status, body: Buffer.from(await res.arrayBuffer()) };
    },
    close: () => agent.close(),
  };
}

/** Deterministic content: byte at offset o of file f. */
const byteAt = (f: number, o: number) => (f * 31 + o * 7 + (o >> 8)) & 0xff;
const chunk = (f: number, from: number, len: number) => Buffer.from(Array.from({ length: len }, (_, i) => byteAt(f, from + i)));

test('kill -9 during concurrent appends: every acknowledged byte survives, nothing half-applied, no orphan blobs', async () => {
  const location = mkdtempSync(join(tmpdir(), 'adls-crash-'));
  try {
    const a = await launch(location);
    const FILES = 4;
    const acked = new Array(FILES).fill(0);
    const inflight = new Array(FILES).fill(0);
    for (let f = 0; f < FILES; f++) assert.equal((await a.call('PUT', `/webhdfs/v1/crash/f${f}?op=CREATE&write=true&overwrite=true`)).status, 201);
    let stop = false;
    let killed = false;
    const failures: string[] = [];
    const writers = Array.from({ length: FILES }, async (_, f) => {
      let n = 0;
      while (!stop) {
        const len = 1 + ((f * 7919 + n++ * 104729) % (256 * 1024));
        inflight[f] = len;
        let r;
        try {
          r = await a.call('POST', `/webhdfs/v1/crash/f${f}?op=APPEND&append=true&syncFlag=DATA&offset=${acked[f]}`, chunk(f, acked[f], len));
        } catch (e) {
          // A connection error is the process dying under us, and only that: not before the kill.
          if (!killed) failures.push(`f${f}: connection failed before the kill: ${(e as Error).cause ?? e}`);
          return;
        }
        if (r.status !== 200) {
          failures.push(`f${f}: append answered ${r.status}: ${r.body.toString().slice(0, 300)}`);
          return;
        }
        acked[f] += len;
        inflight[f] = 0;
      }
    });
    await new Promise((r) => setTimeout(r, 1500));
    killed = true;
    a.child.kill('SIGKILL');
    stop = true;
    await Promise.all(writers);
    await a.close();
    assert.deepEqual(failures, [], 'every append answered before the kill was a 200');
    assert.ok(acked.every((n) => n > 0), `appends acknowledged before the kill: ${acked}`);

    const b = await launch(location);
    try {
      for (let f = 0; f < FILES; f++) {
        const s = JSON.parse((await b.call('GET', `/webhdfs/v1/crash/f${f}?op=GETFILESTATUS`)).body.toString()).FileStatus;
        // Either the in-flight append committed whole before the kill (answer lost), or not at all.
        assert.ok(s.length === acked[f] || s.length === acked[f] + inflight[f], `f${f}: length ${s.length}, acked ${acked[f]}, in flight ${inflight[f]}`);
        const data = (await b.call('GET', `/webhdfs/v1/crash/f${f}?op=OPEN&read=true`)).body;
        assert.equal(data.length, s.length);
        assert.ok(data.equals(chunk(f, 0, s.length)), `f${f}: content differs`);
        // The file keeps working after the restart.
        assert.equal((await b.call('POST', `/webhdfs/v1/crash/f${f}?op=APPEND&append=true&offset=${s.length}`, chunk(f, s.length, 10))).status, 200);
      }
      const list = JSON.parse((await b.call('GET', '/webhdfs/v1/crash?op=LISTSTATUS')).body.toString());
      assert.deepEqual(list.FileStatuses.FileStatus.map((x: any) => x.pathSuffix), ['f0', 'f1', 'f2', 'f3']);
    } finally {
      b.child.kill('SIGTERM');
      await new Promise((r) => b.child.once('exit', r));
      await b.close();
    }
    // On disk: exactly the committed blobs, each exactly its committed length.
    const db = new Database(join(location, 'emulator.sqlite'), { readonly: true });
    const extents = db.prepare('SELECT blob, length FROM dl_extents').all() as { blob: string; length: number }[];
    db.close();
    const onDisk = new Map<string, number>();
    for (const sub of readdirSync(join(location, 'data'))) {
      for (const name of readdirSync(join(location, 'data', sub))) onDisk.set(name, statSync(join(location, 'data', sub, name)).size);
    }
    assert.equal(onDisk.size, extents.length);
    for (const e of extents) assert.equal(onDisk.get(e.blob), e.length);
  } finally {
    rmSync(location, { recursive: true, force: true });
  }
});
