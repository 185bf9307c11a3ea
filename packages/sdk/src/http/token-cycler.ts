import { AdlsError } from '../errors.js';
import type { AccessToken, GetTokenOptions, TokenCredential } from '../auth/types.js';
import { SharedFlights } from './shared-flight.js';

/**
 * Caches one bearer token and refreshes it ahead of expiry, one refresh at a time
 * (the token cycler of @azure/core-rest-pipeline, reduced to what we need). Concurrent requests share the
 * refresh in flight, which runs without any one request's signal: each request stops waiting when its own
 * signal fires, and the refresh is cancelled only once every request waiting for it has aborted.
 */
export class TokenCycler {
  private current?: AccessToken;
  /** Plain refreshes and forced ones (after a 401) are shared separately: a forced one must not join a plain one. */
  private readonly refreshes = new SharedFlights<'plain' | 'force', AccessToken>();

  constructor(private readonly credential: TokenCredential, private readonly scopes: string[], private readonly refreshWindowMs = 120_000) {}

  async token(options: GetTokenOptions & { forceRefresh?: boolean } = {}): Promise<string> {
    const now = Date.now();
    const cur = this.current;
    const fresh = cur && !options.forceRefresh && !options.claims &&
      now < cur.expiresOnTimestamp - this.refreshWindowMs && (cur.refreshAfterTimestamp === undefined || now < cur.refreshAfterTimestamp);
    if (fresh) return cur.token;
    // A claims challenge wants a token of its own: never share a plain refresh in flight.
    if (options.claims !== undefined) return (await this.fetch(options)).token;
    const { abortSignal, ...rest } = options;
    const t = await this.refreshes.join(options.forceRefresh ? 'force' : 'plain', (signal) => this.fetch({ ...rest, abortSignal: signal }), abortSignal);
    return t.token;
  }

  private async fetch(options: GetTokenOptions & { forceRefresh?: boolean }): Promise<AccessToken> {
    const t = await this.credential.getToken(this.scopes, options);
    if (!t) throw new AdlsError('AUTH_NO_TOKEN', 'The credential returned no token.');
    this.current = t;
    return t;
  }
}
