/** A CONNECT request target (RFC 9110 §9.3.6: authority-form, `host:port`). */
export interface ConnectTarget {
  /** Host name (lower case) or IP address (IPv6 without brackets). */
  host: string;
  port: number;
}

/** Parses `host:port` / `[v6]:port`; undefined when it is not a valid authority with a port. */
export function parseConnectTarget(authority: string): ConnectTarget | undefined {
  if (!/^[^\s/?#@]+:\d{1,5}$/.test(authority)) return undefined;
  let u: URL;
  try { u = new URL(`http://${authority}`); } catch { return undefined; }
  const port = Number(authority.slice(authority.lastIndexOf(':') + 1));
  if (!u.hostname || port < 1 || port > 65535) return undefined;
  const host = u.hostname.startsWith('[') ? u.hostname.slice(1, -1) : u.hostname;
  return { host: host.toLowerCase(), port };
}
