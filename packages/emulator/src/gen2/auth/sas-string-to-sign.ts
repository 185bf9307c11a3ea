import type { SignedRequest } from './signed-request.js';
import { headerValue } from './signed-request.js';
import type { SasFields } from './sas-fields.js';

/**
 * The strings to sign of the SAS kinds, by signed version (`sv`), as the service builds them ("Create an account
 * SAS", "Create a service SAS", "Create a user delegation SAS": "Version ... and later" sections). Versions
 * compare as their YYYY-MM-DD text.
 */

export function accountSasStringToSign(account: string, f: SasFields): string {
  const fields = [account, f.sp, f.ss, f.srt, f.st, f.se, f.sip, f.spr, f.sv];
  if (f.sv >= '2020-12-06') fields.push(f.ses);
  // An account SAS's string to sign ends with a newline.
  return fields.join('\n') + '\n';
}

/** `/blob/{account}/{container}[/{path}]`: the signed resource (the DFS endpoint signs with the blob form too). */
export function canonicalSasResource(account: string, container: string, path?: string): string {
  return `/blob/${account}/${container}${path ? `/${path}` : ''}`;
}

const responseHeaders = (f: SasFields) => [f.rscc, f.rscd, f.rsce, f.rscl, f.rsct];

export function serviceSasStringToSign(canonical: string, f: SasFields): string {
  const fields = [f.sp, f.st, f.se, canonical, f.si, f.sip, f.spr, f.sv];
  if (f.sv >= '2018-11-09') fields.push(f.sr, f.snapshot);
  if (f.sv >= '2020-12-06') fields.push(f.ses);
  return [...fields, ...responseHeaders(f)].join('\n');
}

export function userDelegationSasStringToSign(canonical: string, f: SasFields, req: SignedRequest): string {
  const fields = [f.sp, f.st, f.se, canonical, f.skoid, f.sktid, f.skt, f.ske, f.sks, f.skv];
  if (f.sv >= '2020-02-10') fields.push(f.saoid, f.suoid, f.scid);
  if (f.sv >= '2025-07-05') fields.push(f.skdutid, f.sduoid);
  fields.push(f.sip, f.spr, f.sv, f.sr, f.snapshot);
  if (f.sv >= '2020-12-06') fields.push(f.ses);
  if (f.sv >= '2026-04-06') fields.push(signedRequestHeaders(f.srh, req), signedRequestQuery(f.srq, req));
  return [...fields, ...responseHeaders(f)].join('\n');
}

/** `srh` lists headers whose values the SAS binds: `name:value\n` each, with the values this request carries. */
function signedRequestHeaders(names: string, req: SignedRequest): string {
  if (names === '') return '';
  return names.split(',').map((n) => `${n}:${headerValue(req.headers, n.toLowerCase()) ?? ''}\n`).join('');
}

/** `srq` lists query parameters the SAS binds: `\nname:value` each, with this request's values. */
function signedRequestQuery(names: string, req: SignedRequest): string {
  if (names === '') return '';
  return names.split(',').map((n) => `\n${n}:${req.query.get(n) ?? ''}`).join('');
}
