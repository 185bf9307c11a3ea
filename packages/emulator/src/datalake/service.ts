import type { OperationSpec } from 'adls-gen1-protocol';
import type { EmulatorCore } from '../core.js';
import { MAX_CONCAT_BODY, MAX_UNUSED_BODY } from '../defaults.js';
import { BodyTooLargeError, ClientAbortedError, declaredLength, type RequestContext, type Service } from '../http/context.js';
import { challengeAuthority } from '../proxy/public-hosts.js';
import { TokenValidationError } from '../identity/validator.js';
import { StoreError } from '../store/errors.js';
import { drawFault, sleep } from './faults.js';
import { firewallAllows, firewallDenied } from './firewall.js';
import * as read from './handlers-read.js';
import * as ns from './handlers-namespace.js';
import * as write from './handlers-write.js';
import type { DataLakeDeps, Handler } from './op-context.js';
import { Params, validateOperation } from './params.js';
import { parseUrlPath } from './paths.js';
import { bodyTooLarge, fileNotFound, fromStoreError, illegalArgument, internalError, RemoteError, securityError, throttled, unavailable } from './remote-error.js';
import { Reply } from './reply.js';
import { route } from './routing.js';

const HANDLERS: Record<string, Handler> = {
  LISTSTATUS: read.listStatus,
  MSLISTSTATUS: read.listStatus,
  GETFILESTATUS: read.getFileStatus,
  OPEN: read.open,
  GETCONTENTSUMMARY: read.getContentSummary,
  GETACLSTATUS: read.getAclStatus,
  MSGETACLSTATUS: read.getAclStatus,
  CHECKACCESS: read.checkAccess,
  CREATE: write.create,
  APPEND: write.append,
  CONCURRENTAPPEND: write.concurrentAppend,
  MSCONCAT: write.msConcat,
  CONCAT: write.concat,
  MKDIRS: ns.mkdirs,
  DELETE: ns.remove,
  RENAME: ns.rename,
  SETPERMISSION: ns.setPermission,
  SETOWNER: ns.setOwner,
  SETACL: ns.setAcl,
  MODIFYACLENTRIES: ns.modifyAclEntries,
  REMOVEACLENTRIES: ns.removeAclEntries,
  REMOVEDEFAULTACL: ns.removeDefaultAcl,
  REMOVEACL: ns.removeAcl,
  SETEXPIRY: ns.setExpiry,
  SETTIMES: ns.setTimes,
};

/**
 * Largest body per kind of operation: file bytes are streamed (bounded memory, any size); an MSCONCAT list is
 * buffered; an operation without a payload needs none. A larger declared body is refused before it is read.
 */
const BODY_LIMITS: Record<OperationSpec['body'], number> = { bytes: Infinity, json: MAX_CONCAT_BODY, none: MAX_UNUSED_BODY };

/**
 * The ADLS Gen1 data plane (WebHDFS) over the namespace store (core.store).
 *
 * Pipeline per request, in this order: route (claim or pass) → faults → authenticate → validate against
 * the op table → body limit → account + firewall → path → handler → error mapping.
 */
export function createDataLakeService(core: EmulatorCore): Service {
  const now = core.options.now;
  const store = core.store;
  const deps: DataLakeDeps = { store, directory: core.directory, now };

  async function handle(ctx: RequestContext): Promise<boolean> {
    const r = route(ctx, core.options.dataPlaneSuffix, core.defaultAccount.name, core.options.publicHost);
    if (!r) return false;
    const reply = new Reply(ctx, r.namespace === 'webhdfsext', now);
    let op = 'REQUEST';
    try {
      const f = core.options.faults;
      if (f.slowMs > 0) await sleep(f.slowMs);
      const fault = drawFault(f);
      if (fault === '503') throw unavailable();
      if (fault === '429') throw throttled();

      let principal;
      try {
        principal = await core.validator.validate(ctx.header('authorization'), 'datalake');
      } catch (e) {
        if (!(e instanceof TokenValidationError)) throw e;
        reply.error(securityError(e.message, { 'WWW-Authenticate': core.validator.challenge(e, core.directory.defaultTenant().id, challengeAuthority(ctx.hostName, core.baseUrl())) }));
        return true;
      }

      if (!r.namespace) throw illegalArgument(`Invalid request path ${ctx.rawPath.slice(0, 200)}: expected /webhdfs/v1/{path} or /WebHdfsExt/{path}`);
      const query = ctx.req.url?.includes('?') ? ctx.req.url.slice(ctx.req.url.indexOf('?') + 1) : '';
      const params = Params.parse(query);
      const spec = validateOperation(params, ctx.method, r.namespace);
      op = spec.op;
      const bodyLimit = BODY_LIMITS[spec.body];
      if (declaredLength(ctx.req) > bodyLimit) {
        ctx.res.setHeader('Connection', 'close'); // answered without reading the body: no keep-alive after it
        throw bodyTooLarge(op, bodyLimit);
      }

      const account = core.accounts.get(r.account);
      if (!account || !store.hasNamespace(account.name)) throw fileNotFound(`Account ${r.account.slice(0, 100)} does not exist`);
      if (!firewallAllows(account, ctx.remoteAddress)) throw firewallDenied(account.name, ctx.remoteAddress);
      const path = parseUrlPath(r.rawPath);

      if (fault === 'drop') {
        // Lose the connection: before the body is read for uploads (nothing commits), after the work otherwise.
        if (spec.body === 'bytes') {
          ctx.req.socket.destroy();
          return true;
        }
        reply.drop = true;
      }
      await HANDLERS[spec.op]({
        op, spec, params, account: account.name, path, ctx, reply, deps,
        caller: { oid: principal.oid, groups: [principal.oid], superUser: principal.oid === account.ownerOid },
      });
    } catch (e) {
      // The client went away mid-body or mid-answer (e.g. an OPEN download): nothing to answer.
      if (e instanceof ClientAbortedError || ctx.clientGone) return true;
      if (e instanceof RemoteError) reply.error(e);
      else if (e instanceof BodyTooLargeError) reply.error(bodyTooLarge(op, e.limit));
      else if (e instanceof StoreError) reply.error(fromStoreError(e, op));
      else if (e instanceof URIError) reply.error(illegalArgument('Invalid URL encoding'));
      else {
        core.log.warn(`data plane: unexpected error on ${op}: ${(e as Error).stack ?? e}`);
        reply.error(internalError());
      }
    }
    return true;
  }

  return { handle };
}
