import { ipv4ToNumber } from '../../accounts/ipv4.js';
import { authenticationFailed, type AuthFailure } from './failures.js';
import type { SasFields } from './sas-fields.js';
import type { SignedRequest } from './signed-request.js';

/** The checks of a SAS beyond its signature: validity window, source IP, protocol. */

const notAuthorized = (code: string, what: string): AuthFailure =>
  ({ ok: false, status: 403, code, message: `This request is not authorized to perform this operation using this ${what}.` });

export const permissionMismatch = () => notAuthorized('AuthorizationPermissionMismatch', 'permission');
export const resourceTypeMismatch = () => notAuthorized('AuthorizationResourceTypeMismatch', 'resource type');
export const serviceMismatch = () => notAuthorized('AuthorizationServiceMismatch', 'service');

/** `st` (optional) ≤ now < `se`; the service words both failures the same way. */
export function checkValidityWindow(f: SasFields, now: number): AuthFailure | undefined {
  const start = f.st ? Date.parse(f.st) : undefined;
  const expiry = Date.parse(f.se);
  if ((start !== undefined && start > now) || now >= expiry) {
    const startText = start !== undefined ? `Start [${new Date(start).toUTCString()}] - ` : '';
    return authenticationFailed(`Signature not valid in the specified time frame: ${startText}`
      + `Expiry [${new Date(expiry).toUTCString()}] - Current [${new Date(now).toUTCString()}]`);
  }
  return undefined;
}

/** `sip`: one IPv4 address or a range `a.b.c.d-e.f.g.h`. */
export function checkSourceIp(f: SasFields, req: SignedRequest): AuthFailure | undefined {
  if (f.sip === '') return undefined;
  const ip = (req.remoteAddress ?? '').replace(/^::ffff:/, '');
  const [from, to = from] = f.sip.split('-') as [string, string?];
  const n = ipv4ToNumber(ip);
  const lo = ipv4ToNumber(from);
  const hi = ipv4ToNumber(to);
  if (n === undefined || lo === undefined || hi === undefined || n < lo || n > hi) {
    return notAuthorized('AuthorizationSourceIPMismatch', `source IP ${ip}`);
  }
  return undefined;
}

/** `spr`: `https` alone refuses plain HTTP; `https,http` allows both. */
export function checkProtocol(f: SasFields, req: SignedRequest): AuthFailure | undefined {
  if (f.spr === '' || f.spr.split(',').includes(req.protocol ?? 'https')) return undefined;
  return notAuthorized('AuthorizationProtocolMismatch', 'protocol');
}

/** Whether every well-formed field parses: times, version, directory depth. */
export function fieldsWellFormed(f: SasFields): boolean {
  if (!/^\d{4}-\d{2}-\d{2}$/.test(f.sv) || f.sv < '2015-04-05') return false;
  if (f.st !== '' && Number.isNaN(Date.parse(f.st))) return false;
  if (f.sdd !== '' && !/^\d+$/.test(f.sdd)) return false;
  if (f.spr !== '' && !['https', 'https,http', 'http,https'].includes(f.spr)) return false;
  return f.sig !== '' && (f.si !== '' || (f.sp !== '' && !Number.isNaN(Date.parse(f.se))));
}
