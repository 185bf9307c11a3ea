import type { AzureLogger } from '@azure/logger';
import { AdlsError } from '../../errors.js';
import type { PipelinePolicy } from '../policy.js';
import { redactUrl } from '../redact.js';

export const LOG_POLICY = 'log';

/**
 * One `info` line per call, after its retries: method, URL (query values outside an allow-list redacted),
 * status, time to the response headers, and retries; at `verbose` also the request ids. Never other headers
 * or bodies: they carry tokens and secrets.
 */
export function logPolicy(logger: AzureLogger): PipelinePolicy {
  return {
    name: LOG_POLICY,
    async sendRequest(req, next) {
      if (!logger.info.enabled) return next(req);
      const started = performance.now();
      const line = () => `${req.method} ${redactUrl(req.url)}`;
      const took = () => `${Math.round(performance.now() - started)} ms`;
      const retries = () => `retries ${Math.max(0, req.attempts - 1)}`;
      try {
        const res = await next(req);
        logger.info(`${line()} ${res.status} ${took()} ${retries()}`);
        // The ids a support request quotes (client side, service side); neither is a secret.
        logger.verbose(`${line()}: x-ms-client-request-id ${req.clientRequestId}, x-ms-request-id ${res.requestId}`);
        return res;
      } catch (e) {
        const why = e instanceof AdlsError ? e.code : (e as Error)?.name ?? 'error';
        logger.info(`${line()} failed (${why}) ${took()} ${retries()}`);
        throw e;
      }
    },
  };
}
