import type { EmulatorCore } from '../core.js';
import type { RequestContext } from '../http/context.js';
import type { StorageAccountRecord } from '../storage-accounts/registry.js';
import type { Gen2Address } from './addressing.js';
import type { Gen2Identity } from './auth/identity.js';
import { gen2Errors } from './errors.js';
import type { Api } from './classify.js';
import type { FileSystemRegistry } from './filesystems/registry.js';

/** One Gen2 request as handlers see it: addressed, classified, authenticated. */
export interface Gen2Request {
  ctx: RequestContext;
  core: EmulatorCore;
  api: Api;
  address: Gen2Address;
  query: URLSearchParams;
  account: StorageAccountRecord;
  identity: Gen2Identity;
  /** The file systems (containers) of every account. */
  filesystems: FileSystemRegistry;
}

/** Handles one operation; throws Gen2Error (or a StoreError) to refuse. */
export type Gen2Handler = (r: Gen2Request) => Promise<void> | void;

/** What an operation is addressed to: the account, a file system (container), or a path (blob) inside one. */
export type Level = 'account' | 'filesystem' | 'path';

/** One row of a routing table: API, level, method and an optional test on the query/headers. */
export interface Gen2Route {
  api: Api;
  level: Level;
  method: string;
  /** e.g. `q.get('resource') === 'filesystem'`; absent: any request of that api/level/method. */
  when?: (q: URLSearchParams, r: Gen2Request) => boolean;
  /** Name of the operation (logs, README table). */
  name: string;
  handler: Gen2Handler;
}

export const levelOf = (a: Gen2Address): Level => (a.filesystem === undefined ? 'account' : a.path.length === 0 ? 'filesystem' : 'path');

/** A header the operation cannot do without: 400 MissingRequiredHeader when absent. */
export function requiredHeader(r: Gen2Request, name: string): string {
  const v = r.ctx.header(name);
  if (v === undefined) throw gen2Errors.missingHeader(name);
  return v;
}
