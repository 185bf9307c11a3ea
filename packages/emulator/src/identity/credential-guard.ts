import { CREDENTIAL_LOCKOUT_MS, CREDENTIAL_LOCKOUT_THRESHOLD, MAX_FAILURE_RECORDS } from '../defaults.js';

/**
 * Secret checks with a lockout, per name (a user name, or an app's client id): after
 * CREDENTIAL_LOCKOUT_THRESHOLD wrong secrets, every attempt (even a right one) is refused for
 * CREDENTIAL_LOCKOUT_MS. Checks of one name run one at a time, so a burst of concurrent wrong guesses cannot
 * all reach the (slow, deliberately) hash before the lockout starts; checks of different names run in parallel
 * on libuv's thread pool, never on the event loop.
 */
export class CredentialGuard<T> {
  private readonly failures = new Map<string, { count: number; lockedUntil: number }>();
  /** The tail of each name's queue of checks. */
  private readonly queues = new Map<string, Promise<unknown>>();

  constructor(
    private readonly verify: (name: string, secret: string) => Promise<T | undefined>,
    private readonly now: () => number,
  ) {}

  /** The verified subject, 'locked' during a lockout, or undefined for a wrong secret. */
  check(name: string, secret: string): Promise<T | 'locked' | undefined> {
    const key = name.toLowerCase();
    const prev = this.queues.get(key) ?? Promise.resolve();
    const mine = prev.then(() => this.checkNow(key, name, secret));
    const tail = mine.catch(() => undefined);
    this.queues.set(key, tail);
    void tail.then(() => { if (this.queues.get(key) === tail) this.queues.delete(key); });
    return mine;
  }

  /** Milliseconds left of the name's lockout (0 when none). */
  lockedFor(name: string): number {
    const f = this.failures.get(name.toLowerCase());
    return f ? Math.max(0, f.lockedUntil - this.now()) : 0;
  }

  private async checkNow(key: string, name: string, secret: string): Promise<T | 'locked' | undefined> {
    if (this.lockedFor(key) > 0) return 'locked';
    const subject = await this.verify(name, secret);
    const now = this.now();
    const f = this.failures.get(key);
    if (subject !== undefined) {
      this.failures.delete(key);
      return subject;
    }
    const count = (f && f.lockedUntil === 0 ? f.count : 0) + 1;
    if (this.failures.size >= MAX_FAILURE_RECORDS && !f) this.evict(now);
    this.failures.set(key, count >= CREDENTIAL_LOCKOUT_THRESHOLD ? { count: 0, lockedUntil: now + CREDENTIAL_LOCKOUT_MS } : { count, lockedUntil: 0 });
    return undefined;
  }

  /**
   * Makes room for a new failure record: drops expired lockouts first, then the oldest (insertion order)
   * plain counters; live lockouts are never dropped (so flooding unknown names cannot lift a lockout).
   */
  private evict(now: number): void {
    for (const [k, v] of this.failures) if (v.lockedUntil !== 0 && v.lockedUntil <= now) this.failures.delete(k);
    for (const [k, v] of this.failures) {
      if (this.failures.size < MAX_FAILURE_RECORDS) break;
      if (v.lockedUntil === 0) this.failures.delete(k);
    }
  }
}
