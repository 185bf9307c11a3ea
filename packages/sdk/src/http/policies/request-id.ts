import type { PipelinePolicy } from '../policy.js';

export const REQUEST_ID_POLICY = 'requestId';

/**
 * Sends the request's client id (one per call, the same on every retry) so that service logs can be
 * matched: `x-ms-client-request-id` for Azure services, `client-request-id` for Azure AD.
 */
export function requestIdPolicy(headerName = 'x-ms-client-request-id'): PipelinePolicy {
  return {
    name: REQUEST_ID_POLICY,
    sendRequest(req, next) {
      req.headers[headerName] ??= req.clientRequestId;
      return next(req);
    },
  };
}
