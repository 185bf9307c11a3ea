import { Command } from 'commander';
import { collect, DEFAULT_LOCATION } from 'adls-gen1';
import { CliError, EXIT } from '../exit.js';
import { collectTag, json, printGroup, printGroups, waitFor } from '../management-format.js';
import { confirmDeletion, defaultManagementDeps, runWithSession, type ManagementDeps } from '../management-session.js';

/** Options every group command takes. */
function common(cmd: Command): Command {
  return cmd
    .option('--subscription <id>', 'subscription id (default: the signed-in directory\'s)')
    .option('--json', 'print JSON');
}

/** `adls group create|show|list|delete|exists`: Azure resource groups. */
export function registerGroupCommands(program: Command, deps: ManagementDeps = defaultManagementDeps): void {
  const group = program.command('group').description('Azure resource groups (containers for Data Lake Store accounts)');
  const { io } = deps;

  common(group.command('create').argument('<name>', 'resource group name')
    .description('create a resource group, or update the tags of an existing one')
    .option('-l, --location <location>', 'Azure region', DEFAULT_LOCATION)
    .option('--tag <key=value>', 'tag (repeatable)', collectTag))
    .action(async (name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const g = await s.resources.resourceGroups.createOrUpdate(name, { location: opts.location, tags: opts.tag }, { abortSignal: signal });
      if (opts.json) json(io, g);
      else io.out(`Resource group '${g.name}' is ready in ${g.location}.\n`);
    }));

  common(group.command('show').argument('<name>', 'resource group name').description('show a resource group'))
    .action(async (name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const g = await s.resources.resourceGroups.get(name, { abortSignal: signal });
      if (opts.json) json(io, g);
      else printGroup(io, g);
    }));

  common(group.command('list').description('list the resource groups of the subscription')
    .option('--tag <key=value>', 'only groups with this tag', collectTag))
    .action(async (_o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const tag = opts.tag ? Object.entries(opts.tag as Record<string, string>)[0] : undefined;
      const filter = tag ? `tagName eq '${tag[0].replace(/'/g, "''")}' and tagValue eq '${tag[1].replace(/'/g, "''")}'` : undefined;
      const groups = await collect(s.resources.resourceGroups.list({ filter, abortSignal: signal }));
      if (opts.json) json(io, groups);
      else printGroups(io, groups);
    }));

  common(group.command('exists').argument('<name>', 'resource group name')
    .description('exit 0 if the group exists, 3 if not'))
    .action(async (name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const exists = await s.resources.resourceGroups.exists(name, { abortSignal: signal });
      if (opts.json) json(io, { name, exists });
      else io.out(`${exists}\n`);
      if (!exists) throw new CliError(`Resource group '${name}' does not exist.`, EXIT.NOT_FOUND);
    }));

  common(group.command('delete').argument('<name>', 'resource group name')
    .description('delete a resource group and every account in it (asks first on a terminal)')
    .option('-y, --yes', 'do not ask for confirmation')
    .option('--no-wait', 'return once the deletion has started'))
    .action(async (name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      await confirmDeletion(deps, opts.yes, `resource group '${name}' and every account in it`);
      const poller = await s.resources.resourceGroups.beginDelete(name, { abortSignal: signal });
      if (opts.wait) await waitFor(io, poller, `Deleting resource group '${name}'`, signal);
      const status = poller.getOperationState().status;
      if (opts.json) json(io, { name, status });
      else io.out(status === 'succeeded' ? `Resource group '${name}' deleted.\n` : `Deletion of resource group '${name}' started.\n`);
    }));
}
