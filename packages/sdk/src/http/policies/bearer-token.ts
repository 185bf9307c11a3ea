import type { AzureLogger } from '@azure/logger';
import { parseBearerChallenge } from '../challenge.js';
import type { PipelinePolicy } from '../policy.js';
import type { TokenCycler } from '../token-cycler.js';

export const BEARER_TOKEN_POLICY = 'bearerToken';

/**
 * Signs each send with a bearer token from `cycler`, and answers a 401 once per send of the retry loop:
 * a claims challenge (`insufficient_claims` with `claims`) by asking the credential for a token satisfying
 * them; any other 401 by one forced refresh. A 401 that remains is returned for the caller's typed error.
 */
export function bearerTokenPolicy(cycler: TokenCycler, logger?: AzureLogger): PipelinePolicy {
  return {
    name: BEARER_TOKEN_POLICY,
    async sendRequest(req, next) {
      let refreshed = false;
      let claimsSent = false;
      let forceRefresh = false;
      let claims: string | undefined;
      for (;;) {
        req.headers.authorization = `Bearer ${await cycler.token({ abortSignal: req.abortSignal, forceRefresh: forceRefresh || claims !== undefined, claims })}`;
        forceRefresh = false;
        claims = undefined;
        const res = await next(req);
        if (res.status !== 401 || !req.allowRetry) return res;
        const challenge = parseBearerChallenge(res.headers['www-authenticate']);
        if (challenge?.error === 'insufficient_claims') {
          if (!challenge.claims || claimsSent) return res;
          claimsSent = true;
          claims = challenge.claims;
          logger?.info('The service asked for a token with more claims (claims challenge): requesting one.');
        } else {
          if (refreshed) return res;
          refreshed = forceRefresh = true;
          logger?.info(`The service refused the token (${challenge?.error ?? 'HTTP 401'}): refreshing it once.`);
        }
        await res.body.dump?.().catch(() => {});
      }
    },
  };
}
