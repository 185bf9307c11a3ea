import { Command, Option } from 'commander';
import {
  collect, DEFAULT_LOCATION, type CreateDataLakeStoreAccountParameters, type TierType, type UpdateDataLakeStoreAccountParameters,
} from 'adls-gen1';
import { CliError, EXIT } from '../exit.js';
import { collectTag, json, parseEnabled, printAccount, printAccounts, waitFor } from '../management-format.js';
import { confirmDeletion, defaultManagementDeps, runWithSession, type ManagementDeps } from '../management-session.js';
import { registerAccountChildCommands } from './account-children.js';
import { accountCommon, resolveAccountGroup } from './account-common.js';

const TIERS: TierType[] = ['Consumption', 'Commitment_1TB', 'Commitment_10TB', 'Commitment_100TB', 'Commitment_500TB', 'Commitment_1PB', 'Commitment_5PB'];

/** `adls account …`: Data Lake Store Gen1 accounts and their firewall rules, trusted IdPs and vnet rules. */
export function registerAccountCommands(program: Command, deps: ManagementDeps = defaultManagementDeps): void {
  const account = program.command('account').description('Data Lake Store Gen1 accounts (Azure Resource Manager)');
  const { io } = deps;

  accountCommon(account.command('create').argument('<name>', 'account name: 3-24 lowercase letters and digits, globally unique')
    .description('create an account (waits until it is provisioned unless --no-wait)')
    .requiredOption('-g, --resource-group <name>', 'resource group (create it with `adls group create`)')
    .option('-l, --location <location>', 'Azure region', DEFAULT_LOCATION)
    .option('--tag <key=value>', 'tag (repeatable)', collectTag)
    .addOption(new Option('--tier <tier>', 'pricing tier').choices(TIERS))
    .option('--encryption <Enabled|Disabled>', 'encryption at rest (default Enabled, service-managed keys)', parseEnabled)
    .option('--firewall <Enabled|Disabled>', 'firewall state', parseEnabled)
    .option('--allow-azure-ips <Enabled|Disabled>', 'let Azure services through the firewall', parseEnabled)
    .option('--default-group <objectId>', 'default owner group of new files')
    .option('--no-wait', 'return once the creation has started'), { group: false })
    .action(async (name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const properties: CreateDataLakeStoreAccountParameters['properties'] = {
        ...(opts.tier ? { newTier: opts.tier } : {}),
        ...(opts.encryption ? { encryptionState: opts.encryption } : {}),
        ...(opts.firewall ? { firewallState: opts.firewall } : {}),
        ...(opts.allowAzureIps ? { firewallAllowAzureIps: opts.allowAzureIps } : {}),
        ...(opts.defaultGroup ? { defaultGroup: opts.defaultGroup } : {}),
      };
      const params: CreateDataLakeStoreAccountParameters = {
        location: opts.location, ...(opts.tag ? { tags: opts.tag } : {}), ...(Object.keys(properties).length ? { properties } : {}),
      };
      const poller = await s.dataLake.accounts.beginCreate(opts.resourceGroup, name, params, { abortSignal: signal });
      if (!opts.wait && !poller.isDone()) {
        if (opts.json) json(io, { name, resourceGroup: opts.resourceGroup, status: 'running' });
        else io.out(`Creation of account '${name}' started; check it with: adls account show ${name} -g ${opts.resourceGroup}\n`);
        return;
      }
      const acct = await waitFor(io, poller, `Creating account '${name}'`, signal);
      if (opts.json) json(io, acct);
      else io.out(`Account '${acct.name}' is ready: ${acct.properties?.endpoint ?? ''}\n`);
    }));

  accountCommon(account.command('show').argument('<name>', 'account name').description('show an account'))
    .action(async (name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const rg = await resolveAccountGroup(s, name, opts.resourceGroup, signal);
      const acct = await s.dataLake.accounts.get(rg, name, { abortSignal: signal });
      if (opts.json) json(io, acct);
      else printAccount(io, acct);
    }));

  accountCommon(account.command('list').description('list the accounts of the subscription, or of one resource group with -g')
    .option('-g, --resource-group <name>', 'only the accounts of this resource group'), { group: false })
    .action(async (_o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const accounts = opts.resourceGroup
        ? await collect(s.dataLake.accounts.listByResourceGroup(opts.resourceGroup, { abortSignal: signal }))
        : await collect(s.dataLake.accounts.list({ abortSignal: signal }));
      if (opts.json) json(io, accounts);
      else printAccounts(io, accounts);
    }));

  accountCommon(account.command('update').argument('<name>', 'account name')
    .description('change tags, firewall, trusted IdP state, tier or default group')
    .option('--tag <key=value>', 'tag (repeatable; replaces all tags)', collectTag)
    .option('--clear-tags', 'remove every tag')
    .addOption(new Option('--tier <tier>', 'pricing tier from next month').choices(TIERS))
    .option('--firewall <Enabled|Disabled>', 'firewall state', parseEnabled)
    .option('--allow-azure-ips <Enabled|Disabled>', 'let Azure services through the firewall', parseEnabled)
    .option('--trusted-idp <Enabled|Disabled>', 'trusted identity provider state', parseEnabled)
    .option('--default-group <objectId>', 'default owner group of new files')
    .option('--no-wait', 'return once the update has started'))
    .action(async (name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const properties: UpdateDataLakeStoreAccountParameters['properties'] = {
        ...(opts.tier ? { newTier: opts.tier } : {}),
        ...(opts.firewall ? { firewallState: opts.firewall } : {}),
        ...(opts.allowAzureIps ? { firewallAllowAzureIps: opts.allowAzureIps } : {}),
        ...(opts.trustedIdp ? { trustedIdProviderState: opts.trustedIdp } : {}),
        ...(opts.defaultGroup ? { defaultGroup: opts.defaultGroup } : {}),
      };
      const tags = opts.clearTags ? {} : opts.tag;
      if (!tags && Object.keys(properties).length === 0) throw new CliError('Nothing to update: give at least one option (see --help).', EXIT.BAD_INPUT);
      const params: UpdateDataLakeStoreAccountParameters = { ...(tags ? { tags } : {}), ...(Object.keys(properties).length ? { properties } : {}) };
      const rg = await resolveAccountGroup(s, name, opts.resourceGroup, signal);
      const poller = await s.dataLake.accounts.beginUpdate(rg, name, params, { abortSignal: signal });
      if (!opts.wait && !poller.isDone()) {
        if (opts.json) json(io, { name, resourceGroup: rg, status: 'running' });
        else io.out(`Update of account '${name}' started.\n`);
        return;
      }
      const acct = await waitFor(io, poller, `Updating account '${name}'`, signal);
      if (opts.json) json(io, acct);
      else printAccount(io, acct);
    }));

  accountCommon(account.command('delete').argument('<name>', 'account name')
    .description('delete an account and all its data (asks first on a terminal)')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--no-wait', 'return once the deletion has started'))
    .action(async (name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const rg = await resolveAccountGroup(s, name, opts.resourceGroup, signal);
      await confirmDeletion(deps, opts.yes, `account '${name}' and all its data`);
      const poller = await s.dataLake.accounts.beginDelete(rg, name, { abortSignal: signal });
      if (opts.wait) await waitFor(io, poller, `Deleting account '${name}'`, signal);
      const status = poller.getOperationState().status;
      if (opts.json) json(io, { name, resourceGroup: rg, status });
      else io.out(status === 'succeeded' ? `Account '${name}' deleted.\n` : `Deletion of account '${name}' started.\n`);
    }));

  accountCommon(account.command('check-name').argument('<name>', 'account name')
    .description('check whether a name is free (exit 0 free, 6 taken, 2 invalid)')
    .option('-l, --location <location>', 'Azure region', DEFAULT_LOCATION), { group: false })
    .action(async (name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const r = await s.dataLake.accounts.checkNameAvailability(opts.location, name, { abortSignal: signal });
      if (opts.json) json(io, { name, ...r });
      else io.out(r.nameAvailable ? `'${name}' is available.\n` : `'${name}' is not available: ${r.message ?? r.reason ?? ''}\n`);
      if (!r.nameAvailable) {
        throw new CliError(r.reason === 'InvalidName' ? `'${name}' is not a valid account name.` : `'${name}' is taken.`,
          r.reason === 'InvalidName' ? EXIT.BAD_INPUT : EXIT.ALREADY_EXISTS);
      }
    }));

  registerAccountChildCommands(account, deps);
}
