import { SEED } from './identity/directory.js';
import type { EmulatorCore } from './core.js';
import { connectionString, storageEndpoints } from './gen2/endpoints.js';
import { DEV_STORAGE_ACCOUNT } from './storage-accounts/registry.js';

/** The document served at GET /_emulator/info (a stable interface: tests outside this repo read it). */
export interface EmulatorInfo {
  version: string;
  tenantId: string;
  tenantDomain: string;
  subscriptionId: string;
  /** The toolkit's native public client. */
  clientId: string;
  /** Azure CLI's public client id, the default of the Python and @azure/identity clients; also registered. */
  azureCliClientId: string;
  servicePrincipal: { clientId: string; clientSecret: string };
  users: { username: string; password: string | null; mfa: boolean; totpSecret?: string; displayName: string; oid: string; subscriptionOwner: boolean }[];
  caCertPath: string;
  /** The system's trusted roots plus the emulator's CA: for settings that replace a client's trust store. */
  caBundlePath: string;
  /** http://host:port of the transparent-mode proxy (`--proxy-port`), absent when it is off. */
  proxyUrl?: string;
  authorityHost: string;
  managementEndpoint: string;
  dataPlaneSuffix: string;
  /** `{dataPlaneSuffix}:{port}`: the url_suffix for azure-datalake-store. */
  urlSuffix: string;
  defaultAccount: string;
  defaultResourceGroup: string;
  /**
   * Gen2 storage accounts with their endpoints, key1 and a ready connection string. Over the network the key (and
   * connection string) of accounts other than the well-known development account show only with the test API.
   */
  storageAccounts: { name: string; key: string | null; blobEndpoint: string; dfsEndpoint: string; connectionString: string | null }[];
  testApi: boolean;
}

/** `requestHost`: the name GET /_emulator/info came by; one of Azure's public names gets Azure's storage endpoints. */
export function buildInfo(core: EmulatorCore, requestHost?: string): EmulatorInfo {
  const d = core.directory;
  const tenant = d.defaultTenant();
  const subscriptionId = d.defaultSubscriptionId();
  const base = core.baseUrl();
  return {
    version: '0.1.0',
    tenantId: tenant.id,
    tenantDomain: tenant.domain,
    subscriptionId,
    clientId: SEED.nativeClientId,
    azureCliClientId: SEED.azureCliClientId,
    servicePrincipal: { clientId: SEED.confidentialClientId, clientSecret: SEED.confidentialClientSecret },
    users: d.listUsers().map((u) => ({
      username: u.upn, password: u.knownPassword, mfa: u.mfa, ...(u.totpSecret ? { totpSecret: u.totpSecret } : {}),
      displayName: u.displayName, oid: u.oid, subscriptionOwner: d.isSubscriptionOwner(subscriptionId, u.oid),
    })),
    caCertPath: core.ca.caCertPath,
    caBundlePath: core.caBundlePath,
    ...(core.proxyUrl() ? { proxyUrl: core.proxyUrl() } : {}),
    authorityHost: base,
    managementEndpoint: base + '/',
    dataPlaneSuffix: core.options.dataPlaneSuffix,
    urlSuffix: `${core.options.dataPlaneSuffix}:${core.port()}`,
    defaultAccount: core.defaultAccount.name,
    defaultResourceGroup: core.defaultAccount.resourceGroup,
    storageAccounts: core.storageAccounts.list().map((a) => {
      const e = storageEndpoints(core, a.name, requestHost);
      return { name: a.name, key: a.keys[0], blobEndpoint: e.blob, dfsEndpoint: e.dfs, connectionString: connectionString(core, a.name, a.keys[0], requestHost) };
    }),
    testApi: core.options.testApi,
  };
}

/** GET /_emulator/info as served over the network. */
export type PublicEmulatorInfo = EmulatorInfo;

/** The seeded identities' credentials are well known (documented, like Azurite's account key). */
const isWellKnown = (u: EmulatorInfo['users'][number]) =>
  SEED.users.some((s) => s.upn.toLowerCase() === u.username.toLowerCase() && s.password === u.password);

/**
 * What the unauthenticated /_emulator/info route may show. The seeded identities always come with their
 * (documented, well-known) credentials: tests outside this repository sign in with them. Users an admin added
 * keep their password and TOTP secret private unless the emulator runs with the test API (a test rig).
 * In-process callers use `Emulator.info()`, which is whole.
 */
export function publicInfo(info: EmulatorInfo): PublicEmulatorInfo {
  if (info.testApi) return info;
  return {
    ...info,
    // The development account's key is published (Azurite's); any other account's keys are secrets.
    storageAccounts: info.storageAccounts.map((a) => (a.name === DEV_STORAGE_ACCOUNT.name && a.key === DEV_STORAGE_ACCOUNT.key ? a : { ...a, key: null, connectionString: null })),
    users: info.users.map((u) => {
      if (isWellKnown(u)) return u;
      const { totpSecret: _t, ...rest } = u;
      return { ...rest, password: null };
    }),
  };
}
