export { upload, download, type TransferResult } from './transfer.js';
export { TRANSFER_DEFAULTS, type TransferOptions, type VerifyMode } from './options.js';
export type { TransferProgress } from './progress.js';
export { remoteFromClient, type TransferRemote, type WriteOptions } from './remote.js';
export { planChunks, effectiveChunkSize, type Chunk, type ChunkPlan } from './plan.js';
export { STATE_VERSION, STATE_SUFFIX, PARTIAL_SUFFIX, type TransferState } from './state.js';
