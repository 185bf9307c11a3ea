// How the group/account commands reach ARM: target + credential from context.ts, the SDK's management
// clients, an abort signal tied to Ctrl-C, and the output streams. Injectable so tests can run commands in-process.
import type { Command } from 'commander';
import { DataLakeStoreAccountManagementClient, ResourceManagementClient, StorageManagementClient, type TokenCredential } from 'adls-gen1';
import { credentialFor, resolveTarget, type GlobalOptions } from './context.js';
import { confirmOnTerminal } from './confirm.js';
import { CliError, EXIT } from './exit.js';
import type { SpinnerStream } from './spinner.js';

export interface ManagementSession {
  subscriptionId: string;
  resources: ResourceManagementClient;
  dataLake: DataLakeStoreAccountManagementClient;
  /** Storage accounts (ADLS Gen2 when they have a hierarchical namespace). */
  storage: StorageManagementClient;
  close(): Promise<void>;
}

export interface CommandIo {
  out(text: string): void;
  err: SpinnerStream;
}

export interface ManagementDeps {
  /** Resolves where to connect and with which identity. */
  connect(globals: GlobalOptions & { subscription?: string }): Promise<{ endpoint: string; caPem?: string; subscriptionId?: string; credential: TokenCredential }>;
  io: CommandIo;
  /** Delay between LRO polls when the service gives no Retry-After. */
  pollIntervalMs?: number;
  /** Asks before a delete without --yes (default: confirmOnTerminal). */
  confirm?: (question: string) => Promise<boolean>;
}

export const defaultManagementDeps: ManagementDeps = {
  async connect(globals) {
    const target = await resolveTarget(globals);
    const credential = await credentialFor(target);
    return { endpoint: target.managementEndpoint, caPem: target.caPem, subscriptionId: target.subscriptionId, credential };
  },
  io: { out: (text) => process.stdout.write(text), err: process.stderr },
  confirm: confirmOnTerminal,
};

/** Throws (exit 130, nothing deleted) unless --yes was given or the user agrees. */
export async function confirmDeletion(deps: ManagementDeps, yes: boolean | undefined, what: string): Promise<void> {
  if (yes) return;
  if (!(await (deps.confirm ?? confirmOnTerminal)(`Delete ${what}? This cannot be undone.`))) {
    throw new CliError(`Not deleted: ${what} (pass --yes to skip the question).`, EXIT.ABORTED);
  }
}

/** Options every group/account command reads (merged with the program's globals). */
export interface CommonOptions extends GlobalOptions {
  subscription?: string;
  json?: boolean;
}

export async function openSession(deps: ManagementDeps, opts: CommonOptions): Promise<ManagementSession> {
  const c = await deps.connect(opts);
  const subscriptionId = opts.subscription ?? c.subscriptionId;
  if (!subscriptionId) throw new CliError('No subscription: pass --subscription <id> (or sign in to a directory that has one).', EXIT.BAD_INPUT);
  const options = { endpoint: c.endpoint, ca: c.caPem, pollIntervalMs: deps.pollIntervalMs };
  const resources = new ResourceManagementClient(c.credential, subscriptionId, options);
  const dataLake = new DataLakeStoreAccountManagementClient(c.credential, subscriptionId, options);
  const storage = new StorageManagementClient(c.credential, subscriptionId, options);
  return {
    subscriptionId, resources, dataLake, storage,
    close: async () => { await resources.close(); await dataLake.close(); await storage.close(); },
  };
}

/**
 * Runs one command: opens a session, aborts it on Ctrl-C (→ exit 130 via AbortError), always closes it.
 * SDK argument errors (bad names) surface as InvalidArgumentError → exit 2.
 */
export async function runWithSession(
  deps: ManagementDeps,
  cmd: Command,
  fn: (session: ManagementSession, opts: CommonOptions & Record<string, any>, signal: AbortSignal) => Promise<void>,
): Promise<void> {
  const opts = cmd.optsWithGlobals() as CommonOptions & Record<string, any>;
  const session = await openSession(deps, opts);
  const controller = new AbortController();
  const onSigint = () => controller.abort();
  process.once('SIGINT', onSigint);
  try {
    await fn(session, opts, controller.signal);
  } finally {
    process.removeListener('SIGINT', onSigint);
    await session.close();
  }
}
