import type { EmulatorCore, Principal } from '../core.js';
import type { RequestContext } from '../http/context.js';
import type { ResourceGroupStore } from './groups.js';
import type { LroEngine } from './lro.js';
import type { ProviderRegistrations } from './provider-registrations.js';
import type { ArmThrottle } from './throttle.js';
import type { ArmReply } from './reply.js';
import type { Json } from './validate.js';

/** What every management handler works with: the shared core, the management stores and the LRO engine. */
export interface ManagementState {
  core: EmulatorCore;
  groups: ResourceGroupStore;
  lro: LroEngine;
  registrations: ProviderRegistrations;
  throttle: ArmThrottle;
}

/** One authenticated, routed management request. */
export interface ArmRequest {
  ctx: RequestContext;
  reply: ArmReply;
  principal: Principal;
  /** The raw (percent-encoded) path with repeated slashes collapsed. */
  path: string;
  /** Decoded path parameters by the names used in the route pattern (`s`, `rg`, `a`, `child`, …). */
  params: Record<string, string>;
  query: URLSearchParams;
  /** The JSON body as an object (`{}` when empty); malformed → 400 InvalidRequestContent. */
  body(): Promise<Json>;
}

export type Handler = (state: ManagementState, req: ArmRequest) => Promise<void> | void;
