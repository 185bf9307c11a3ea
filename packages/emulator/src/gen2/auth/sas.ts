import { authenticationFailed, type AuthFailure } from './failures.js';
import { anyKeySigns, hmacSha256, signatureMatches } from './hmac.js';
import { checkProtocol, checkSourceIp, checkValidityWindow, fieldsWellFormed, permissionMismatch, resourceTypeMismatch, serviceMismatch } from './sas-checks.js';
import { readSasFields, sasKind, type SasFields, type SasKind } from './sas-fields.js';
import { resourceTypeOf, type SasNeeds } from './sas-permissions.js';
import { accountSasStringToSign, canonicalSasResource, serviceSasStringToSign, userDelegationSasStringToSign } from './sas-string-to-sign.js';
import type { SignedRequest } from './signed-request.js';
import { deriveUserDelegationKey, type DelegationKeyFields } from './user-delegation-key.js';

export { isSasRequest } from './sas-fields.js';
export { sasPermissionsFor, type Gen2Operation, type SasNeeds, type SasPermission } from './sas-permissions.js';

/**
 * Shared access signatures for the Blob and DFS endpoints: account SAS, service SAS (container `sr=c`, blob
 * `sr=b`, directory `sr=d` with `sdd`) and user delegation SAS, verified as the service does: signature over the
 * version's string to sign, validity window, source IP, protocol, then service, resource type and permissions.
 * Stored access policies (`si`) are not supported.
 */

/** What the request addresses: the container (file system) and the path within it, decoded, no leading slash. */
export interface SasTarget {
  service: 'blob' | 'dfs';
  container?: string;
  path?: string;
  isDirectory?: boolean;
}

/** Who a verified SAS lets in. An account or service SAS acts as the account (a super-user within `permissions`);
 *  a user delegation SAS for `signedOid`, and, when `unauthorizedOid` (`suoid`) is set, ACLs are checked for it. */
export interface SasGrant {
  kind: SasKind;
  permissions: string;
  signedOid?: string;
  signedTid?: string;
  preauthorizedOid?: string;
  unauthorizedOid?: string;
  correlationId?: string;
  /** `sduoid`: only this Azure AD user may use the SAS, with their token alongside (the front end checks it). */
  delegatedUserOid?: string;
}

export type SasCheck = { ok: true; grant: SasGrant } | AuthFailure;

/** The user delegation key value for a SAS's `sk*` fields, or undefined when it was never issued or is revoked.
 *  By default the key is re-derived from the account's key1 (see user-delegation-key.ts). */
export type DelegationKeyLookup = (fields: DelegationKeyFields) => string | undefined;

const NOT_WELL_FORMED = 'Signature fields not well formed.';

export function verifySas(
  req: SignedRequest, keys: readonly string[], target: SasTarget, needs: SasNeeds, now: number,
  delegation?: DelegationKeyLookup,
): SasCheck {
  const f = readSasFields(req.query);
  if (!fieldsWellFormed(f)) return authenticationFailed(NOT_WELL_FORMED);
  if (f.si !== '') return authenticationFailed('Stored access policies (si) are not supported by this emulator.');
  const kind = sasKind(f);

  const signed = kind === 'account' ? signedByAccountKey(req, keys, f) : signedForResource(req, keys, target, f, kind, now, delegation);
  if (signed) return signed;

  const refused = checkValidityWindow(f, now) ?? checkSourceIp(f, req) ?? checkProtocol(f, req);
  if (refused) return refused;
  if (kind === 'account') {
    // Both endpoints are the blob service of an account SAS.
    if (!f.ss.includes('b')) return serviceMismatch();
    if (!f.srt.includes(resourceTypeOf(target))) return resourceTypeMismatch();
  }
  const groups = kind === 'account' ? needs.account : needs.service;
  if (groups === null || !groups.every((g) => [...g].some((p) => f.sp.includes(p)))) return permissionMismatch();
  return { ok: true, grant: grantOf(kind, f) };
}

function signatureDidNotMatch(stringToSign: string): AuthFailure {
  return authenticationFailed(`Signature did not match. String to sign used was ${stringToSign}`);
}

