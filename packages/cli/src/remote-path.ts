// One parser for every `adls fs` path argument: a plain `/path` (Gen1, the current account), Hadoop's Gen1 URIs
// `adl://account[.suffix]/path` (and `adl:/path`), and its ABFS URIs for Gen2, `abfss://filesystem@account.dfs.core.windows.net/path`.
import { isIP } from 'node:net';
import { CliError, EXIT } from './exit.js';

/** A Gen1 path: the account is the URL's (or, when absent, --account / the target's default). */
export interface Gen1Location {
  kind: 'gen1';
  path: string;
  account?: string;
}

/**
 * A Gen2 path. `endpoint` is the DFS endpoint URL the URL names (`https://account.dfs.core.windows.net`, or
 * `https://127.0.0.1:PORT/account` for an IP host); undefined when only the account name was written
 * (`abfss://fs@account/path`), which the CLI resolves against its target.
 */
export interface Gen2Location {
  kind: 'gen2';
  scheme: 'abfs' | 'abfss';
  fileSystem: string;
  account: string;
  endpoint?: string;
  /** Absolute path inside the file system, decoded (`/` for the file system's root). */
  path: string;
}

export type RemoteLocation = Gen1Location | Gen2Location;

/** Storage account names: 3–24 lower-case letters and digits. */
const STORAGE_ACCOUNT = /^[a-z0-9]{3,24}$/;
/** File system (container) names: 3–63 of a-z, 0-9 and single hyphens, starting and ending with a letter or digit. */
const FILE_SYSTEM = /^[a-z0-9](?!.*--)[a-z0-9-]{1,61}[a-z0-9]$/;
const ABFS_FORM = 'abfss://<filesystem>@<account>.dfs.core.windows.net/<path>';

const bad = (message: string) => new CliError(message, EXIT.BAD_INPUT);

/** Whether an argument is written as a URL the parser owns (as opposed to a plain path or a local file). */
export function isRemoteUrl(arg: string): boolean {
  return /^(adl|abfss?):/i.test(arg);
}

/**
 * Parses a remote path argument. Plain paths are Gen1 paths of the current account; `adl:` and `abfs(s):` URLs
 * are parsed by Hadoop's rules (the authority of an ABFS URL is `filesystem@host`). Malformed URLs throw a
 * CliError with exit code BAD_INPUT naming what is wrong.
 */
export function parseRemotePath(arg: string): RemoteLocation {
  if (/^adl:/i.test(arg)) return parseAdl(arg);
  if (/^abfss?:/i.test(arg)) return parseAbfs(arg);
  if (/^[a-z][a-z0-9+.-]*:\/\//i.test(arg)) {
    throw bad(`Unsupported URL scheme in '${arg}': use a plain /path, adl://<account>/<path> (Gen1) or ${ABFS_FORM} (Gen2).`);
  }
  return { kind: 'gen1', path: arg };
}

