// Resolves where the CLI talks to (the local emulator by default, another emulator, or public Azure)
// and provides credentials from the token cache and clients built from them.
import {
  accountKey, AZURE_CLI_CLIENT_ID, AZURE_PUBLIC_AUTHORITY_HOST, AUTH_CODES, AuthenticationError, ClientSecretCredential,
  DataLakeFileSystemClient, FileTokenCache, RefreshTokenCredential, type CachedAccount, type TokenCredential,
} from 'adls-gen1';
import type { Command } from 'commander';
import { DEFAULT_PORT } from 'adls-gen1-emulator/defaults';
import { loadProfile, tokenCachePath } from './config.js';
import { discoverEmulator } from './emulator-discovery.js';
import { CliError, EXIT } from './exit.js';

/** Everything a command needs to reach the services. */
export interface Target {
  kind: 'emulator' | 'azure';
  authorityHost: string;
  tenant: string;
  clientId: string;
  /** ARM base URL, with trailing slash. */
  managementEndpoint: string;
  /** DNS suffix of account hosts, e.g. `adls.localhost` or `azuredatalakestore.net`. */
  dataPlaneSuffix: string;
  /** Port for data-plane URLs (emulator only). */
  dataPlanePort?: number;
  subscriptionId?: string;
  defaultAccount?: string;
  /** Extra CA (PEM text) to trust: the emulator's. */
  caPem?: string;
  /** Azure AD dialect for sign-in (`v2` unless set). */
  protocol: 'v1' | 'v2';
  /** The emulator's base URL (emulator only). */
  emulatorUrl?: string;
  /** The emulator's directory users, to resolve the names people type (emulator only). */
  directoryUsers?: { username: string; oid: string }[];
  /** Where the emulator keeps its CA certificate, as it reports it (emulator only; a path on its machine). */
  caCertPath?: string;
  /** The emulator's Gen2 storage accounts and their DFS endpoints, for `abfss://fs@account/…` (emulator only). */
  storageAccounts?: { name: string; dfsEndpoint: string }[];
}

/** Global options every command accepts (registered on the root program). */
export interface GlobalOptions {
  emulator?: string;
  cloud?: string;
  profile?: string;
  json?: boolean;
  /** Tenant override (login --tenant; env ADLS_TENANT). */
  tenant?: string;
  /** Client id override (login --client-id; env ADLS_CLIENT_ID). */
  clientId?: string;
}

export const DEFAULT_EMULATOR_URL = `https://localhost:${DEFAULT_PORT}`;

/** Public Azure endpoints. */
export const AZURE_PUBLIC = {
  authorityHost: AZURE_PUBLIC_AUTHORITY_HOST,
  managementEndpoint: 'https://management.azure.com/',
  dataPlaneSuffix: 'azuredatalakestore.net',
} as const;

const env = (name: string) => (process.env[name] === '' ? undefined : process.env[name]);

/**
 * Settings precedence: flags, then environment (ADLS_EMULATOR, ADLS_CLOUD, ADLS_TENANT, ADLS_CLIENT_ID,
 * ADLS_SUBSCRIPTION, ADLS_CA_FILE, ADLS_PROFILE), then the profile in config.json.
 */
