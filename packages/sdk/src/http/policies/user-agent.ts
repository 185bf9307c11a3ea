import type { PipelinePolicy } from '../policy.js';

export const USER_AGENT_POLICY = 'userAgent';
export const DEFAULT_USER_AGENT = 'adls-gen1-ts/0.1.0';

/** Sets `User-Agent` unless the caller set one. */
export function userAgentPolicy(userAgent = DEFAULT_USER_AGENT): PipelinePolicy {
  return {
    name: USER_AGENT_POLICY,
    sendRequest(req, next) {
      req.headers['user-agent'] ??= userAgent;
      return next(req);
    },
  };
}
