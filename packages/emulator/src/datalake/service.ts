import type { EmulatorCore } from '../core.js';
import type { Service } from '../http/context.js';

/** The ADLS Gen1 data plane (WebHDFS). Also installs core.namespaces. */
export function createDataLakeService(core: EmulatorCore): Service {
  core.namespaces = { provision: () => {}, destroy: async () => {} };
  return { handle: async () => false };
}
