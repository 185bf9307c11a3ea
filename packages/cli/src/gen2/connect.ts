// Opens the Gen2 file system an `abfss://` argument names: its DFS endpoint, and the credential the user chose
// (a connection string, an account key, a SAS, or by default the CLI's Azure AD sign-in).
import type { Command } from 'commander';
import { AnonymousCredential, DataLakeFileSystemClient, StorageSharedKeyCredential } from '@azure/storage-file-datalake';
import { credentialFor, resolveTarget, type GlobalOptions, type Target } from '../context.js';
import { CliError, EXIT } from '../exit.js';
import type { Gen2Location } from '../remote-path.js';
import { parseConnectionString } from './connection-string.js';
import { Gen2FileSystem } from './filesystem.js';
import { storageAgent, storagePipeline } from './http.js';

/** The Gen2 sign-in flags of every fs command; each also reads the environment variable azure-cli reads. */
export function gen2AuthOptions(c: Command): Command {
  return c
    .option('--connection-string <text>', 'Gen2 (abfss://): a storage connection string (env AZURE_STORAGE_CONNECTION_STRING)')
    .option('--account-key <key>', 'Gen2 (abfss://): the storage account key, Shared Key (env AZURE_STORAGE_KEY)')
    .option('--sas <token>', 'Gen2 (abfss://): a SAS token (env AZURE_STORAGE_SAS_TOKEN)');
}

interface AuthFlags extends GlobalOptions { connectionString?: string; accountKey?: string; sas?: string }

type Auth = { kind: 'connection-string'; text: string } | { kind: 'key'; key: string } | { kind: 'sas'; token: string } | { kind: 'azure-ad' };

const env = (name: string) => (process.env[name] ? process.env[name] : undefined);

/** Flags first (at most one), then the environment (connection string, key, SAS), else the signed-in session. */
export function chooseAuth(o: AuthFlags): Auth {
  const flags = [o.connectionString && '--connection-string', o.accountKey && '--account-key', o.sas && '--sas'].filter(Boolean);
  if (flags.length > 1) throw new CliError(`Give one of ${flags.join(', ')}: they are alternative ways to sign in.`, EXIT.BAD_INPUT);
  const cs = o.connectionString ?? (flags.length ? undefined : env('AZURE_STORAGE_CONNECTION_STRING'));
  if (cs) return { kind: 'connection-string', text: cs };
  const key = o.accountKey ?? (flags.length ? undefined : env('AZURE_STORAGE_KEY'));
  if (key) return { kind: 'key', key };
  const sas = o.sas ?? (flags.length ? undefined : env('AZURE_STORAGE_SAS_TOKEN'));
  if (sas) return { kind: 'sas', token: sas.replace(/^\?/, '') };
  return { kind: 'azure-ad' };
}

/** Public Azure storage hosts need no emulator discovery (and no extra CA) when a key or SAS signs the requests. */
const isPublicStorageHost = (endpoint: string | undefined) => endpoint !== undefined && /\.core\.windows\.net$/i.test(new URL(endpoint).hostname);

/** A bare account name's DFS endpoint on the CLI's target: Azure's, or the one the emulator lists (else its host style). */
function targetEndpoint(target: Target, account: string): string {
  if (target.kind === 'azure') return `https://${account}.dfs.core.windows.net`;
  const listed = target.storageAccounts?.find((a) => a.name === account);
  if (listed) return listed.dfsEndpoint;
  return `https://${account}.dfs.${target.dataPlaneSuffix}${target.dataPlanePort && target.dataPlanePort !== 443 ? `:${target.dataPlanePort}` : ''}`;
}

/** The adapter the fs commands use for `loc`; `connections` sizes its socket pool (transfers: their threads). */
export async function openGen2(cmd: Command, loc: Gen2Location, connections?: number): Promise<Gen2FileSystem> {
  const o = cmd.optsWithGlobals() as AuthFlags;
  const auth = chooseAuth(o);
  const cs = auth.kind === 'connection-string' ? parseConnectionString(auth.text) : undefined;
  if (cs && cs.accountName !== loc.account) {
    throw new CliError(`The connection string is for account '${cs.accountName}', the URL names '${loc.account}'.`, EXIT.BAD_INPUT);
  }
  let endpoint = loc.endpoint ?? cs?.dfsEndpoint;
  const needsTarget = auth.kind === 'azure-ad' || !isPublicStorageHost(endpoint);
  const target = needsTarget ? await resolveTarget(o) : undefined;
  endpoint ??= targetEndpoint(target!, loc.account);

  let credential: StorageSharedKeyCredential | AnonymousCredential | Awaited<ReturnType<typeof credentialFor>>;
  let query = '';
  if (cs?.accountKey) credential = new StorageSharedKeyCredential(cs.accountName, cs.accountKey);
  else if (cs?.sas) { credential = new AnonymousCredential(); query = `?${cs.sas}`; }
  else if (cs) throw new CliError('The connection string has neither AccountKey nor SharedAccessSignature.', EXIT.BAD_INPUT);
  else if (auth.kind === 'key') credential = new StorageSharedKeyCredential(loc.account, auth.key);
  else if (auth.kind === 'sas') { credential = new AnonymousCredential(); query = `?${auth.token}`; }
  else credential = await credentialFor(target!);

  const agent = storageAgent({ caPem: target?.caPem, connections });
  const url = `${endpoint.replace(/\/+$/, '')}/${encodeURIComponent(loc.fileSystem)}${query}`;
  return new Gen2FileSystem(new DataLakeFileSystemClient(url, storagePipeline(credential, agent)), agent);
}
