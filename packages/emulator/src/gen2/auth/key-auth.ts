import type { RequestContext } from '../../http/context.js';
import type { Caller } from '../../store/access.js';
import type { Gen2Address } from '../addressing.js';
import { Gen2Error } from '../errors.js';
import type { AuthFailure } from './failures.js';
import { keyCaller } from './identity.js';
import type { SasGrant, SasTarget } from './sas.js';
import { sasOperationOf } from './sas-operation.js';
import { sasPermissionsFor, type SasNeeds } from './sas-permissions.js';
import type { SignedRequest } from './signed-request.js';

/**
 * The glue between the Gen2 front end (RequestContext, Gen2Address, Gen2Error) and the pure verifiers
 * (shared-key.ts, sas.ts): what they are given about a request, what a SAS asks for, who a SAS caller is.
 */

export function signedRequestFrom(ctx: RequestContext, address: Gen2Address, query: URLSearchParams): SignedRequest {
  return {
    method: ctx.method,
    // As sent: for path style the account segment is part of it, as the SDKs sign it.
    rawPath: ctx.rawPath,
    query, headers: ctx.req.headers, account: address.account,
    protocol: ctx.origin.startsWith('http:') ? 'http' : 'https',
    remoteAddress: ctx.remoteAddress,
  };
}

export function sasTargetOf(address: Gen2Address, api: 'dfs' | 'blob'): SasTarget {
  return {
    service: api,
    ...(address.filesystem !== undefined ? { container: address.filesystem } : {}),
    ...(address.path.length > 0 ? { path: address.path.join('/') } : {}),
  };
}

/** What the request's operation asks of a SAS; an operation the tables do not know needs Write to change
 *  anything and Read otherwise, and is never open to a service SAS at the account level. */
export function sasNeedsOf(api: 'dfs' | 'blob', address: Gen2Address, method: string, query: URLSearchParams, ctx: RequestContext): SasNeeds {
  const level = address.filesystem === undefined ? 'account' : address.path.length === 0 ? 'filesystem' : 'path';
  const headers = ctx.req.headers;
  const op = sasOperationOf(api, level, method, query, headers);
  if (op) {
    const has = (h: string) => headers[h] !== undefined;
    return sasPermissionsFor(op, { ownership: has('x-ms-owner') || has('x-ms-group'), permissions: has('x-ms-permissions') || has('x-ms-acl') });
  }
  const letter = method === 'GET' || method === 'HEAD' ? 'r' : 'w';
  return { service: level === 'account' ? null : [letter], account: [letter] };
}

/**
 * Who a SAS acts as. Account and service SAS callers act as the account (`$superuser`), limited by the SAS's
 * permissions. A user delegation SAS is worth no more than its delegating user (`skoid`): a super-user only when
 * that user is one (`isSuperUser`: the account owner or a "Storage Blob Data Owner", as for bearer callers), otherwise ACLs are checked as for
 * that user. It acts as the pre-authorized `saoid` when given, and as the unauthorized agent `suoid` (never a
 * super-user, ACLs enforced) when given.
 */
export function sasCaller(grant: SasGrant, isSuperUser: (oid: string) => boolean): Caller {
  if (grant.kind !== 'user-delegation') return keyCaller();
  if (grant.unauthorizedOid) return { oid: grant.unauthorizedOid, groups: [grant.unauthorizedOid], superUser: false };
  const oid = grant.preauthorizedOid ?? grant.signedOid!;
  return { oid, groups: [oid], superUser: isSuperUser(grant.signedOid!) };
}

/** A verifier's refusal as the front end's error; the detail follows the message as the service's
 *  AuthenticationErrorDetail does. */
export function toGen2Error(f: AuthFailure): Gen2Error {
  return new Gen2Error(f.status, f.code, f.detail ? `${f.message}\n${f.detail}` : f.message);
}
