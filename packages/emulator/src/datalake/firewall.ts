import { ipv4ToNumber } from '../accounts/ipv4.js';
import type { AccountRecord } from '../accounts/registry.js';

/**
 * The account firewall (properties set by the management plane): when `firewallState` is Enabled, the
 * caller's IPv4 address must fall inside one of `firewallRules` [{startIpAddress, endIpAddress}].
 */
export function firewallAllows(account: AccountRecord, remoteAddress: string): boolean {
  const p = account.properties as { firewallState?: string; firewallRules?: { startIpAddress?: string; endIpAddress?: string }[] };
  if (p.firewallState !== 'Enabled') return true;
  const ip = ipv4ToNumber(remoteAddress === '::1' ? '127.0.0.1' : remoteAddress);
  if (ip === undefined) return false;
  return (p.firewallRules ?? []).some((r) => {
    const lo = ipv4ToNumber(r.startIpAddress ?? ''), hi = ipv4ToNumber(r.endIpAddress ?? '');
    return lo !== undefined && hi !== undefined && ip >= lo && ip <= hi;
  });
}
