// `fs put --resume` to Gen2. A resume needs progress the service has committed: appended data counts only once
// flushed, and the service lists no unflushed appends. So this upload writes a hidden temporary file next to the
// target, flushing after every window of --threads chunks, and records the flushed length and the ETag that
// flush returned. A rerun continues only when the temporary file still has exactly that length and ETag (nobody
// else wrote to it); at the end the file is renamed into place, so readers never see a half file.
import { createHash, randomUUID } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdir, readFile, rm, writeFile } from 'node:fs/promises';
import { basename, join } from 'node:path';
import { defaultStateDir } from 'adls-gen1';
import { call } from './errors.js';
import type { Gen2FileSystem } from './filesystem.js';

export interface ResumableJob { local: string; remote: string; size: number; mtimeMs: number }

interface State { version: 1; local: string; size: number; mtimeMs: number; remote: string; temp: string; flushed: number; etag: string }

export interface ResumableOptions {
  threads: number;
  chunkSize: number;
  stateDir?: string;
  replace: boolean;
  abortSignal: AbortSignal;
  /** Called with the bytes committed so far (after the resumed part, after each window). */
  onCommitted(bytes: number): void;
}

const rel = (p: string) => p.replace(/^\/+/, '');

function statePath(fs: Gen2FileSystem, job: ResumableJob, dir: string): string {
  const url = new URL(fs.client.url);
  url.search = ''; // never a SAS in a name or a file
  const key = createHash('sha256').update(`gen2-upload\n${url}\n${job.remote}\n${job.local}`).digest('hex').slice(0, 32);
  return join(dir, `${basename(job.local)}.${key}.gen2-upload.json`);
}

async function readState(path: string): Promise<State | undefined> {
  try {
    const s = JSON.parse(await readFile(path, 'utf8')) as State;
    return s.version === 1 ? s : undefined;
  } catch {
    return undefined;
  }
}

/** Uploads one file resumably; returns how many bytes an earlier run had committed (not sent again). */
export async function uploadResumable(fs: Gen2FileSystem, job: ResumableJob, o: ResumableOptions): Promise<{ resumed: number }> {
  const dir = o.stateDir ?? defaultStateDir();
  await mkdir(dir, { recursive: true, mode: 0o700 });
  const statFile = statePath(fs, job, dir);
  const save = (s: State) => writeFile(statFile, JSON.stringify(s), { mode: 0o600 });

  let state = await readState(statFile);
  if (state && (state.size !== job.size || state.mtimeMs !== job.mtimeMs || state.remote !== job.remote)) state = undefined;
  if (state) {
    // Continue only from exactly what this upload committed: same length, same ETag.
    const props = await fs.client.getFileClient(rel(state.temp)).getProperties().catch(() => undefined);
    if (props?.contentLength !== state.flushed || props.etag !== state.etag) {
      await fs.client.getFileClient(rel(state.temp)).deleteIfExists().catch(() => undefined);
      state = undefined;
    }
  }
  const resumed = state?.flushed ?? 0;
  if (!state) {
    const parent = job.remote.slice(0, job.remote.lastIndexOf('/')) || '/';
    const temp = `${parent === '/' ? '' : parent}/.${basename(job.remote)}.adls-upload-${randomUUID().slice(0, 8)}`;
    const created = await call(`CREATE ${temp}`, () => fs.client.getFileClient(rel(temp)).create({ abortSignal: o.abortSignal }));
    state = { version: 1, local: job.local, size: job.size, mtimeMs: job.mtimeMs, remote: job.remote, temp, flushed: 0, etag: created.etag ?? '' };
    await save(state);
  }
  o.onCommitted(state.flushed);

  const file = fs.client.getFileClient(rel(state.temp));
  const window = o.threads * o.chunkSize;
  while (state.flushed < job.size) {
    const start = state.flushed;
    const end = Math.min(job.size, start + window);
    const appends: Promise<unknown>[] = [];
    for (let at = start; at < end; at += o.chunkSize) {
      const length = Math.min(o.chunkSize, end - at);
      // A stream factory: the SDK opens it per attempt, so a retried append re-reads its range from disk.
      const body = () => createReadStream(job.local, { start: at, end: at + length - 1 });
      appends.push(call(`APPEND ${job.remote}`, () => file.append(body, at, length, { abortSignal: o.abortSignal })));
    }
    await Promise.all(appends);
    const flushed = await call(`FLUSH ${job.remote}`, () => file.flush(end, { abortSignal: o.abortSignal }));
    state = { ...state, flushed: end, etag: flushed.etag ?? '' };
    await save(state);
    o.onCommitted(end);
  }
  if (job.size === 0) await call(`FLUSH ${job.remote}`, () => file.flush(0, { abortSignal: o.abortSignal }));

  // Into place: replacing a file only where the existing-target policy said so.
  const conditions = o.replace ? {} : { destinationConditions: { ifNoneMatch: '*' } };
  await call(`RENAME ${state.temp} → ${job.remote}`, () => fs.moveFile(state.temp, job.remote, conditions));
  await rm(statFile, { force: true });
  return { resumed };
}
