import type { EmulatorCore } from '../core.js';
import type { Service } from '../http/context.js';

/** Azure Resource Manager: resource groups, Data Lake Store accounts, long-running operations. */
export function createManagementService(_core: EmulatorCore): Service {
  return { handle: async () => false };
}