/** `adl:/path`, `adl://account/path`, `adl://account.azuredatalakestore.net/path` (any host: its first label). */
function parseAdl(arg: string): Gen1Location {
  const full = /^adl:\/\/([^/?#]*)([^?#]*)$/i.exec(arg);
  if (full) {
    const host = full[1].replace(/:\d+$/, '');
    if (!host) throw bad(`No account in '${arg}': write adl://<account>/<path> or adl:/<path>.`);
    const account = host.split('.')[0].toLowerCase();
    if (!/^[a-z0-9]{3,24}$/.test(account)) throw bad(`Not a Data Lake Store account name: '${account}' in '${arg}' (3-24 lower-case letters and digits).`);
    return { kind: 'gen1', account, path: decodePath(full[2], arg) };
  }
  const short = /^adl:(\/[^?#]*)$/i.exec(arg);
  if (short && !short[1].startsWith('//')) return { kind: 'gen1', path: decodePath(short[1], arg) };
  throw bad(`Not a Gen1 URL: '${arg}': write adl:/<path> or adl://<account>/<path>.`);
}

/**
 * Hadoop ABFS: `abfs[s]://<filesystem>@<account>.dfs.<suffix>[:port]/<path>`. Both schemes go over TLS here
 * (Hadoop's `fs.azure.always.use.https` defaults to true; plain HTTP to a storage account is refused anyway).
 * Extensions for the emulator: an IP or `localhost` host puts the account first in the path (path style, as
 * the storage SDKs address IP hosts), and a bare account name (`abfss://fs@myaccount/path`) is resolved by the CLI.
 */
function parseAbfs(arg: string): Gen2Location {
  const m = /^(abfss?):\/\/([^/?#]*)([^?#]*)([?#].*)?$/i.exec(arg);
  if (!m) throw bad(`Not an ABFS URL: '${arg}': write ${ABFS_FORM}.`);
  const [, scheme, authority, rawPath, extra] = m;
  if (extra) throw bad(`An ABFS URL has no query or fragment: '${arg}' (percent-encode '?' and '#' in names as %3F and %23).`);
  const at = authority.lastIndexOf('@');
  if (at < 0) throw bad(`No file system in '${arg}': write ${ABFS_FORM}.`);
  const fileSystem = decodeURIComponent(authority.slice(0, at));
  if (!FILE_SYSTEM.test(fileSystem)) {
    throw bad(`Not a file system name: '${fileSystem}' in '${arg}' (3-63 lower-case letters, digits and single hyphens, starting and ending with a letter or digit).`);
  }
  const hostPort = authority.slice(at + 1).toLowerCase();
  const hm = /^(\[[0-9a-f:.]+\]|[^:[\]]+)(?::(\d{1,5}))?$/.exec(hostPort);
  if (!hm) throw bad(`No account host in '${arg}': write ${ABFS_FORM}.`);
  const [, host, port] = hm;
  const origin = `https://${host}${port ? `:${port}` : ''}`;
  const lowerScheme = scheme.toLowerCase() as 'abfs' | 'abfss';
  const path = decodePath(rawPath, arg);

  if (host === 'localhost' || isIP(host.replace(/^\[|\]$/g, '')) !== 0) {
    // Path style: https://127.0.0.1:PORT/{account}/{filesystem}/{path} on the wire; here the account leads the path.
    const account = path.split('/')[1];
    if (!account || !STORAGE_ACCOUNT.test(account)) {
      throw bad(`An IP or localhost host needs the storage account first in the path: abfss://<filesystem>@${hostPort}/<account>/<path> (in '${arg}').`);
    }
    return { kind: 'gen2', scheme: lowerScheme, fileSystem, account, endpoint: `${origin}/${account}`, path: path.slice(account.length + 1) || '/' };
  }
  const labels = host.split('.');
  const account = labels[0];
  if (!STORAGE_ACCOUNT.test(account)) throw bad(`Not a storage account name: '${account}' in '${arg}' (3-24 lower-case letters and digits).`);
  if (labels.length === 1) return { kind: 'gen2', scheme: lowerScheme, fileSystem, account, path };
  if (labels[1] === 'blob') throw bad(`ABFS URLs name the DFS endpoint: write ${account}.dfs.${labels.slice(2).join('.')} instead of ${host} (in '${arg}').`);
  if (labels[1] !== 'dfs' || labels.length < 3) throw bad(`Not a DFS endpoint host: '${host}' in '${arg}': write ${ABFS_FORM}.`);
  return { kind: 'gen2', scheme: lowerScheme, fileSystem, account, endpoint: origin, path };
}

/** Percent-decodes each segment (as Hadoop's URI does) into an absolute path. */
function decodePath(raw: string, arg: string): string {
  const segments: string[] = [];
  for (const seg of raw.split('/')) {
    if (!seg) continue;
    let s: string;
    try {
      s = decodeURIComponent(seg);
    } catch {
      throw bad(`Malformed percent-encoding in '${arg}'.`);
    }
    if (s.includes('/')) throw bad(`A path segment may not contain an encoded '/' (%2F): '${arg}'.`);
    if (s === '.' || s === '..') throw bad(`'.' and '..' are not allowed in a remote URL: '${arg}'.`);
    segments.push(s);
  }
  // A trailing slash stays: transfers read it ("into this folder"), everything else normalises it away.
  return '/' + segments.join('/') + (segments.length > 0 && raw.endsWith('/') ? '/' : '');
}

/** How a location reads back, for messages and --json results: the URL form for Gen2, the path for Gen1. */
export function displayLocation(loc: Gen2Location, path = loc.path): string {
  const host = loc.endpoint ? new URL(loc.endpoint).host : loc.account;
  const prefix = loc.endpoint && new URL(loc.endpoint).pathname.length > 1 ? `/${loc.account}` : '';
  return `${loc.scheme}://${loc.fileSystem}@${host}${prefix}${path === '/' ? '/' : encodePath(path)}`;
}

function encodePath(path: string): string {
  return path.split('/').map((s) => encodeURIComponent(s)).join('/');
}
