// `adls account firewall|trusted-idp|vnet-rule list|show|create|update|delete`: an account's child resources.
import type { Command } from 'commander';
import { collect, type SubResource } from 'adls-gen1';
import { CliError, EXIT } from '../exit.js';
import { json } from '../management-format.js';
import { runWithSession, type ManagementDeps, type ManagementSession } from '../management-session.js';
import { table } from '../output.js';
import { accountCommon, resolveAccountGroup } from './account-common.js';

/** The operations the three child clients share (their item types differ only in `properties`). */
interface ChildOps {
  createOrUpdate(rg: string, account: string, name: string, params: { properties: any }, o: { abortSignal?: AbortSignal }): Promise<SubResource<any>>;
  get(rg: string, account: string, name: string, o: { abortSignal?: AbortSignal }): Promise<SubResource<any>>;
  update(rg: string, account: string, name: string, params: { properties?: any }, o: { abortSignal?: AbortSignal }): Promise<SubResource<any>>;
  delete(rg: string, account: string, name: string, o: { abortSignal?: AbortSignal }): Promise<boolean>;
  listByAccount(rg: string, account: string, o: { abortSignal?: AbortSignal }): AsyncIterable<SubResource<any>>;
}

interface ChildProperty {
  /** Wire name under `properties`. */
  key: string;
  flags: string;
  /** commander's camelCase name of the option. */
  option: string;
  description: string;
}

interface ChildKind {
  command: string;
  description: string;
  label: string;
  ops(s: ManagementSession): ChildOps;
  props: ChildProperty[];
}

const KINDS: ChildKind[] = [
  {
    command: 'firewall', description: 'firewall rules (IP ranges allowed when the firewall is enabled)', label: 'firewall rule',
    ops: (s) => s.dataLake.firewallRules,
    props: [
      { key: 'startIpAddress', flags: '--start-ip <address>', option: 'startIp', description: 'first IP address of the range' },
      { key: 'endIpAddress', flags: '--end-ip <address>', option: 'endIp', description: 'last IP address of the range' },
    ],
  },
  {
    command: 'trusted-idp', description: 'trusted identity providers (token issuers the account accepts)', label: 'trusted identity provider',
    ops: (s) => s.dataLake.trustedIdProviders,
    props: [{ key: 'idProvider', flags: '--id-provider <url>', option: 'idProvider', description: 'issuer URL, e.g. https://sts.windows.net/<tenant>/' }],
  },
  {
    command: 'vnet-rule', description: 'virtual network rules (subnets allowed to reach the account)', label: 'virtual network rule',
    ops: (s) => s.dataLake.virtualNetworkRules,
    props: [{ key: 'subnetId', flags: '--subnet-id <id>', option: 'subnetId', description: 'ARM id of the subnet' }],
  },
];

function propsFrom(kind: ChildKind, opts: Record<string, unknown>): Record<string, string> {
  const out: Record<string, string> = {};
  for (const p of kind.props) if (typeof opts[p.option] === 'string') out[p.key] = opts[p.option] as string;
  return out;
}

function printChildren(deps: ManagementDeps, kind: ChildKind, items: SubResource<any>[]): void {
  if (items.length === 0) return;
  deps.io.out(table([['NAME', ...kind.props.map((p) => p.key.toUpperCase())], ...items.map((i) => [i.name ?? '', ...kind.props.map((p) => String(i.properties?.[p.key] ?? ''))])]) + '\n');
}

function registerKind(account: Command, deps: ManagementDeps, kind: ChildKind): void {
  const parent = account.command(kind.command).description(kind.description);
  const { io } = deps;
  const show = (item: SubResource<any>, opts: { json?: boolean }) => (opts.json ? json(io, item) : printChildren(deps, kind, [item]));

  accountCommon(parent.command('list').argument('<account>', 'account name').description(`list the ${kind.label}s of an account`))
    .action(async (acct: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const rg = await resolveAccountGroup(s, acct, opts.resourceGroup, signal);
      const items = await collect(kind.ops(s).listByAccount(rg, acct, { abortSignal: signal }));
      if (opts.json) json(io, items);
      else printChildren(deps, kind, items);
    }));

  accountCommon(parent.command('show').argument('<account>', 'account name').argument('<name>', `${kind.label} name`).description(`show a ${kind.label}`))
    .action(async (acct: string, name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const rg = await resolveAccountGroup(s, acct, opts.resourceGroup, signal);
      show(await kind.ops(s).get(rg, acct, name, { abortSignal: signal }), opts);
    }));

  const create = parent.command('create').argument('<account>', 'account name').argument('<name>', `${kind.label} name`)
    .description(`create or replace a ${kind.label}`);
  for (const p of kind.props) create.requiredOption(p.flags, p.description);
  accountCommon(create).action(async (acct: string, name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
    const rg = await resolveAccountGroup(s, acct, opts.resourceGroup, signal);
    show(await kind.ops(s).createOrUpdate(rg, acct, name, { properties: propsFrom(kind, opts) }, { abortSignal: signal }), opts);
  }));

  const update = parent.command('update').argument('<account>', 'account name').argument('<name>', `${kind.label} name`)
    .description(`change a ${kind.label}`);
  for (const p of kind.props) update.option(p.flags, p.description);
  accountCommon(update).action(async (acct: string, name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
    const properties = propsFrom(kind, opts);
    if (Object.keys(properties).length === 0) throw new CliError(`Nothing to update: give ${kind.props.map((p) => p.flags.split(' ')[0]).join(' or ')}.`, EXIT.BAD_INPUT);
    const rg = await resolveAccountGroup(s, acct, opts.resourceGroup, signal);
    show(await kind.ops(s).update(rg, acct, name, { properties }, { abortSignal: signal }), opts);
  }));

  accountCommon(parent.command('delete').argument('<account>', 'account name').argument('<name>', `${kind.label} name`).description(`delete a ${kind.label}`))
    .action(async (acct: string, name: string, _o, cmd: Command) => runWithSession(deps, cmd, async (s, opts, signal) => {
      const rg = await resolveAccountGroup(s, acct, opts.resourceGroup, signal);
      const existed = await kind.ops(s).delete(rg, acct, name, { abortSignal: signal });
      if (opts.json) json(io, { name, deleted: existed });
      else io.out(existed ? `Deleted ${kind.label} '${name}'.\n` : `No ${kind.label} '${name}' (nothing to delete).\n`);
    }));
}

export function registerAccountChildCommands(account: Command, deps: ManagementDeps): void {
  for (const kind of KINDS) registerKind(account, deps, kind);
}