function signedByAccountKey(req: SignedRequest, keys: readonly string[], f: SasFields): AuthFailure | undefined {
  const stringToSign = accountSasStringToSign(req.account, f);
  return anyKeySigns(f.sig, keys, [stringToSign]) ? undefined : signatureDidNotMatch(stringToSign);
}

function signedForResource(
  req: SignedRequest, keys: readonly string[], target: SasTarget, f: SasFields, kind: SasKind, now: number,
  delegation: DelegationKeyLookup | undefined,
): AuthFailure | undefined {
  const canonical = signedResourceOf(req.account, target, f);
  if (typeof canonical !== 'string') return canonical;
  if (kind === 'service') {
    const stringToSign = serviceSasStringToSign(canonical, f);
    return anyKeySigns(f.sig, keys, [stringToSign]) ? undefined : signatureDidNotMatch(stringToSign);
  }
  if (!f.sktid || !f.skt || !f.ske || !f.sks || !f.skv) return authenticationFailed(NOT_WELL_FORMED);
  const fields: DelegationKeyFields = {
    signedOid: f.skoid, signedTid: f.sktid, signedStart: f.skt, signedExpiry: f.ske, signedService: f.sks, signedVersion: f.skv,
    ...(f.skdutid ? { signedDelegatedUserTid: f.skdutid } : {}),
  };
  const key = delegation ? delegation(fields) : keys[0] ? deriveUserDelegationKey(keys[0], req.account, fields) : undefined;
  const stringToSign = userDelegationSasStringToSign(canonical, f, req);
  if (key === undefined || !signatureMatches(f.sig, hmacSha256(key, stringToSign))) return signatureDidNotMatch(stringToSign);
  const keyStart = Date.parse(f.skt);
  const keyExpiry = Date.parse(f.ske);
  if (!(keyStart <= now && now < keyExpiry)) {
    return authenticationFailed(`The user delegation key is not valid at this time: Start [${new Date(keyStart).toUTCString()}] - `
      + `Expiry [${new Date(keyExpiry).toUTCString()}] - Current [${new Date(now).toUTCString()}]`);
  }
  if (!f.sks.includes('b')) return serviceMismatch();
  return undefined;
}

/** The resource a service or user delegation SAS signs, from its `sr` and what the request addresses. */
function signedResourceOf(account: string, target: SasTarget, f: SasFields): string | AuthFailure {
  if (!target.container) return resourceTypeMismatch();
  switch (f.sr) {
    case 'c':
      return canonicalSasResource(account, target.container);
    case 'b': case 'bs': case 'bv':
      return target.path ? canonicalSasResource(account, target.container, target.path) : resourceTypeMismatch();
    case 'd': {
      // A directory SAS covers the directory `sdd` levels deep on the request's path, and everything below it.
      const depth = Number(f.sdd);
      const segments = (target.path ?? '').split('/').filter((s) => s !== '');
      if (f.sdd === '' || depth < 1) return authenticationFailed(NOT_WELL_FORMED);
      if (segments.length < depth) return resourceTypeMismatch();
      return canonicalSasResource(account, target.container, segments.slice(0, depth).join('/'));
    }
    default:
      return authenticationFailed(NOT_WELL_FORMED);
  }
}

function grantOf(kind: SasKind, f: SasFields): SasGrant {
  const grant: SasGrant = { kind, permissions: f.sp };
  if (kind === 'user-delegation') {
    grant.signedOid = f.skoid;
    grant.signedTid = f.sktid;
    if (f.saoid) grant.preauthorizedOid = f.saoid;
    if (f.suoid) grant.unauthorizedOid = f.suoid;
    if (f.scid) grant.correlationId = f.scid;
    if (f.sduoid) grant.delegatedUserOid = f.sduoid;
  }
  return grant;
}

/** The response headers a service SAS overrides on reads (`rscc`, `rscd`, `rsce`, `rscl`, `rsct`). */
export function sasResponseHeaderOverrides(query: URLSearchParams): Record<string, string> {
  const out: Record<string, string> = {};
  const map: [string, string][] = [['rscc', 'cache-control'], ['rscd', 'content-disposition'], ['rsce', 'content-encoding'], ['rscl', 'content-language'], ['rsct', 'content-type']];
  for (const [param, header] of map) {
    const v = query.get(param);
    if (v) out[header] = v;
  }
  return out;
}
