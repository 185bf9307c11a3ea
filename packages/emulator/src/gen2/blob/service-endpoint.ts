import type { Gen2Request } from '../request.js';

/** `https://{host}/` for host-style requests, `https://{host}/{account}/` for path style (as Azurite answers). */
export function serviceEndpoint(r: Gen2Request): string {
  return r.address.style === 'host' ? `${r.ctx.origin}/` : `${r.ctx.origin}/${r.address.account}/`;
}
