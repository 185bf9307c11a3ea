import type { EmulatorCore } from '../core.js';
import { isImpersonatedHost, PUBLIC_STORAGE_SUFFIX } from '../proxy/public-hosts.js';
import { isPathStyleHost } from './addressing.js';

/**
 * A storage account's endpoints as the emulator hands them out. On localhost or an IP address the SDKs address
 * accounts path style (`https://localhost:PORT/{account}`), one origin for Blob and DFS; on any other public host,
 * host style (`https://{account}.blob|dfs.{suffix}:PORT`). Asked by one of Azure's public names (`requestHost`, in
 * transparent mode), Azure's own names: `https://{account}.blob|dfs.core.windows.net`.
 */
export function storageEndpoints(core: EmulatorCore, account: string, requestHost?: string): { blob: string; dfs: string } {
  if (requestHost !== undefined && isImpersonatedHost(requestHost)) {
    const at = (e: string) => `https://${account}.${e}.${PUBLIC_STORAGE_SUFFIX}`;
    return { blob: at('blob'), dfs: at('dfs') };
  }
  const proto = core.options.insecureHttp ? 'http' : 'https';
  const host = core.options.publicHost;
  if (isPathStyleHost(host.toLowerCase(), host)) {
    const url = `${proto}://${host.includes(':') ? `[${host}]` : host}:${core.port()}/${account}`;
    return { blob: url, dfs: url };
  }
  const at = (e: string) => `${proto}://${account}.${e}.${core.options.dataPlaneSuffix}:${core.port()}`;
  return { blob: at('blob'), dfs: at('dfs') };
}

/**
 * A connection string the JS and Python SDKs accept (`DefaultEndpointsProtocol`, `AccountName`, `AccountKey`,
 * `BlobEndpoint`, `DfsEndpoint`). The DataLake SDKs build their clients from `BlobEndpoint` (JS ignores
 * `DfsEndpoint`); with path style both name the same origin, which serves both APIs.
 */
export function connectionString(core: EmulatorCore, account: string, key: string, requestHost?: string): string {
  const e = storageEndpoints(core, account, requestHost);
  const proto = e.blob.startsWith('https:') ? 'https' : 'http';
  return `DefaultEndpointsProtocol=${proto};AccountName=${account};AccountKey=${key};BlobEndpoint=${e.blob};DfsEndpoint=${e.dfs};`;
}
