import { ipv4ToNumber } from '../accounts/ipv4.js';
import type { AccountRecord } from '../accounts/registry.js';
import { RemoteError } from './remote-error.js';

/** The address a firewall rule is matched against: IPv6 loopback counts as 127.0.0.1 (rules are IPv4). */
const asIpv4 = (remoteAddress: string) => (remoteAddress === '::1' ? '127.0.0.1' : remoteAddress);

/**
 * The account firewall (properties set by the management plane): when `firewallState` is Enabled, the
 * caller's IPv4 address must fall inside one of `firewallRules` [{startIpAddress, endIpAddress}].
 */
export function firewallAllows(account: AccountRecord, remoteAddress: string): boolean {
  const p = account.properties as { firewallState?: string; firewallRules?: { startIpAddress?: string; endIpAddress?: string }[] };
  if (p.firewallState !== 'Enabled') return true;
  const ip = ipv4ToNumber(asIpv4(remoteAddress));
  if (ip === undefined) return false;
  return (p.firewallRules ?? []).some((r) => {
    const lo = ipv4ToNumber(r.startIpAddress ?? ''), hi = ipv4ToNumber(r.endIpAddress ?? '');
    return lo !== undefined && hi !== undefined && ip >= lo && ip <= hi;
  });
}

/**
 * What Gen1 answers a caller the firewall keeps out: 403 with the `AccessDeniedByFirewall` error naming the
 * client IP and the account (the text the service showed, e.g. in the Azure portal). It is not an ACL denial:
 * no permission change lets that caller in, only a firewall rule.
 */
export function firewallDenied(account: string, remoteAddress: string): RemoteError {
  return new RemoteError(403, 'AccessDeniedByFirewall', 'org.apache.hadoop.security.AccessControlException',
    `The client IP '${asIpv4(remoteAddress)}' is not allowed, meanwhile the request doesn't originate from an allowed virtual network, ` +
    `based on the configuration of the Azure Data Lake account '${account}'.`);
}
