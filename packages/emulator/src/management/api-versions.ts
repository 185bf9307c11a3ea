import { armErrors } from './errors.js';
import type { Provider } from './routes.js';

/** Published Microsoft.Resources api-versions (clients seen: 2022-09-01 Python, 2025-04-01 JS 7.x/8.x). */
export const RESOURCES_API_VERSIONS = [
  '2014-04-01', '2014-04-01-preview', '2015-01-01', '2015-11-01', '2016-02-01', '2016-07-01', '2016-09-01', '2017-05-10',
  '2018-02-01', '2018-05-01', '2019-03-01', '2019-05-01', '2019-05-10', '2019-07-01', '2019-08-01', '2019-10-01',
  '2020-06-01', '2020-08-01', '2020-10-01', '2021-01-01', '2021-04-01', '2022-09-01', '2023-07-01', '2024-03-01',
  '2024-07-01', '2024-11-01', '2025-01-01', '2025-03-01', '2025-04-01',
] as const;

/**
 * Microsoft.Resources subscriptions, tenants and locations (its own versions: ms-rest-azure sends 2016-06-01,
 * azure-cli 2019-11-01 or 2022-12-01, the SDKs 2020-01-01 and later).
 */
export const SUBSCRIPTIONS_API_VERSIONS = [
  '2014-04-01', '2014-04-01-preview', '2015-11-01', '2016-01-01', '2016-06-01', '2018-06-01', '2019-06-01', '2019-11-01',
  '2020-01-01', '2021-01-01', '2022-01-01', '2022-12-01', '2023-07-01', '2024-08-01', '2024-11-01', '2025-03-01',
] as const;

/** Microsoft.DataLakeStore: the stable version, plus the preview the legacy npm package sends. */
export const DLS_API_VERSIONS = ['2015-10-01-preview', '2016-11-01'] as const;

/**
 * Microsoft.Storage (storage accounts): the published stable versions from 2016 on (azure-cli 2.45 sends
 * 2022-09-01, @azure/arm-storage 21 sends 2026-09-01).
 */
export const STORAGE_API_VERSIONS = [
  '2016-01-01', '2016-05-01', '2016-12-01', '2017-06-01', '2017-10-01', '2018-02-01', '2018-07-01', '2018-11-01',
  '2019-04-01', '2019-06-01', '2021-01-01', '2021-02-01', '2021-04-01', '2021-06-01', '2021-08-01', '2021-09-01',
  '2022-05-01', '2022-09-01', '2023-01-01', '2023-04-01', '2023-05-01', '2024-01-01', '2025-01-01', '2025-06-01',
  '2025-08-01', '2026-04-01', '2026-06-01', '2026-09-01',
] as const;

/**
 * Microsoft.Authorization role assignments and definitions (@azure/arm-authorization 9 sends 2022-04-01, azure-cli
 * 2.45 2022-04-01 too; older tools the 2015 and 2018 versions).
 */
export const AUTHORIZATION_API_VERSIONS = [
  '2015-07-01', '2018-01-01-preview', '2018-07-01', '2018-09-01-preview', '2020-03-01-preview', '2020-04-01-preview',
  '2020-08-01-preview', '2020-10-01-preview', '2021-04-01-preview', '2022-01-01-preview', '2022-04-01', '2022-05-01-preview',
] as const;

/** 400 MissingApiVersionParameter / InvalidApiVersionParameter / NoRegisteredProviderFound (management-api.md §1.2). */
export function checkApiVersion(provider: Provider, value: string | null): void {
  if (value === null || value === '') throw armErrors.missingApiVersion();
  if (provider === 'resources' || provider === 'subscriptions') {
    const supported = provider === 'resources' ? RESOURCES_API_VERSIONS : SUBSCRIPTIONS_API_VERSIONS;
    if (!(supported as readonly string[]).includes(value)) throw armErrors.invalidResourcesApiVersion(value, supported);
  } else if (provider === 'authorization') {
    if (!(AUTHORIZATION_API_VERSIONS as readonly string[]).includes(value)) throw armErrors.noRegisteredProvider(value, 'roleAssignments', AUTHORIZATION_API_VERSIONS);
  } else if (provider === 'storage') {
    if (!(STORAGE_API_VERSIONS as readonly string[]).includes(value)) throw armErrors.noRegisteredProvider(value, 'storageAccounts', STORAGE_API_VERSIONS);
  } else if (!(DLS_API_VERSIONS as readonly string[]).includes(value)) {
    throw armErrors.noRegisteredProvider(value, 'accounts', DLS_API_VERSIONS);
  }
}
