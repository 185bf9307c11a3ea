import { createHmac, randomBytes } from 'node:crypto';

/**
 * Credentials checked right recently, so that a client signing in again and again does not pay scrypt (tens of ms
 * of a core, on purpose) each time: passwords (Directory.checkPassword) and client secrets (ClientAuthenticator).
 * Entries are HMACs of the given parts under a key that never leaves this process, kept for `ttlMs`; the map is
 * emptied when it reaches `max`. Only right checks are remembered.
 */
export class RememberedSecrets {
  private readonly until = new Map<string, number>();
  private readonly key = randomBytes(32);

  constructor(private readonly now: () => number, private readonly ttlMs = 60_000, private readonly max = 1000) {}

  has(...parts: string[]): boolean {
    const until = this.until.get(this.entry(parts));
    return until !== undefined && until > this.now();
  }

  remember(...parts: string[]): void {
    if (this.until.size >= this.max) this.until.clear();
    this.until.set(this.entry(parts), this.now() + this.ttlMs);
  }

  private entry(parts: string[]): string {
    const h = createHmac('sha256', this.key);
    for (const p of parts) h.update(p).update('\n');
    return h.digest('base64url');
  }
}
