import { Command, Option } from 'commander';
import { existsSync } from 'node:fs';
import {
  accountKey, AUTH_CODES, ClientCertificateCredential, ClientSecretCredential, decodeJwtPayload, DeviceCodeCredential,
  RESOURCES, scopeForResource, UsernamePasswordCredential, AdlsError, type TokenCredential,
} from 'adls-gen1';
import { browserTrustHelp } from '../ca-trust.js';
import { accountsFor, activeAccount, resolveTarget, tokenCache, type GlobalOptions, type Target } from '../context.js';
import { CliError, EXIT } from '../exit.js';
import { info, printJson, table } from '../output.js';
import { promptPassword } from '../password-prompt.js';

const DATALAKE = scopeForResource(RESOURCES.datalake);
const MANAGEMENT = scopeForResource(RESOURCES.management);

interface LoginOptions {
  protocol: string;
  tenant?: string;
  clientId?: string;
  username?: string;
  password?: string;
  servicePrincipal?: boolean;
  clientSecret?: string;
  certificate?: string;
}

/** Aborts on Ctrl-C, so a waiting device flow stops cleanly (exit 130). */
function interruptSignal(): { signal: AbortSignal; dispose(): void } {
  const ac = new AbortController();
  const onInt = () => ac.abort();
  process.once('SIGINT', onInt);
  return { signal: ac.signal, dispose: () => process.off('SIGINT', onInt) };
}

function validateLogin(o: LoginOptions): void {
  const bad = (m: string) => { throw new CliError(m, EXIT.BAD_INPUT); };
  if (o.protocol !== 'v1' && o.protocol !== 'v2') bad(`--protocol must be v1 or v2, got '${o.protocol}'`);
  if (o.servicePrincipal) {
    if (o.username) bad('--username and --service-principal exclude each other');
    if (!o.clientId) bad('--service-principal needs --client-id');
    const secret = o.clientSecret ?? process.env.ADLS_CLIENT_SECRET;
    if (!!secret === !!o.certificate) bad('--service-principal needs exactly one of --client-secret (or ADLS_CLIENT_SECRET) and --certificate');
  } else {
    if (o.clientSecret || o.certificate) bad('--client-secret and --certificate need --service-principal');
    if (o.password && !o.username) bad('--password needs --username');
  }
}

/** Signs in and caches tokens for the data lake and Azure Resource Manager. */
async function login(o: LoginOptions, globals: GlobalOptions): Promise<void> {
  validateLogin(o);
  const target = await resolveTarget({ ...globals, tenant: o.tenant ?? globals.tenant, clientId: o.clientId ?? globals.clientId });
  const cache = tokenCache();
  const common = { authorityHost: target.authorityHost, ca: target.caPem, tokenCache: cache };
  const protocol = o.protocol as 'v1' | 'v2';
  const { signal, dispose } = interruptSignal();
  try {
    let cred: TokenCredential;
    if (o.servicePrincipal) {
      const secret = o.clientSecret ?? process.env.ADLS_CLIENT_SECRET;
      cred = secret
        ? new ClientSecretCredential(target.tenant, o.clientId!, secret, { ...common, protocol })
        : new ClientCertificateCredential(target.tenant, o.clientId!, o.certificate!, { ...common, protocol });
    } else if (o.username) {
      info('warning: the username/password flow is deprecated: it cannot do multi-factor authentication. Prefer `adls login` (device code).');
      const password = o.password ?? process.env.ADLS_PASSWORD ?? await promptPassword(`Password for ${o.username}: `);
      cred = new UsernamePasswordCredential(target.tenant, target.clientId, o.username, password, common);
    } else {
      cred = new DeviceCodeCredential({
        ...common, tenantId: target.tenant, clientId: target.clientId, protocol,
        // Azure AD's own sentence (URL + code), the moment we have it; first, for the emulator, how to trust its CA.
        userPromptCallback: (i) => {
          if (target.kind === 'emulator') info(emulatorTrustHelp(target));
          info(i.message);
        },
      });
    }
    try {
      await cred.getToken(DATALAKE, { abortSignal: signal });
      // The refresh token is multi-resource: this second token needs no second sign-in.
      await cred.getToken(MANAGEMENT, { abortSignal: signal });
    } catch (e) {
      if (e instanceof AdlsError && e.code === AUTH_CODES.MFA_REQUIRED && o.username) {
        throw new CliError(`${e.message.split('\n')[0]}\n${o.username} needs multi-factor authentication: sign in with 'adls login' (device code) instead.`, EXIT.AUTH_FAILED);
      }
      throw e;
    }
  } finally {
    dispose();
  }
  const a = await activeAccount(target, cache);
  info(`Signed in as ${a.username} (tenant ${a.tenantId}) to ${target.kind === 'emulator' ? `the emulator at ${target.authorityHost}` : 'Azure'}.`);
}

/** How to trust the emulator's CA in a browser: its CA file when it is on this machine, else where to get it. */
function emulatorTrustHelp(target: Target): string {
  if (target.caCertPath && existsSync(target.caCertPath)) return browserTrustHelp(target.caCertPath);
  return `Save the emulator's CA certificate first: curl -k ${target.emulatorUrl}/_emulator/ca.pem -o adls-emulator-ca.pem\n`
    + browserTrustHelp('adls-emulator-ca.pem');
}

