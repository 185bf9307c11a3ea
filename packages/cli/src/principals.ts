// Turns the user names people type (`bob`, `bob@contoso.com`, an object id) into principals the data plane
// accepts. Gen1 takes object ids and UPNs in SETOWNER and aclSpec qualifiers; a short name ("bob") means
// nothing to it, so the CLI resolves it against the emulator's directory, or refuses it on Azure.
import { formatAclEntry, parseAclEntry } from 'adls-gen1';
import { CliError, EXIT } from './exit.js';

/** A directory user as the emulator's /_emulator/info lists it. */
export interface DirectoryUser {
  username: string;
  oid: string;
}

/** Maps one principal name to what the service accepts; throws a CliError (exit 2) naming the fix otherwise. */
export type PrincipalResolver = (name: string) => string;

const GUID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/** True for names the service takes as they are: object ids, and UPNs when no directory is known. */
export const isObjectId = (name: string) => GUID.test(name);

/**
 * `directory`: the emulator's users (resolution by UPN or by the part before '@', when unique), or undefined
 * for Azure, where the CLI cannot look names up: object ids and UPNs pass, short names are refused.
 */
export function principalResolver(directory: DirectoryUser[] | undefined): PrincipalResolver {
  return (name) => {
    if (isObjectId(name)) return name;
    if (!directory) {
      if (name.includes('@')) return name;
      throw new CliError(`'${name}' is not an object id or a user principal name: give the object id (GUID) or the full UPN, e.g. ${name}@contoso.onmicrosoft.com.`, EXIT.BAD_INPUT);
    }
    const lower = name.toLowerCase();
    const exact = directory.find((u) => u.username.toLowerCase() === lower);
    if (exact) return exact.oid;
    const short = directory.filter((u) => u.username.toLowerCase().split('@')[0] === lower);
    if (short.length === 1) return short[0].oid;
    if (short.length > 1) {
      throw new CliError(`'${name}' matches several users (${short.map((u) => u.username).join(', ')}): give the full user principal name.`, EXIT.BAD_INPUT);
    }
    throw new CliError(`No user '${name}' in the directory: give an object id (GUID) or a user principal name ('adls emulator user list' lists the users).`, EXIT.BAD_INPUT);
  };
}

/** The owner/group principal names of an aclSpec, resolved; the rest of each entry is kept. */
export function resolveAclSpec(spec: string, resolve: PrincipalResolver): string {
  return spec.split(',').filter((s) => s.trim() !== '').map((text) => {
    const e = parseAclEntry(text);
    return formatAclEntry(e.id && (e.type === 'user' || e.type === 'group') ? { ...e, id: resolve(e.id) } : e);
  }).join(',');
}

/** For display: an object id as its user's UPN when the directory knows it. */
export function displayName(directory: DirectoryUser[] | undefined, id: string): string {
  return directory?.find((u) => u.oid.toLowerCase() === id.toLowerCase())?.username ?? id;
}
