import { closeSync, openSync, readFileSync, rmSync, writeSync } from 'node:fs';
import { join } from 'node:path';

/** Another live emulator holds the data folder. */
export class DataFolderLockedError extends Error {
  readonly code = 'EMULATOR_LOCKED';

  constructor(readonly location: string, readonly pid: number | undefined) {
    super(`the data folder ${location} is in use by another emulator${pid ? ` (pid ${pid})` : ''}: `
      + 'stop that one, or give this one another folder with --location <dir>');
  }
}

const LOCK_FILE = 'emulator.lock';

/** Whether a process with this id runs (EPERM: it does, under another user). */
function isAlive(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch (e) {
    return (e as NodeJS.ErrnoException).code === 'EPERM';
  }
}

function holderOf(path: string): number | undefined {
  try {
    const pid = Number.parseInt(readFileSync(path, 'utf8').trim(), 10);
    return Number.isInteger(pid) && pid > 0 ? pid : undefined;
  } catch {
    return undefined;
  }
}

/** Lock files this process holds: a second emulator in the same process is refused like one in another. */
const heldHere = new Set<string>();

/**
 * One emulator per data folder: two on the same SQLite database and extent files would each repair the
 * other's blobs away on start. `{location}/emulator.lock` is created exclusively and holds the owner's pid;
 * a lock whose process is gone (kill -9, crash) is stale and taken over.
 */
export class DataFolderLock {
  private released = false;

  private constructor(private readonly path: string) {}

  static acquire(location: string): DataFolderLock {
    const path = join(location, LOCK_FILE);
    for (let attempt = 0; attempt < 3; attempt++) {
      try {
        const fd = openSync(path, 'wx', 0o600);
        try { writeSync(fd, `${process.pid}\n`); } finally { closeSync(fd); }
        heldHere.add(path);
        return new DataFolderLock(path);
      } catch (e) {
        if ((e as NodeJS.ErrnoException).code !== 'EEXIST') throw e;
        const pid = holderOf(path);
        const live = pid !== undefined && (pid === process.pid ? heldHere.has(path) : isAlive(pid));
        if (live) throw new DataFolderLockedError(location, pid);
        // A file being written this very moment has no pid yet: give its writer the benefit of the doubt once.
        if (pid === undefined && attempt === 0) continue;
        rmSync(path, { force: true });
      }
    }
    throw new DataFolderLockedError(location, holderOf(path));
  }

  /** Removes the lock file (once). */
  release(): void {
    if (this.released) return;
    this.released = true;
    heldHere.delete(this.path);
    if (holderOf(this.path) === process.pid) rmSync(this.path, { force: true });
  }
}
