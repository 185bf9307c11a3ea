// Storage connection strings (`DefaultEndpointsProtocol=https;AccountName=…;AccountKey=…;EndpointSuffix=…`, or
// with `BlobEndpoint=`/`DfsEndpoint=` and `SharedAccessSignature=`), as Azure's portal and the emulator print them.
import { CliError, EXIT } from '../exit.js';

export interface ConnectionString {
  accountName: string;
  accountKey?: string;
  sas?: string;
  /** The account's DFS endpoint URL (no trailing slash). */
  dfsEndpoint: string;
}

/** A Blob endpoint's DFS twin: `acct.blob.core.windows.net` → `acct.dfs.core.windows.net`; path-style URLs are shared. */
export function dfsFromBlobEndpoint(url: string): string {
  const u = new URL(url);
  u.hostname = u.hostname.replace(/^([^.]+)\.blob\./i, '$1.dfs.');
  return u.toString().replace(/\/+$/, '');
}

export function parseConnectionString(text: string): ConnectionString {
  const parts = new Map<string, string>();
  for (const item of text.split(';')) {
    if (!item.trim()) continue;
    const eq = item.indexOf('=');
    if (eq <= 0) throw new CliError('Not a storage connection string: expected key=value pairs separated by ";".', EXIT.BAD_INPUT);
    parts.set(item.slice(0, eq).trim().toLowerCase(), item.slice(eq + 1).trim());
  }
  if (parts.get('usedevelopmentstorage') === 'true') {
    throw new CliError('UseDevelopmentStorage=true is Azurite\'s shortcut: use the emulator\'s connection string (GET /_emulator/info lists it).', EXIT.BAD_INPUT);
  }
  const accountName = parts.get('accountname');
  const protocol = parts.get('defaultendpointsprotocol') ?? 'https';
  const blob = parts.get('blobendpoint');
  const dfs = parts.get('dfsendpoint');
  let dfsEndpoint: string | undefined;
  try {
    dfsEndpoint = dfs ? new URL(dfs).toString().replace(/\/+$/, '') : blob ? dfsFromBlobEndpoint(blob) : undefined;
  } catch {
    throw new CliError('The connection string\'s BlobEndpoint/DfsEndpoint is not a URL.', EXIT.BAD_INPUT);
  }
  const name = accountName ?? (dfsEndpoint ? accountFromEndpoint(dfsEndpoint) : undefined);
  if (!name) throw new CliError('The connection string names no account (AccountName=…).', EXIT.BAD_INPUT);
  dfsEndpoint ??= `${protocol}://${name}.dfs.${parts.get('endpointsuffix') ?? 'core.windows.net'}`;
  return { accountName: name, accountKey: parts.get('accountkey'), sas: parts.get('sharedaccesssignature')?.replace(/^\?/, ''), dfsEndpoint };
}

/** The account of an endpoint URL: its host's first label, or the first path segment of an IP-style URL. */
function accountFromEndpoint(url: string): string | undefined {
  const u = new URL(url);
  const m = /^([a-z0-9]{3,24})\.(dfs|blob)\./i.exec(u.hostname);
  return m ? m[1].toLowerCase() : u.pathname.split('/').filter(Boolean)[0];
}
