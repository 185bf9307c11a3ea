export { Emulator, DEFAULT_ACCOUNT } from './server.js';
export { resolveOptions, DEFAULT_PORT, DEFAULT_DATA_PLANE_SUFFIX, type EmulatorOptions, type LroMode, type FaultOptions } from './config.js';
export {
  DEFAULT_HOST, DEFAULT_DEVICE_CODE_INTERVAL_S, DEFAULT_DEVICE_CODE_EXPIRES_IN_S, DEFAULT_ACCESS_TOKEN_LIFETIME_S, MAX_CONCAT_SOURCES,
} from './defaults.js';
export type { EmulatorInfo } from './info.js';
export { SEED } from './identity/directory.js';
export type { Principal } from './identity/validator.js';
export { DirectoryAdmin, hostsLines, type AdminUser, type AddedUser, type CurrentTotp } from './identity/admin.js';
export { PUBLIC_LOGIN_HOSTS, PUBLIC_MANAGEMENT_HOSTS, PUBLIC_DATA_LAKE_SUFFIX, isImpersonatedHost } from './proxy/public-hosts.js';
export { DataFolderLockedError } from './data-folder-lock.js';
export { NativeSqliteError, assertSqliteLoads } from './store/sqlite-native.js';
