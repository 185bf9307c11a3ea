// Formatting and parsing shared by the group and account commands.
import type { DataLakeStoreAccount, DataLakeStoreAccountBasic, LroPoller, ResourceGroup } from 'adls-gen1';
import { CliError, EXIT } from './exit.js';
import type { CommandIo } from './management-session.js';
import { Spinner } from './spinner.js';
import { jsonText, table } from './output.js';

/** `--tag k=v` collector for commander (repeatable). */
export function collectTag(value: string, previous: Record<string, string> | undefined): Record<string, string> {
  const i = value.indexOf('=');
  if (i <= 0) throw new CliError(`Invalid tag '${value}': use key=value.`, EXIT.BAD_INPUT);
  return { ...previous, [value.slice(0, i)]: value.slice(i + 1) };
}

/** `Enabled`/`Disabled` from on/off/true/false/enabled/disabled (any case). */
export function parseEnabled(value: string): 'Enabled' | 'Disabled' {
  const v = value.toLowerCase();
  if (['enabled', 'enable', 'on', 'true', 'yes'].includes(v)) return 'Enabled';
  if (['disabled', 'disable', 'off', 'false', 'no'].includes(v)) return 'Disabled';
  throw new CliError(`Expected Enabled or Disabled, got '${value}'.`, EXIT.BAD_INPUT);
}

/** The resource group named in an ARM id (`/subscriptions/…/resourceGroups/{rg}/…`). */
export function resourceGroupOf(id: string | undefined): string {
  return /\/resourcegroups\/([^/]+)/i.exec(id ?? '')?.[1] ?? '';
}

export function json(io: CommandIo, value: unknown): void {
  io.out(jsonText(value));
}

function tagsText(tags: Record<string, string> | undefined): string {
  return tags && Object.keys(tags).length ? Object.entries(tags).map(([k, v]) => `${k}=${v}`).join(', ') : '';
}

function fields(io: CommandIo, rows: [string, unknown][]): void {
  io.out(table(rows.filter(([, v]) => v !== undefined && v !== null && v !== '').map(([k, v]) => [`${k}:`, String(v)])) + '\n');
}

export function printGroups(io: CommandIo, groups: ResourceGroup[]): void {
  if (groups.length === 0) return;
  io.out(table([['NAME', 'LOCATION', 'STATE', 'TAGS'], ...groups.map((g) => [g.name, g.location, g.properties?.provisioningState ?? '', tagsText(g.tags)])]) + '\n');
}

export function printGroup(io: CommandIo, g: ResourceGroup): void {
  fields(io, [['name', g.name], ['location', g.location], ['state', g.properties?.provisioningState], ['tags', tagsText(g.tags)], ['managedBy', g.managedBy], ['id', g.id]]);
}

export function printAccounts(io: CommandIo, accounts: DataLakeStoreAccountBasic[]): void {
  if (accounts.length === 0) return;
  io.out(table([['NAME', 'RESOURCE GROUP', 'LOCATION', 'STATE', 'ENDPOINT'], ...accounts.map((a) => [
    a.name, resourceGroupOf(a.id), a.location, a.properties?.provisioningState ?? '', a.properties?.endpoint ?? '',
  ])]) + '\n');
}

export function printAccount(io: CommandIo, a: DataLakeStoreAccount): void {
  const p = a.properties ?? {};
  fields(io, [
    ['name', a.name], ['resource group', resourceGroupOf(a.id)], ['location', a.location],
    ['provisioning', p.provisioningState], ['state', p.state], ['endpoint', p.endpoint], ['account id', p.accountId],
    ['tier', p.currentTier && p.newTier && p.currentTier !== p.newTier ? `${p.currentTier} (next: ${p.newTier})` : p.currentTier ?? p.newTier],
    ['encryption', p.encryptionState === 'Enabled' ? `Enabled (${p.encryptionConfig?.type ?? 'ServiceManaged'})` : p.encryptionState],
    ['firewall', p.firewallState ? `${p.firewallState}, ${p.firewallRules?.length ?? 0} rule(s), Azure IPs ${p.firewallAllowAzureIps ?? 'Disabled'}` : undefined],
    ['vnet rules', p.virtualNetworkRules?.length],
    ['trusted IdPs', p.trustedIdProviderState ? `${p.trustedIdProviderState}, ${p.trustedIdProviders?.length ?? 0} provider(s)` : undefined],
    ['default group', p.defaultGroup], ['tags', tagsText(a.tags)], ['created', p.creationTime], ['modified', p.lastModifiedTime], ['id', a.id],
  ]);
}

/** Waits for a long-running operation with a spinner on stderr (terminal only). */
export async function waitFor<T>(io: CommandIo, poller: LroPoller<T>, label: string, signal: AbortSignal): Promise<T> {
  if (poller.isDone()) return poller.pollUntilDone({ abortSignal: signal });
  const spinner = new Spinner(io.err, label).start();
  const stopListening = poller.onProgress((s) => spinner.update(`${label} [${s.status}]`));
  try {
    return await poller.pollUntilDone({ abortSignal: signal });
  } finally {
    stopListening();
    spinner.stop();
  }
}
