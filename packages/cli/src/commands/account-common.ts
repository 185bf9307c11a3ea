import type { Command } from 'commander';
import { CliError, EXIT } from '../exit.js';
import { resourceGroupOf } from '../management-format.js';
import type { ManagementSession } from '../management-session.js';

/** Options every account command takes; `-g` is optional where the account can be looked up by name. */
export function accountCommon(cmd: Command, o: { group?: boolean } = {}): Command {
  if (o.group !== false) cmd.option('-g, --resource-group <name>', 'resource group of the account (default: found by name)');
  return cmd
    .option('--subscription <id>', 'subscription id (default: the signed-in directory\'s)')
    .option('--json', 'print JSON');
}

/**
 * The account's resource group: the one given, else found by listing the subscription's accounts
 * (account names are globally unique, so the name identifies it).
 */
export async function resolveAccountGroup(s: ManagementSession, name: string, given: string | undefined, signal: AbortSignal): Promise<string> {
  if (given) return given;
  for await (const a of s.dataLake.accounts.list({ abortSignal: signal })) {
    if (a.name.toLowerCase() === name.toLowerCase()) return resourceGroupOf(a.id);
  }
  throw new CliError(`Account '${name}' was not found in subscription ${s.subscriptionId}.`, EXIT.NOT_FOUND);
}
