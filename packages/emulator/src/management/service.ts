import type { EmulatorCore } from '../core.js';
import { BodyTooLargeError, type RequestContext, type Service } from '../http/context.js';
import { migrate } from '../store/db.js';
import type { ArmRequest, ManagementState } from './api.js';
import { checkApiVersion } from './api-versions.js';
import { authenticate, authorize } from './auth.js';
import { ArmError, armErrors } from './errors.js';
import { ResourceGroupStore } from './groups.js';
import { LroEngine } from './lro.js';
import { cloudMetadata } from './metadata.js';
import { managementMigrations } from './migrations.js';
import { ProviderRegistrations } from './provider-registrations.js';
import { ArmReply } from './reply.js';
import { matchRoute } from './routes.js';
import { ArmThrottle, ARM_DEFAULT_LIMITS } from './throttle.js';
import { bodyObject } from './validate.js';

/**
 * Azure Resource Manager: resource groups, Data Lake Store accounts, long-running operations.
 * Pipeline, in order: claim the path → authenticate → route → api-version → subscription + owner → settle due
 * operations → handler. Every failure is ARM's status and `{error:{code,message}}` body.
 */
export function createManagementService(core: EmulatorCore): Service {
  migrate(core.db, managementMigrations);
  const limits = core.options.armRateLimit;
  const state: ManagementState = {
    core, groups: new ResourceGroupStore(core.db), lro: new LroEngine(core), registrations: new ProviderRegistrations(core.db),
    throttle: new ArmThrottle(limits ?? ARM_DEFAULT_LIMITS, limits !== null, core.options.now),
  };
  ensureDefaultGroup(state);

  return {
    handle: async (ctx) => {
      const path = armPath(ctx).toLowerCase();
      if (!ARM_PREFIXES.some((p) => path === p || path.startsWith(`${p}/`) || path.startsWith(`${p}?`))) return false;
      const reply = new ArmReply(ctx);
      try {
        if (path.replace(/\/$/, '') === '/metadata/endpoints') {
          if (ctx.method !== 'GET') throw armErrors.methodNotAllowed(ctx.method, ['GET']);
          const { status, body } = cloudMetadata(ctx, core.options.dataPlaneSuffix);
          reply.json(status, body);
        } else {
          await serve(state, ctx, reply);
        }
      } catch (e) {
        if (ctx.res.headersSent) throw e;
        if (e instanceof ArmError) reply.error(e);
        else if (e instanceof BodyTooLargeError) reply.error(new ArmError(413, 'RequestEntityTooLarge', e.message));
        else throw e;
      }
      return true;
    },
    close: () => state.lro.close(),
  };
}

/** The paths Resource Manager owns on the shared origin (everything else belongs to identity or the data plane). */
const ARM_PREFIXES = ['/subscriptions', '/providers', '/tenants', '/metadata/endpoints'];

/** The subscription a path is under, if any (`/subscriptions` alone is tenant-level). */
const SUBSCRIPTION_SCOPE = /^\/subscriptions\/([^/]+)/i;

async function serve(state: ManagementState, ctx: RequestContext, reply: ArmReply): Promise<void> {
  const principal = await authenticate(state.core, ctx);
  const path = armPath(ctx);
  // Every authenticated request counts against the budget and reports it, errors included (as Azure's
  // gateway does: a 404 ResourceGroupNotFound carries x-ms-ratelimit-remaining-subscription-*).
  reply.addCommon(state.throttle.take({ subscriptionId: SUBSCRIPTION_SCOPE.exec(path)?.[1] }, principal.oid, ctx.method));
  const match = matchRoute(path);
  if (!match) throw armErrors.pathNotFound(ctx.method, path);
  const handler = match.route.methods[ctx.method];
  if (!handler) throw armErrors.methodNotAllowed(ctx.method, Object.keys(match.route.methods));
  checkApiVersion(match.route.provider, ctx.url.searchParams.get('api-version'));
  const params = match.params;
  if (params.s !== undefined && match.route.access !== 'caller') {
    params.s = authorize(state.core, principal, match.route, ctx.method, params, decodeURIComponent(path));
  }
  await state.lro.settle();
  const req: ArmRequest = {
    ctx, reply, principal, path, params, query: ctx.url.searchParams,
    body: async () => {
      let parsed: unknown;
      try {
        parsed = await ctx.readJson();
      } catch (e) {
        if (e instanceof SyntaxError) throw armErrors.invalidContent(e.message);
        throw e;
      }
      return bodyObject(parsed);
    },
  };
  await handler(state, req);
}

/**
 * The request path with runs of `/` collapsed, as ARM tolerates them: @azure/arm-resources' by-id operations
 * join the endpoint and a resource id that starts with `/`, sending `//subscriptions/…`.
 */
const armPath = (ctx: RequestContext) => ctx.rawPath.replace(/\/{2,}/g, '/');

/** The server's default account lives in resource group `adls-emulator` of the default subscription. */
function ensureDefaultGroup(state: ManagementState): void {
  const { core, groups } = state;
  const sub = core.directory.defaultSubscriptionId();
  const d = core.defaultAccount;
  if (!groups.get(sub, d.resourceGroup)) {
    groups.insert({ subscriptionId: sub, name: d.resourceGroup, location: d.location, tags: {}, createdAt: core.options.now() });
  }
}
