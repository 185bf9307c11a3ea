// Resolves where the CLI talks to (the local emulator by default, another emulator, or public Azure)
// and provides credentials from the token cache. Owned by the auth work; other commands call these.
import type { TokenCredential } from 'adls-gen1';

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
}

/** Global options every command accepts (registered on the root program). */
export interface GlobalOptions {
  emulator?: string;
  cloud?: 'azure';
  profile?: string;
  json?: boolean;
}

export async function resolveTarget(_opts: GlobalOptions): Promise<Target> {
  throw new Error('not implemented yet');
}

/** A credential for the signed-in user (from the cache), refreshing as needed. */
export async function credentialFor(_target: Target): Promise<TokenCredential> {
  throw new Error('not implemented yet');
}
