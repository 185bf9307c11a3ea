import { Gen2Error, commonHeaders } from '../errors.js';
import type { Gen2Handler, Gen2Route } from '../request.js';
import { getUserDelegationKey } from './user-delegation-key.js';

/** The longest KeyInfo body accepted (a few hundred bytes in practice). */
const MAX_KEY_INFO = 16 * 1024;

/**
 * `POST /?restype=service&comp=userdelegationkey` on the Blob endpoint (the DataLake SDKs call it there too):
 * answers the UserDelegationKey XML for the Azure AD caller. Signed with a key or a SAS, the request is refused.
 */
export const userDelegationKeyHandler: Gen2Handler = async (r) => {
  const body = (await r.ctx.readBody(MAX_KEY_INFO)).toString('utf8');
  const principal = r.identity.kind === 'bearer' ? r.identity.principal : undefined;
  const reply = getUserDelegationKey({
    account: r.account.name, accountKey: r.account.keys[0], body, now: r.core.options.now(),
    caller: principal ? { oid: principal.oid, tid: principal.tid } : undefined,
    version: r.ctx.header('x-ms-version') ?? '',
  });
  if (!reply.ok) {
    const extra = Object.entries(reply.extra ?? {}).map(([k, v]) => `\n${k}:${v}`).join('');
    throw new Gen2Error(reply.status, reply.code, `${reply.message}${reply.detail ? `\n${reply.detail}` : ''}${extra}`);
  }
  const out = Buffer.from(`\uFEFF${reply.body}`);
  r.ctx.res.writeHead(200, { ...commonHeaders(r.ctx, 'blob'), 'Content-Type': reply.contentType, 'Content-Length': out.length });
  r.ctx.res.end(out);
};

/** The routing-table row for it (Blob API, account level). */
export const USER_DELEGATION_KEY_ROUTE: Gen2Route = {
  api: 'blob', level: 'account', method: 'POST',
  when: (q) => q.get('restype') === 'service' && q.get('comp') === 'userdelegationkey',
  name: 'Service_GetUserDelegationKey',
  handler: userDelegationKeyHandler,
};
