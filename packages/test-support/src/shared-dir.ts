import { fileURLToPath } from 'node:url';

/**
 * The steering folder `shared/` (specs, swagger examples, peer scripts): beside the repository, as in CI.
 * Resolved from this file (src/ or dist/, both four levels below the folder that holds the repository).
 */
export const SHARED_DIR = process.env.ADLS_SHARED_DIR ?? fileURLToPath(new URL('../../../../shared', import.meta.url));
