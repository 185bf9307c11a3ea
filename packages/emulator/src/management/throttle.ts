import { armErrors } from './errors.js';

/** Resource Manager's per-hour request budget of one principal in one scope (subscription or tenant). */
export interface RateLimits { reads: number; writes: number }

/** What ARM reports when no limit is configured (and never enforces here). */
export const ARM_DEFAULT_LIMITS: RateLimits = { reads: 12000, writes: 1200 };
const WINDOW_MS = 3600_000;

interface Window { startedAt: number; reads: number; writes: number }

/**
 * Counts requests per principal and scope in a one-hour window and reports what is left in
 * `x-ms-ratelimit-remaining-{subscription|tenant}-{reads|writes}`. With `enforce`, a request past the budget is
 * 429 TooManyRequests with `Retry-After` (seconds to the end of the window), so clients' retry paths can be exercised.
 */
export class ArmThrottle {
  private readonly windows = new Map<string, Window>();

  constructor(private readonly limits: RateLimits, private readonly enforce: boolean, private readonly now: () => number) {}

  /** Counts one request; returns the header to send, or throws the 429. */
  take(scope: { subscriptionId?: string }, principalOid: string, method: string): Record<string, string> {
    const kind = method === 'GET' || method === 'HEAD' ? 'reads' : 'writes';
    const level = scope.subscriptionId ? 'subscription' : 'tenant';
    const key = `${scope.subscriptionId?.toLowerCase() ?? 'tenant'}|${principalOid}`;
    const now = this.now();
    let w = this.windows.get(key);
    if (!w || now - w.startedAt >= WINDOW_MS) {
      w = { startedAt: now, reads: 0, writes: 0 };
      this.windows.set(key, w);
    }
    const header = `x-ms-ratelimit-remaining-${level}-${kind}`;
    if (this.enforce && w[kind] >= this.limits[kind]) {
      const retryAfter = Math.max(1, Math.ceil((w.startedAt + WINDOW_MS - now) / 1000));
      const e = armErrors.tooManyRequests(kind, retryAfter);
      Object.assign(e.headers, { [header]: '0' });
      throw e;
    }
    w[kind]++;
    return { [header]: String(Math.max(0, this.limits[kind] - w[kind])) };
  }
}
