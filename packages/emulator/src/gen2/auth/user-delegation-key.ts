import { createHmac } from 'node:crypto';
import { authenticationFailed } from './failures.js';

/**
 * Get User Delegation Key (`POST /?restype=service&comp=userdelegationkey`) and the key's derivation.
 * The emulator keeps no table of issued keys: a key's value is an HMAC, under the account's key1, of the fields
 * the SAS repeats (skoid, sktid, skt, ske, sks, skv, skdutid), so verifying a user delegation SAS recomputes it.
 * Regenerating key1 therefore revokes every user delegation key issued before.
 */

export interface DelegationKeyFields {
  signedOid: string;
  signedTid: string;
  /** `YYYY-MM-DDThh:mm:ssZ`, as served and as the SDKs copy it into `skt`/`ske` */
  signedStart: string;
  signedExpiry: string;
  signedService: string;
  signedVersion: string;
  signedDelegatedUserTid?: string;
}

export function deriveUserDelegationKey(accountKey: string, account: string, f: DelegationKeyFields): string {
  const material = ['user-delegation-key', account, f.signedOid, f.signedTid, f.signedStart, f.signedExpiry,
    f.signedService, f.signedVersion, f.signedDelegatedUserTid ?? ''].join('\n');
  return createHmac('sha256', Buffer.from(accountKey, 'base64')).update(material, 'utf8').digest('base64');
}

/** The longest a user delegation key may live, counted from the request. */
export const MAX_KEY_LIFETIME_MS = 7 * 24 * 3600 * 1000;

export interface UserDelegationKeyRequest {
  account: string;
  /** The account's key1 (the derivation secret). */
  accountKey: string;
  /** The Azure AD caller (token `oid` and `tid`); undefined when the request was authorized by a key or SAS. */
  caller: { oid: string; tid: string } | undefined;
  /** The request body (`<KeyInfo><Start/><Expiry/></KeyInfo>`). */
  body: string;
  /** The request's `x-ms-version` (becomes SignedVersion). */
  version: string;
  now: number;
}

export type UserDelegationKeyReply =
  | { ok: true; status: 200; contentType: 'application/xml'; body: string }
  | { ok: false; status: number; code: string; message: string; detail?: string; extra?: Record<string, string> };

const INVALID_NODE = 'The value for one of the XML nodes is not in the correct format.';

export function getUserDelegationKey(req: UserDelegationKeyRequest): UserDelegationKeyReply {
  // Only an Azure AD principal can be the user a delegation key stands for.
  if (!req.caller) return authenticationFailed('Only authentication scheme Bearer is supported for this operation.');
  const keyInfo = /^\s*(?:<\?xml[^>]*\?>)?\s*<KeyInfo>([\s\S]*)<\/KeyInfo>\s*$/.exec(req.body.replace(/^\uFEFF/, ''));
  if (!keyInfo) {
    return { ok: false, status: 400, code: 'InvalidXmlDocument', message: 'XML specified is not syntactically valid.' };
  }
  const node = (name: string) => new RegExp(`<${name}>([^<]*)</${name}>`).exec(keyInfo[1]!)?.[1]?.trim();
  const expiryText = node('Expiry');
  if (expiryText === undefined) {
    return { ok: false, status: 400, code: 'InvalidXmlDocument', message: 'XML specified is not syntactically valid.' };
  }
  const startText = node('Start');
  const start = startText === undefined || startText === '' ? req.now : Date.parse(startText);
  const expiry = Date.parse(expiryText);
  // The service names the offending value in both XmlNodeName and XmlNodeValue.
  const invalid = (value: string): UserDelegationKeyReply =>
    ({ ok: false, status: 400, code: 'InvalidXmlNodeValue', message: INVALID_NODE, extra: { XmlNodeName: value, XmlNodeValue: value } });
  if (Number.isNaN(start)) return invalid(startText ?? '');
  if (Number.isNaN(expiry) || expiry <= start || expiry > req.now + MAX_KEY_LIFETIME_MS) return invalid(expiryText);
  if (start > req.now + MAX_KEY_LIFETIME_MS) return invalid(startText ?? '');

  const delegatedUserTid = node('DelegatedUserTid');
  const fields: DelegationKeyFields = {
    signedOid: req.caller.oid, signedTid: req.caller.tid,
    signedStart: isoSeconds(start), signedExpiry: isoSeconds(expiry),
    signedService: 'b', signedVersion: req.version,
    ...(delegatedUserTid ? { signedDelegatedUserTid: delegatedUserTid } : {}),
  };
  const value = deriveUserDelegationKey(req.accountKey, req.account, fields);
  const body = '<?xml version="1.0" encoding="utf-8"?><UserDelegationKey>'
    + `<SignedOid>${fields.signedOid}</SignedOid><SignedTid>${fields.signedTid}</SignedTid>`
    + `<SignedStart>${fields.signedStart}</SignedStart><SignedExpiry>${fields.signedExpiry}</SignedExpiry>`
    + `<SignedService>${fields.signedService}</SignedService><SignedVersion>${escapeXml(fields.signedVersion)}</SignedVersion>`
    + (fields.signedDelegatedUserTid ? `<SignedDelegatedUserTid>${escapeXml(fields.signedDelegatedUserTid)}</SignedDelegatedUserTid>` : '')
    + `<Value>${value}</Value></UserDelegationKey>`;
  return { ok: true, status: 200, contentType: 'application/xml', body };
}

/** `YYYY-MM-DDThh:mm:ssZ` (no fraction): the form the service serves and the SDKs sign. */
export function isoSeconds(ms: number): string {
  return new Date(Math.floor(ms / 1000) * 1000).toISOString().replace('.000Z', 'Z');
}

function escapeXml(s: string): string {
  return s.replace(/&/g, '&amp;').replace(/</g, '&lt;').replace(/>/g, '&gt;');
}
