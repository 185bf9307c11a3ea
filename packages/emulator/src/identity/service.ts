import type { EmulatorCore } from '../core.js';
import type { Service } from '../http/context.js';

/** Azure AD: discovery, JWKS, device code (v1/v2), token grants, sign-in pages, test API. */
export function createIdentityService(_core: EmulatorCore): Service {
  return { handle: async () => false };
}
