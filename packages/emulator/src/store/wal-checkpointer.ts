import { createRequire } from 'node:module';
import { Worker } from 'node:worker_threads';
import type { Db } from './db.js';
import { WAL_CHECKPOINT_INTERVAL_MS } from '../defaults.js';

/** SQLite's own default (pages), restored on the main connection when the worker cannot do the job. */
const AUTOCHECKPOINT_PAGES = 1000;

// The worker: its own connection to the same file, checkpointing whenever another connection has committed
// since its last look (`data_version` changes). CommonJS evaluated from this string, so it needs no file of
// its own next to the compiled or the TypeScript sources, nor the parent's loader flags.
const WORKER_SOURCE = `
const { parentPort, workerData } = require('node:worker_threads');
const Database = require(workerData.driver);
const db = new Database(workerData.file);
// As the main connection: NORMAL syncs the WAL before copying it into the database, and the database after.
db.pragma('synchronous = NORMAL');
db.pragma('wal_autocheckpoint = 0');
const version = db.prepare('PRAGMA data_version').pluck();
let seen = version.get();
parentPort.postMessage({ type: 'ready' });
const timer = setInterval(() => {
  const now = version.get();
  if (now === seen) return;
  seen = now;
  const [r] = db.pragma('wal_checkpoint(PASSIVE)');
  parentPort.postMessage({ type: 'checkpoint', frames: r.log, copied: r.checkpointed });
}, workerData.intervalMs);
parentPort.on('message', (m) => {
  if (m !== 'close') return;
  clearInterval(timer);
  db.close();
  parentPort.close();
});
`;

/**
 * Moves SQLite's WAL checkpoints off the event loop. By default the connection that commits runs a checkpoint
 * once the WAL holds 1000 pages: copying them into the database and two fsyncs, synchronously, in the middle of
 * a request (better-sqlite3 is synchronous), which held the event loop 5-50 ms each under a write load. The
 * main connection now never checkpoints (`wal_autocheckpoint = 0`); a worker thread with its own connection runs
 * PASSIVE checkpoints every `intervalMs` when something was committed, so the WAL still stays small. A PASSIVE
 * checkpoint never blocks a writer or a reader, and commits stay durable as before: a commit is in the WAL
 * before it is acknowledged, whoever copies it into the database later. If the worker cannot start or fails,
 * the main connection checkpoints itself again, as SQLite does by default.
 */
export class WalCheckpointer {
  private readonly worker: Worker;
  private closed = false;
  /** Checkpoints run so far (for tests and the bench). */
  checkpoints = 0;
  /** Resolves once the worker has its connection open and the main connection stopped checkpointing. */
  readonly ready: Promise<void>;

  constructor(private readonly db: Db, file: string, onError: (e: unknown) => void, intervalMs = WAL_CHECKPOINT_INTERVAL_MS) {
    const driver = createRequire(import.meta.url).resolve('better-sqlite3');
    this.worker = new Worker(WORKER_SOURCE, { eval: true, workerData: { driver, file, intervalMs }, execArgv: [] });
    this.ready = new Promise((resolve) => {
      const fallBack = (e: unknown) => {
        if (this.closed) return resolve();
        this.closed = true;
        if (db.open) db.pragma(`wal_autocheckpoint = ${AUTOCHECKPOINT_PAGES}`);
        onError(e);
        resolve();
      };
      this.worker.on('message', (m: { type: string }) => {
        if (m.type === 'ready' && !this.closed) {
          db.pragma('wal_autocheckpoint = 0');
          // Running, the checkpointer must not keep the process alive on its own (starting and stopping, it does).
          this.worker.unref();
          resolve();
        } else if (m.type === 'checkpoint') {
          this.checkpoints++;
        }
      });
      this.worker.once('error', fallBack);
      this.worker.once('exit', (code) => fallBack(new Error(`WAL checkpoint worker exited (code ${code})`)));
    });
  }

  /** Closes the worker's connection and ends the thread; the main connection is closed after this, by its owner. */
  async stop(): Promise<void> {
    if (this.closed) return;
    this.closed = true;
    const exited = new Promise<void>((resolve) => this.worker.once('exit', () => resolve()));
    this.worker.ref();
    this.worker.postMessage('close');
    await exited;
  }
}
