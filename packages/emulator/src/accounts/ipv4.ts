/**
 * Account firewall rules are IPv4 ranges (as in Gen1): the management plane validates them and the data plane
 * enforces them with this one parser. Dotted-quad only; returns the address as an unsigned 32-bit number.
 */
export function ipv4ToNumber(ip: string): number | undefined {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return undefined;
  const parts = m.slice(1).map(Number);
  if (parts.some((p) => p > 255)) return undefined;
  return ((parts[0] << 24) >>> 0) + (parts[1] << 16) + (parts[2] << 8) + parts[3];
}
