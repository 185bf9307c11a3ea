import type { AccountRecord } from '../accounts/registry.js';

function ipv4ToInt(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}

/**
 * The account firewall (properties set by the management plane): when `firewallState` is Enabled, the
 * caller's IPv4 address must fall inside one of `firewallRules` [{startIpAddress, endIpAddress}].
 */
export function firewallAllows(account: AccountRecord, remoteAddress: string): boolean {
  const p = account.properties as { firewallState?: string; firewallRules?: { startIpAddress?: string; endIpAddress?: string }[] };
  if (p.firewallState !== 'Enabled') return true;
  const ip = ipv4ToInt(remoteAddress === '::1' ? '127.0.0.1' : remoteAddress);
  if (ip === undefined) return false;
  return (p.firewallRules ?? []).some((r) => {
    const lo = ipv4ToInt(r.startIpAddress ?? ''), hi = ipv4ToInt(r.endIpAddress ?? '');
    return lo !== undefined && hi !== undefined && ip >= lo && ip <= hi;
  });
}
