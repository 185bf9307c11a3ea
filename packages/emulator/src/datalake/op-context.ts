import type { OperationSpec } from 'adls-gen1-protocol';
import type { RequestContext } from '../http/context.js';
import type { Directory } from '../identity/directory.js';
import type { Caller } from '../store/access.js';
import type { NamespaceStore } from '../store/store.js';
import type { Params } from './params.js';
import type { Reply } from './reply.js';

/** Long-lived pieces the handlers share. */
export interface DataLakeDeps {
  store: NamespaceStore;
  directory: Directory;
  now: () => number;
}

/** One validated, authenticated data-plane request. */
export interface OpContext {
  op: string;
  spec: OperationSpec;
  params: Params;
  account: string;
  /** The decoded target path as names (root = []). */
  path: string[];
  caller: Caller;
  ctx: RequestContext;
  reply: Reply;
  deps: DataLakeDeps;
}

export type Handler = (c: OpContext) => Promise<void> | void;
