import { Command, Option } from 'commander';
import {
  collect, DEFAULT_LOCATION, type StorageAccountCreateParameters, type StorageKeyName, type StorageKind, type StorageSkuName,
} from 'adls-gen1';
import { CliError, EXIT } from '../exit.js';
import { collectTag, json, resourceGroupOf, waitFor } from '../management-format.js';
import { confirmDeletion, defaultManagementDeps, runWithSession, type ManagementDeps, type ManagementSession } from '../management-session.js';
import { printStorageAccount, printStorageAccounts, printStorageKeys, storageKeysJson } from '../storage-format.js';

const SKUS: StorageSkuName[] = ['Standard_LRS', 'Standard_GRS', 'Standard_RAGRS', 'Standard_ZRS', 'Premium_LRS', 'Premium_ZRS', 'Standard_GZRS', 'Standard_RAGZRS'];
const KINDS: StorageKind[] = ['StorageV2', 'BlockBlobStorage', 'Storage', 'BlobStorage', 'FileStorage'];

/** Options every storage account command takes; `-g` is optional where the account can be found by name. */
function common(cmd: Command, o: { group?: boolean } = {}): Command {
  if (o.group !== false) cmd.option('-g, --resource-group <name>', 'resource group of the account (default: found by name)');
  return cmd
    .option('--subscription <id>', 'subscription id (default: the signed-in directory\'s)')
    .option('--json', 'print JSON');
}

/** The account's resource group: the one given, else found by name among the subscription's storage accounts. */
async function resolveGroup(s: ManagementSession, name: string, given: string | undefined, signal: AbortSignal): Promise<string> {
  if (given) return given;
  for await (const a of s.storage.storageAccounts.list({ abortSignal: signal })) {
    if (a.name.toLowerCase() === name.toLowerCase()) return resourceGroupOf(a.id);
  }
  throw new CliError(`Storage account '${name}' was not found in subscription ${s.subscriptionId}.`, EXIT.NOT_FOUND);
}

/** `adls storage account …`: storage accounts (ADLS Gen2 with a hierarchical namespace) in Azure Resource Manager. */
export function registerStorageCommands(program: Command, deps: ManagementDeps = defaultManagementDeps): void {
  const storage = program.command('storage').description('Azure Storage (ADLS Gen2) accounts');
  const account = storage.command('account').description('storage accounts (Azure Resource Manager); Gen2 when the hierarchical namespace is on');
  const { io } = deps;

  common(account.command('create').argument('<name>', 'account name: 3-24 lowercase letters and digits, globally unique')
    .description('create a storage account, hierarchical namespace on unless --no-hns (waits until it is ready unless --no-wait)')
    .requiredOption('-g, --resource-group <name>', 'resource group (create it with `adls group create`)')
    .option('-l, --location <location>', 'Azure region', DEFAULT_LOCATION)
    .addOption(new Option('--sku <sku>', 'replication and performance').choices(SKUS).default('Standard_LRS'))
    .addOption(new Option('--kind <kind>', 'account kind').choices(KINDS).default('StorageV2'))
    .option('--no-hns', 'a plain blob account, without the hierarchical namespace (no DFS / ADLS Gen2)')
    .option('--tag <key=value>', 'tag (repeatable)', collectTag)
    .option('--no-wait', 'return once the creation has started'), { group: false })
    .action(async (name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const params: StorageAccountCreateParameters = {
        location: opts.location, sku: { name: opts.sku }, kind: opts.kind, properties: { isHnsEnabled: opts.hns },
        ...(opts.tag ? { tags: opts.tag } : {}),
      };
      const poller = await s.storage.storageAccounts.beginCreate(opts.resourceGroup, name, params, { abortSignal: signal });
      if (!opts.wait && !poller.isDone()) {
        if (opts.json) json(io, { name, resourceGroup: opts.resourceGroup, status: 'running' });
        else io.out(`Creation of storage account '${name}' started; check it with: adls storage account show ${name} -g ${opts.resourceGroup}\n`);
        return;
      }
      const acct = await waitFor(io, poller, `Creating storage account '${name}'`, signal);
      if (opts.json) json(io, acct);
      else io.out(`Storage account '${acct.name}' is ready: ${acct.properties?.primaryEndpoints?.dfs ?? acct.properties?.primaryEndpoints?.blob ?? ''}\n`);
    }));

  common(account.command('show').argument('<name>', 'account name').description('show a storage account and its endpoints'))
    .action(async (name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const rg = await resolveGroup(s, name, opts.resourceGroup, signal);
      const acct = await s.storage.storageAccounts.get(rg, name, { abortSignal: signal });
      if (opts.json) json(io, acct);
      else printStorageAccount(io, acct);
    }));

  common(account.command('list').description('list the storage accounts of the subscription, or of one resource group with -g')
    .option('-g, --resource-group <name>', 'only the accounts of this resource group'), { group: false })
    .action(async (_o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const sa = s.storage.storageAccounts;
      const accounts = opts.resourceGroup
        ? await collect(sa.listByResourceGroup(opts.resourceGroup, { abortSignal: signal }))
        : await collect(sa.list({ abortSignal: signal }));
      if (opts.json) json(io, accounts);
      else printStorageAccounts(io, accounts);
    }));

  common(account.command('keys').argument('<name>', 'account name')
    .description('the two access keys (values hidden unless --show-values: they are secrets); --regenerate replaces one')
    .option('--show-values', 'print the key values')
    .addOption(new Option('--regenerate <key>', 'replace this key with a new one first (the other keeps working)').choices(['key1', 'key2'])))
    .action(async (name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const rg = await resolveGroup(s, name, opts.resourceGroup, signal);
      const sa = s.storage.storageAccounts;
      const keys = opts.regenerate
        ? await sa.regenerateKey(rg, name, opts.regenerate as StorageKeyName, { abortSignal: signal })
        : await sa.listKeys(rg, name, { abortSignal: signal });
      const reveal = !!opts.showValues;
      if (opts.json) json(io, storageKeysJson(keys, reveal));
      else printStorageKeys(io, keys, reveal);
    }));

  common(account.command('delete').argument('<name>', 'account name')
    .description('delete a storage account with all its file systems and data (asks first on a terminal)')
    .option('-y, --yes', 'do not ask for confirmation'))
    .action(async (name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const rg = await resolveGroup(s, name, opts.resourceGroup, signal);
      await confirmDeletion(deps, opts.yes, `storage account '${name}' and all its data`);
      const existed = await s.storage.storageAccounts.delete(rg, name, { abortSignal: signal });
      if (opts.json) json(io, { name, resourceGroup: rg, status: existed ? 'deleted' : 'absent' });
      else io.out(existed ? `Storage account '${name}' deleted.\n` : `Storage account '${name}' did not exist.\n`);
    }));

  common(account.command('check-name').argument('<name>', 'account name')
    .description('check whether a storage account name is free (exit 0 free, 6 taken, 2 invalid)'), { group: false })
    .action(async (name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const r = await s.storage.storageAccounts.checkNameAvailability(name, { abortSignal: signal });
      if (opts.json) json(io, { name, ...r });
      else io.out(r.nameAvailable ? `'${name}' is available.\n` : `'${name}' is not available: ${r.message ?? r.reason ?? ''}\n`);
      if (!r.nameAvailable) {
        const invalid = r.reason === 'AccountNameInvalid';
        throw new CliError(invalid ? `'${name}' is not a valid storage account name.` : `'${name}' is taken.`, invalid ? EXIT.BAD_INPUT : EXIT.ALREADY_EXISTS);
      }
    }));
}
