import { AbortError } from '../errors.js';
import { SharedFlights } from '../http/shared-flight.js';
import type { AbortSignalLike, AccessToken, GetTokenOptions, TokenCredential } from './types.js';
import { AuthClient, type AuthorityOptions } from './auth-client.js';
import { resourceFromScopes } from './resource-scope.js';
import type { CachedAccessToken } from './token-cache.js';
import { REFRESH_MARGIN_MS } from './token-response.js';

/** getToken options plus the pipeline's `forceRefresh` (set after a 401), with a real AbortSignal. */
export type CredentialGetTokenOptions = Omit<GetTokenOptions, 'abortSignal'> & { abortSignal?: AbortSignal; forceRefresh?: boolean };

/**
 * A DOM AbortSignal for an @azure/core-auth AbortSignalLike (undici and timers need the real thing), and a
 * `dispose` that removes the listener this put on the AbortSignalLike (call it when the operation is over).
 */
export function linkAbortSignal(like: AbortSignalLike | undefined): { signal?: AbortSignal; dispose(): void } {
  if (!like || like instanceof AbortSignal) return { signal: like as AbortSignal | undefined, dispose: () => {} };
  const ac = new AbortController();
  const onAbort = () => ac.abort();
  if (like.aborted) ac.abort();
  else like.addEventListener('abort', onAbort, { once: true });
  return { signal: ac.signal, dispose: () => like.removeEventListener('abort', onAbort) };
}

/** A cached token is served until its refresh time (`refresh_in`, else 5 min before expiry). */
export function isFresh(t: CachedAccessToken, now: number): boolean {
  const refreshAt = t.refreshAfterTimestamp ?? t.expiresOnTimestamp - REFRESH_MARGIN_MS;
  return now < refreshAt && now < t.expiresOnTimestamp;
}

export function toAccessToken(t: CachedAccessToken): AccessToken {
  return { token: t.token, expiresOnTimestamp: t.expiresOnTimestamp, refreshAfterTimestamp: t.refreshAfterTimestamp, tokenType: 'Bearer' };
}

/**
 * The token cycler shared by every credential: serve a cached token while it is fresh, otherwise
 * acquire one, with at most one plain acquisition per resource in flight (concurrent callers share it;
 * it is cancelled only when every one of them has aborted). A request with claims or forceRefresh gets
 * an acquisition of its own. Accepts v2 scopes and v1 resource ids alike.
 */
export abstract class CredentialBase implements TokenCredential {
  protected readonly client: AuthClient;
  private readonly inflight = new SharedFlights<string, AccessToken>();

  constructor(opts: AuthorityOptions) {
    this.client = new AuthClient(opts);
  }

  async getToken(scopes: string | string[], getTokenOptions: GetTokenOptions & { forceRefresh?: boolean } = {}): Promise<AccessToken> {
    const resource = resourceFromScopes(scopes);
    const link = linkAbortSignal(getTokenOptions.abortSignal);
    try {
      return await this.getTokenWith(resource, { ...getTokenOptions, abortSignal: link.signal });
    } finally {
      link.dispose();
    }
  }

  private async getTokenWith(resource: string, options: CredentialGetTokenOptions): Promise<AccessToken> {
    if (options.abortSignal?.aborted) throw new AbortError();
    const force = options.forceRefresh === true || options.claims !== undefined;
    if (!force) {
      const hit = await this.cachedToken(resource);
      if (hit && isFresh(hit, this.client.clock.now())) return toAccessToken(hit);
    }
    // Claims or a forced refresh want a new token of their own: joining a plain acquisition would drop them.
    if (force) return await this.acquire(resource, options);
    return await this.inflight.join(resource, (signal) => this.acquire(resource, { ...options, abortSignal: signal }), options.abortSignal);
  }

  /** The cached token for a resource, if any (fresh or not). */
  protected abstract cachedToken(resource: string): Promise<CachedAccessToken | undefined>;

  /** Gets a new token from Azure AD (refresh, interactive or client credentials). */
  protected abstract acquire(resource: string, options: CredentialGetTokenOptions): Promise<AccessToken>;
}