export async function resolveTarget(opts: GlobalOptions): Promise<Target> {
  const profile = loadProfile(opts.profile ?? env('ADLS_PROFILE'));
  if (opts.emulator && opts.cloud && opts.cloud !== 'emulator') throw new CliError('--emulator and --cloud azure exclude each other', EXIT.BAD_INPUT);
  // The most specific source wins as a whole: a flag, else the environment, else the profile.
  const cloud = opts.cloud ?? (opts.emulator ? 'emulator' : env('ADLS_CLOUD') ?? (env('ADLS_EMULATOR') ? 'emulator' : profile.cloud)) ?? 'emulator';
  if (cloud !== 'azure' && cloud !== 'emulator') throw new CliError(`unknown cloud '${cloud}': use 'azure' or 'emulator'`, EXIT.BAD_INPUT);
  const tenant = opts.tenant ?? env('ADLS_TENANT') ?? profile.tenant;
  const clientId = opts.clientId ?? env('ADLS_CLIENT_ID') ?? profile.clientId;
  const protocol = profile.protocol === 'v1' ? 'v1' : 'v2';
  const subscriptionId = env('ADLS_SUBSCRIPTION') ?? profile.subscriptionId;

  if (cloud === 'azure') {
    return {
      kind: 'azure', ...AZURE_PUBLIC, tenant: tenant ?? 'organizations', clientId: clientId ?? AZURE_CLI_CLIENT_ID, protocol,
      subscriptionId, defaultAccount: profile.defaultAccount,
    };
  }
  const url = opts.emulator ?? env('ADLS_EMULATOR') ?? profile.emulator ?? DEFAULT_EMULATOR_URL;
  const { info, caPem } = await discoverEmulator(url, env('ADLS_CA_FILE') ?? profile.caFile);
  const port = Number(new URL(info.authorityHost).port) || 443;
  return {
    kind: 'emulator',
    authorityHost: info.authorityHost,
    tenant: tenant ?? info.tenantId,
    clientId: clientId ?? info.clientId,
    managementEndpoint: info.managementEndpoint,
    dataPlaneSuffix: info.dataPlaneSuffix,
    dataPlanePort: port,
    subscriptionId: subscriptionId ?? info.subscriptionId,
    defaultAccount: profile.defaultAccount ?? info.defaultAccount,
    caPem,
    protocol,
    emulatorUrl: new URL(url).origin,
    directoryUsers: info.users.map((u) => ({ username: u.username, oid: u.oid })),
    caCertPath: info.caCertPath,
    storageAccounts: info.storageAccounts?.map((a) => ({ name: a.name, dfsEndpoint: a.dfsEndpoint })),
  };
}

export function tokenCache(): FileTokenCache {
  return new FileTokenCache(tokenCachePath());
}

const sameOrigin = (a: string, b: string) => new URL(a).origin === new URL(b).origin;

/** Accounts signed in to the target's authority and tenant, most recent sign-in first. */
export async function accountsFor(target: Target, cache = tokenCache()): Promise<CachedAccount[]> {
  return (await cache.list())
    .filter((a) => sameOrigin(a.authorityHost, target.authorityHost) && a.tenant.toLowerCase() === target.tenant.toLowerCase())
    .sort((x, y) => y.signedInAt - x.signedInAt);
}

/** The active account: the most recent sign-in for the target; AUTH_REQUIRED (exit 5) if none. */
export async function activeAccount(target: Target, cache = tokenCache()): Promise<CachedAccount> {
  const [a] = await accountsFor(target, cache);
  if (!a) throw new AuthenticationError(AUTH_CODES.REQUIRED, `not signed in to ${target.authorityHost} (tenant ${target.tenant}): run 'adls login'`);
  return a;
}

/** A credential for the signed-in user (from the cache), refreshing as needed. */
export async function credentialFor(target: Target): Promise<TokenCredential> {
  const cache = tokenCache();
  const a = await activeAccount(target, cache);
  const common = { authorityHost: a.authorityHost, tenantId: a.tenant, clientId: a.clientId, protocol: a.protocol, ca: target.caPem, tokenCache: cache };
  const secret = env('ADLS_CLIENT_SECRET');
  if (a.kind === 'servicePrincipal' && secret) return new ClientSecretCredential(a.tenant, a.clientId, secret, common);
  return new RefreshTokenCredential({
    ...common,
    authenticationRecord: {
      authorityHost: a.authorityHost, tenant: a.tenant, clientId: a.clientId, homeAccountId: a.homeAccountId,
      username: a.username, tenantId: a.tenantId, cacheKey: accountKey(a),
    },
  });
}

/**
 * The filesystem client for an `adls fs` command: its target, account (`--account`, else the target's default)
 * and signed-in credential. `connections` sizes the keep-alive pool (transfers use their thread count).
 */
export async function fileSystemClientFor(cmd: Command, connections?: number): Promise<DataLakeFileSystemClient> {
  const opts = cmd.optsWithGlobals() as GlobalOptions & { account?: string };
  const target = await resolveTarget(opts);
  const account = opts.account ?? target.defaultAccount;
  if (!account) throw new CliError('No account given: pass --account <name>.', EXIT.BAD_INPUT);
  const credential = await credentialFor(target);
  return new DataLakeFileSystemClient(account, credential, {
    dataPlaneSuffix: target.dataPlaneSuffix, port: target.dataPlanePort, ca: target.caPem, connections,
  });
}