/** Whether the account's tokens can be renewed without a sign-in (the refresh token, or a service principal's secret). */
function renewable(a: Awaited<ReturnType<typeof activeAccount>>): boolean {
  return a.kind === 'servicePrincipal' ? !!process.env.ADLS_CLIENT_SECRET : !!a.refreshToken;
}

function describe(a: Awaited<ReturnType<typeof activeAccount>>, target: Target, now = Date.now()) {
  const tokens = Object.entries(a.accessTokens).map(([resource, t]) => ({
    resource, expiresOn: new Date(t.expiresOnTimestamp).toISOString(), expired: t.expiresOnTimestamp <= now,
  }));
  // For display only: the newest token's claims tell how the user signed in.
  const newest = Object.values(a.accessTokens).sort((x, y) => y.expiresOnTimestamp - x.expiresOnTimestamp)[0];
  const claims = newest ? decodeJwtPayload(newest.token) ?? {} : {};
  return {
    username: a.username,
    name: a.name ?? null,
    type: a.kind,
    tenantId: a.tenantId,
    oid: a.oid,
    clientId: a.clientId,
    authority: `${a.authorityHost}/${a.tenant}`,
    cloud: target.kind,
    amr: Array.isArray(claims.amr) ? claims.amr : [],
    signedInAt: new Date(a.signedInAt).toISOString(),
    /** A refresh token (users) or ADLS_CLIENT_SECRET (service principals) renews expired tokens on the next command. */
    renewable: renewable(a),
    tokens,
  };
}

/** `expires …` for a live token; for an expired one, since when and what happens next. */
function expiryText(t: { expiresOn: string; expired: boolean }, renew: boolean, kind: string, now = Date.now()): string {
  if (!t.expired) return `expires ${t.expiresOn}`;
  const ago = Math.max(1, Math.round((now - Date.parse(t.expiresOn)) / 60_000));
  const next = renew ? 'the next command refreshes it'
    : kind === 'servicePrincipal' ? "set ADLS_CLIENT_SECRET or run 'adls login --service-principal' again" : "no refresh token: run 'adls login'";
  return `EXPIRED ${t.expiresOn} (${ago} min ago); ${next}`;
}

export function registerAuthCommands(program: Command): void {
  program.command('login')
    .description('sign in (device code by default) and cache tokens for Data Lake Store and Resource Manager')
    .addOption(new Option('--protocol <v1|v2>', 'Azure AD endpoint dialect').default('v2'))
    .option('--tenant <tenant>', 'tenant id or domain (env ADLS_TENANT; Azure default: organizations)')
    .option('--client-id <id>', 'application id (env ADLS_CLIENT_ID; default: the emulator native app / Azure CLI)')
    .option('--username <upn>', 'deprecated username/password flow (no MFA)')
    .option('--password <password>', 'password for --username (or ADLS_PASSWORD, or a prompt)')
    .option('--service-principal', 'sign in as an application (client credentials)')
    .option('--client-secret <secret>', 'service principal secret (or ADLS_CLIENT_SECRET)')
    .option('--certificate <pem>', 'service principal certificate: PEM file with certificate and private key')
    .action(async (o: LoginOptions, cmd: Command) => login(o, cmd.optsWithGlobals() as GlobalOptions));

  program.command('logout')
    .description('remove the signed-in account\'s cached tokens')
    .option('--all', 'remove every account cached for this cloud/emulator and tenant')
    .option('--tenant <tenant>', 'tenant id or domain (env ADLS_TENANT)')
    .action(async (o: { all?: boolean; tenant?: string }, cmd: Command) => {
      const target = await resolveTarget({ ...(cmd.optsWithGlobals() as GlobalOptions), tenant: o.tenant });
      const cache = tokenCache();
      const accounts = await accountsFor(target, cache);
      if (accounts.length === 0) return info('Not signed in.');
      for (const a of o.all ? accounts : accounts.slice(0, 1)) {
        await cache.update(accountKey(a), () => undefined);
        info(`Signed out ${a.username}.`);
      }
    });

  program.command('whoami')
    .description('show the signed-in account: user, tenant, object id, token expiry (expired tokens marked), authentication methods; exits 5 when no token is usable')
    .option('--json', 'print JSON')
    .option('--tenant <tenant>', 'tenant id or domain (env ADLS_TENANT)')
    .action(async (o: { json?: boolean; tenant?: string }, cmd: Command) => {
      const target = await resolveTarget({ ...(cmd.optsWithGlobals() as GlobalOptions), tenant: o.tenant });
      const d = describe(await activeAccount(target), target);
      // Nothing usable left: say so with the "not signed in" exit code, after showing the account.
      const unusable = !d.renewable && d.tokens.every((t) => t.expired);
      const done = () => {
        if (unusable) throw new CliError(`every token of ${d.username} has expired and it cannot be refreshed: run 'adls login' again`, EXIT.AUTH_FAILED);
      };
      if (o.json) {
        printJson(d);
        return done();
      }
      process.stdout.write(table([
        ['user', `${d.username}${d.name ? ` (${d.name})` : ''}`],
        ['type', d.type],
        ['tenant', d.tenantId],
        ['object id', d.oid],
        ['authority', d.authority],
        ['amr', d.amr.join(' ') || '-'],
        ...d.tokens.map((t) => [`token ${t.resource}`, expiryText(t, d.renewable, d.type)]),
      ]) + '\n');
      done();
    });
}
