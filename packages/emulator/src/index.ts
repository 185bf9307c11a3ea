export { Emulator, DEFAULT_ACCOUNT } from './server.js';
export { resolveOptions, DEFAULT_PORT, DEFAULT_DATA_PLANE_SUFFIX, type EmulatorOptions, type LroMode, type FaultOptions } from './config.js';
export type { EmulatorInfo } from './info.js';
export { SEED } from './identity/directory.js';
export type { Principal } from './identity/validator.js';
export { DirectoryAdmin, hostsLines, type AdminUser, type AddedUser } from './identity/admin.js';
export { DataFolderLockedError } from './data-folder-lock.js';
