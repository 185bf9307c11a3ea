import type { EmulatorCore } from '../core.js';
import { BodyTooLargeError, type RequestContext, type Service } from '../http/context.js';
import { migrate } from '../store/db.js';
import { v2IssuerOrigin } from '../proxy/public-hosts.js';
import { instanceDiscovery, sendJwks, userRealm, v1Discovery, v2Discovery } from './discovery.js';
import { AadError, aad, sendAadError, sendAadJson } from './errors.js';
import { Identity } from './identity.js';
import { identityMigrations } from './migrations.js';
import { deviceAuthorization, tokenEndpoint } from './oauth-endpoints.js';
import { DEVICELOGIN_STEPS, deviceLoginPage } from './pages/devicelogin.js';
import { errorPage } from './pages/error-page.js';
import { resolveTenant, tenantPathId } from './tenants.js';
import { approve, decline, deviceState, revokeUser } from './test-api.js';

type Handler = (id: Identity, ctx: RequestContext, params: string[]) => Promise<void> | void;

interface Route {
  /** Path segments; `*` matches one segment (passed to the handler in order). */
  pattern: string[];
  methods: Partial<Record<string, Handler>>;
  /** First segment is a tenant: resolve it (unknown → AADSTS90002) before the handler runs. */
  tenant?: boolean;
  testApi?: boolean;
}

const tenantRoute = (rest: string[], methods: Route['methods']): Route => ({ pattern: ['*', ...rest], methods, tenant: true });
const withTenant = (fn: (id: Identity, ctx: RequestContext, t: ReturnType<typeof resolveTenant>) => Promise<void> | void): Handler =>
  (id, ctx, p) => fn(id, ctx, resolveTenant(id.core.directory, p[0]));

const ROUTES: Route[] = [
  tenantRoute(['v2.0', '.well-known', 'openid-configuration'], {
    GET: withTenant((_id, ctx, t) => sendAadJson(ctx, 200, v2Discovery(ctx.origin, t))) }),
  tenantRoute(['.well-known', 'openid-configuration'], {
    GET: withTenant((_id, ctx, t) => sendAadJson(ctx, 200, v1Discovery(ctx.origin, t))) }),
  tenantRoute(['discovery', 'keys'], { GET: withTenant((id, ctx) => sendJwks(id, ctx)) }),
  tenantRoute(['discovery', 'v2.0', 'keys'], {
    GET: withTenant((id, ctx, t) => sendJwks(id, ctx, `${v2IssuerOrigin(ctx.origin)}/${t.tenant ? tenantPathId(t) : '{tenantid}'}/v2.0`)) }),
  { pattern: ['common', 'discovery', 'instance'], methods: { GET: (_id, ctx) => instanceDiscovery(ctx) } },
  { pattern: ['*', 'userrealm', '*'], methods: { GET: (id, ctx, p) => userRealm(id, ctx, p[1]) } },
  tenantRoute(['oauth2', 'devicecode'], { POST: withTenant((id, ctx, t) => deviceAuthorization(id, ctx, t, true)) }),
  tenantRoute(['oauth2', 'v2.0', 'devicecode'], { POST: withTenant((id, ctx, t) => deviceAuthorization(id, ctx, t, false)) }),
  tenantRoute(['oauth2', 'token'], { POST: withTenant((id, ctx, t) => tokenEndpoint(id, ctx, t, true)) }),
  tenantRoute(['oauth2', 'v2.0', 'token'], { POST: withTenant((id, ctx, t) => tokenEndpoint(id, ctx, t, false)) }),
  ...[['oauth2', 'authorize'], ['oauth2', 'v2.0', 'authorize']].map((rest) => tenantRoute(rest, {
    GET: withTenant(() => {
      throw new AadError(400, 'unsupported_response_type', 70005, 'The emulator supports the device code flow only: use /oauth2/devicecode.');
    }),
  })),
  { pattern: ['error'], methods: { GET: (_id, ctx) => errorPage(ctx) } },
  { pattern: ['_emulator', 'device', 'approve'], methods: { POST: (id, ctx) => approve(id, ctx) }, testApi: true },
  { pattern: ['_emulator', 'device', 'decline'], methods: { POST: (id, ctx) => decline(id, ctx) }, testApi: true },
  { pattern: ['_emulator', 'device', '*'], methods: { GET: (id, ctx, p) => deviceState(id, ctx, p[0]) }, testApi: true },
  { pattern: ['_emulator', 'users', '*', 'revoke'], methods: { POST: (id, ctx, p) => revokeUser(id, ctx, p[0]) }, testApi: true },
];

function match(route: Route, segs: string[]): string[] | undefined {
  if (route.pattern.length !== segs.length) return undefined;
  const params: string[] = [];
  for (let i = 0; i < segs.length; i++) {
    const p = route.pattern[i];
    if (p === '*') params.push(segs[i]);
    else if (p !== segs[i].toLowerCase()) return undefined;
  }
  return params;
}

function segments(rawPath: string): string[] | undefined {
  try {
    return rawPath.split('/').filter((s) => s !== '').map((s) => decodeURIComponent(s));
  } catch {
    return undefined;
  }
}

/** Azure AD: discovery, JWKS, device code (v1/v2), token grants, sign-in pages, test API. Answers every path it gets. */
export function createIdentityService(core: EmulatorCore): Service {
  migrate(core.db, identityMigrations);
  const id = new Identity(core);

  async function route(ctx: RequestContext): Promise<void> {
    const segs = segments(ctx.rawPath);
    if (!segs) throw aad.notFound(ctx.rawPath);
    if (segs[0]?.toLowerCase() === 'devicelogin' && segs.length <= 2) {
      const step = (segs[1] ?? '').toLowerCase();
      if (DEVICELOGIN_STEPS.has(step)) {
        if (ctx.method !== 'GET' && ctx.method !== 'POST') throw aad.methodNotAllowed(['GET', 'POST']);
        return deviceLoginPage(id, ctx, step);
      }
    }
    for (const r of ROUTES) {
      const params = match(r, segs);
      if (!params) continue;
      if (r.testApi && !core.options.testApi) throw aad.testApiDisabled();
      const handler = r.methods[ctx.method];
      if (!handler) throw aad.methodNotAllowed(Object.keys(r.methods));
      if (r.tenant) resolveTenant(core.directory, params[0]);
      return handler(id, ctx, params);
    }
    throw aad.notFound(ctx.rawPath);
  }

  return {
    async handle(ctx) {
      try {
        await route(ctx);
      } catch (e) {
        if (ctx.res.headersSent) throw e;
        if (e instanceof AadError) sendAadError(ctx, e, core.options.now());
        else if (e instanceof BodyTooLargeError) sendAadError(ctx, aad.invalidRequest('The request body is too large.'), core.options.now());
        else throw e;
      }
      return true;
    },
  };
}

export { Identity };
