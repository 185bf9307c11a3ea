import type { EmulatorCore } from '../core.js';
import { ClientAbortedError, type RequestContext, type Service } from '../http/context.js';
import { StoreError } from '../store/errors.js';
import { addressOf, type Gen2Address } from './addressing.js';
import { authenticate } from './auth/authenticate.js';
import { classify, type Api } from './classify.js';
import { Gen2Error, gen2Errors, sendError } from './errors.js';
import type { Gen2Request } from './request.js';
import { findRoute } from './router.js';
import { fromStoreError } from './store-errors.js';
import { FileSystemRegistry, fileSystemMigrations } from './filesystems/registry.js';
import { migrate } from '../store/db.js';

const queryOf = (ctx: RequestContext) => {
  const url = ctx.req.url ?? '';
  const q = url.indexOf('?');
  return new URLSearchParams(q < 0 ? '' : url.slice(q + 1));
};

/**
 * The ADLS Gen2 front end: the DFS and Blob APIs of storage accounts (core.storageAccounts) over the shared
 * namespace store. Pipeline: address (claim or pass) → classify DFS/Blob → account → authenticate → route →
 * handler → error mapping (DFS JSON or Blob XML errors, never a crash).
 */
export function createGen2Service(core: EmulatorCore): Service {
  migrate(core.db, fileSystemMigrations);
  const filesystems = new FileSystemRegistry(core.db);
  // Made once: every request of every service passes through addressOf first.
  const isAccount = (n: string) => core.storageAccounts.get(n) !== undefined;
  async function handle(ctx: RequestContext): Promise<boolean> {
    let address: Gen2Address | undefined;
    let api: Api = 'blob';
    try {
      address = addressOf(ctx.hostName, ctx.rawPath, {
        suffix: core.options.dataPlaneSuffix,
        publicHost: core.options.publicHost,
        isAccount,
        storageRequest: ctx.header('x-ms-version') !== undefined,
        renameSource: ctx.header('x-ms-rename-source'),
      });
    } catch (e) {
      if (!(e instanceof URIError)) throw e;
      // addressOf decodes only requests it claimed: malformed percent-encoding there is ours to answer.
      sendError(ctx, api, gen2Errors.invalidUri());
      return true;
    }
    if (!address) return false;
    const query = queryOf(ctx);
    api = classify(address.endpoint, ctx.method, query, ctx.req.headers);
    try {
      const account = core.storageAccounts.get(address.account);
      if (!account) throw gen2Errors.unknownAccount();
      const identity = await authenticate(core, ctx, account, address, query);
      const r: Gen2Request = { ctx, core, api, address, query, account, identity, filesystems };
      const route = findRoute(r);
      if (!route) throw gen2Errors.unsupportedOperation(`${ctx.method} on the ${api} endpoint with ${[...query.keys()].join(', ') || 'no query'}`);
      await route.handler(r);
    } catch (e) {
      if (e instanceof ClientAbortedError || ctx.clientGone) return true;
      if (e instanceof Gen2Error) sendError(ctx, api, e);
      else if (e instanceof StoreError) sendError(ctx, api, fromStoreError(e, api));
      else if (e instanceof URIError) sendError(ctx, api, gen2Errors.invalidUri());
      else {
        core.log.warn(`gen2: unexpected error on ${ctx.method} ${api}: ${(e as Error).stack ?? e}`);
        sendError(ctx, api, gen2Errors.internal());
      }
    }
    return true;
  }
  return { handle };
}
