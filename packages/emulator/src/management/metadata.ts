import type { RequestContext } from '../http/context.js';
import { isPublicManagementHost, PUBLIC_DATA_LAKE_SUFFIX } from '../proxy/public-hosts.js';
import { armErrors } from './errors.js';

/**
 * `GET /metadata/endpoints`: Resource Manager's cloud metadata, which `az cloud register --endpoint-resource-manager`
 * (2015-01-01 object) and the newer SDKs (2019-05-01+ array of clouds) read to find every other endpoint.
 * Unauthenticated, like the real one. Host-aware: a client that reached us as `management.azure.com` is told
 * the public names; anyone else gets this emulator's origin and account suffix.
 */

export const METADATA_API_VERSIONS = ['2015-01-01', '2018-01-01', '2019-05-01', '2020-06-01', '2022-09-01'] as const;

const AUDIENCES = ['https://management.core.windows.net/', 'https://management.azure.com/'];
const GRAPH = 'https://graph.windows.net/';

interface Endpoints { name: string; login: string; resourceManager: string; dataLakeSuffix: string }

function endpointsFor(ctx: RequestContext, dataPlaneSuffix: string): Endpoints {
  if (isPublicManagementHost(ctx.hostName)) {
    return { name: 'AzureCloud', login: 'https://login.microsoftonline.com/', resourceManager: 'https://management.azure.com/', dataLakeSuffix: PUBLIC_DATA_LAKE_SUFFIX };
  }
  const port = new URL(ctx.origin).port;
  return { name: 'AdlsEmulator', login: `${ctx.origin}/`, resourceManager: `${ctx.origin}/`, dataLakeSuffix: port ? `${dataPlaneSuffix}:${port}` : dataPlaneSuffix };
}

export function cloudMetadata(ctx: RequestContext, dataPlaneSuffix: string): { status: number; body: unknown } {
  const v = ctx.url.searchParams.get('api-version');
  if (v === null || v === '') throw armErrors.missingApiVersion();
  if (!(METADATA_API_VERSIONS as readonly string[]).includes(v)) throw armErrors.invalidResourcesApiVersion(v, METADATA_API_VERSIONS);
  const e = endpointsFor(ctx, dataPlaneSuffix);
  if (v < '2019-05-01') {
    return {
      status: 200,
      body: {
        galleryEndpoint: 'https://gallery.azure.com/', graphEndpoint: GRAPH, portalEndpoint: 'https://portal.azure.com/',
        authentication: { loginEndpoint: e.login, audiences: AUDIENCES },
      },
    };
  }
  return {
    status: 200,
    body: [{
      name: e.name,
      portal: 'https://portal.azure.com',
      authentication: { loginEndpoint: e.login, audiences: AUDIENCES, tenant: 'common', identityProvider: 'AAD' },
      resourceManager: e.resourceManager,
      activeDirectoryDataLake: 'https://datalake.azure.net/',
      graph: GRAPH,
      graphAudience: GRAPH,
      microsoftGraphResourceId: 'https://graph.microsoft.com/',
      gallery: 'https://gallery.azure.com/',
      suffixes: { azureDataLakeStoreFileSystem: e.dataLakeSuffix, azureDataLakeAnalyticsCatalogAndJob: 'azuredatalakeanalytics.net' },
    }],
  };
}
