// `adls fs …`: filesystem commands over the SDK's DataLakeFileSystemClient (put/get live in transfer.ts).
import type { Command } from 'commander';
import type { Writable } from 'node:stream';
import { pipeline } from 'node:stream/promises';
import { AdlsError, formatAclEntry, formatAclSpec, parseAclEntry, validatePermission, type ExpiryOption, type FileStatus } from 'adls-gen1';
import { resolveTarget, type GlobalOptions } from '../context.js';
import type { FsBackend } from '../fs-backend.js';
import { gen2AuthOptions } from '../gen2/connect.js';
import { openBackend, resolveRemoteArgs } from '../remote-args.js';
import type { RemoteLocation } from '../remote-path.js';
import { CliError, EXIT } from '../exit.js';
import { humanBytes, jsonText, table } from '../output.js';
import { aclAll, contentObject, longRow, statAll, statValue } from './fs-output.js';
import { displayName, isObjectId, principalResolver, resolveAclSpec, type DirectoryUser, type PrincipalResolver } from '../principals.js';

/** Seams for in-process tests: how a command gets its client, where it writes, and who the directory knows. */
export interface FsCommandDeps {
  /** `location`: the account or Gen2 file system the command's URL arguments name (none: the current account). */
  clientFor(cmd: Command, location?: RemoteLocation): Promise<FsBackend>;
  stdout: Writable;
  /** The target's directory users (the emulator's), or undefined when the CLI cannot look names up (Azure). */
  directoryFor?(cmd: Command): Promise<DirectoryUser[] | undefined>;
}

const defaultDeps: FsCommandDeps = {
  clientFor: (cmd, location) => openBackend(cmd, location),
  stdout: process.stdout,
  directoryFor: async (cmd) => (await resolveTarget(cmd.optsWithGlobals() as GlobalOptions)).directoryUsers,
};

type Opts = Record<string, any>;

/** Files have no default ACL: a recursive ACL change applies only the access entries to them. */
const withoutDefaultEntries = (spec: string) => spec.split(',').filter((e) => !e.trim().startsWith('default:')).join(',');
type Action = (fs: FsBackend, args: string[], opts: Opts, out: Writable, command: Command) => Promise<unknown>;

export function registerFsCommands(program: Command, deps: FsCommandDeps = defaultDeps): void {
  /** Adds --account, and runs the action with a client that is closed afterwards. */
  const cmd = (parent: Command, spec: string, description: string) =>
    gen2AuthOptions(parent.command(spec).description(description).option('--account <name>', 'Data Lake Store account (default: the target\'s default account)'));
  /** `validate` checks the arguments before any sign-in or request, so bad input fails fast with exit 2. */
  const run = (action: Action, validate?: (args: string[], opts: Opts) => void) => async (...params: unknown[]) => {
    const command = params[params.length - 1] as Command;
    const given = (params.slice(0, -2) as (string | string[] | undefined)[]).flatMap((a) => (a === undefined ? [] : Array.isArray(a) ? a : [a]));
    // adl:// and abfss:// arguments pick the backend; the action sees plain paths inside it.
    const { args, location } = resolveRemoteArgs(given);
    validate?.(args, command.opts());
    const fs = await deps.clientFor(command, location);
    try {
      await action(fs, args, command.opts(), deps.stdout, command);
    } finally {
      await fs.close();
    }
  };
  /** A resolver for the names people type; the directory is only fetched when some name is not an object id. */
  const principals = async (command: Command, names: (string | undefined)[]): Promise<PrincipalResolver> => {
    if (names.every((n) => !n || isObjectId(n))) return (n) => n;
    return principalResolver(await deps.directoryFor?.(command));
  };
  const aclNames = (spec: string) => spec.split(',').filter((x) => x.trim()).map((x) => parseAclEntry(x).id);
  const print = (out: Writable, text: string) => { if (text) out.write(text.endsWith('\n') ? text : text + '\n'); };
  const printJson = (out: Writable, v: unknown) => { out.write(jsonText(v)); };

  cmd(program, 'ls [path]', 'list a directory (a file lists as itself)')
    .option('-l, --long', 'type, permission, owner, group, size, modification time')
    .option('-n, --numeric-ids', 'owners and groups as object ids (default in text: user principal names)')
    .option('-r, --recursive', 'list everything below the path')
    .option('--json', 'print FileStatus objects as JSON (owners and groups as object ids)')
    .action(run(async (fs, [path = '/'], o, out) => {
      const entries: FileStatus[] = [];
      const names = { tooId: o.json || o.numericIds ? undefined : false };
      if (o.recursive) for await (const s of fs.walk(path, { includeDirectories: true, ...names })) entries.push(s);
      else entries.push(...(await fs.ls(path, names)));
      if (o.json) return printJson(out, entries);
      print(out, o.long ? table(entries.map(longRow)) : entries.map((s) => s.path).join('\n'));
    }));

  cmd(program, 'stat <path>', 'show a file\'s or directory\'s status')
    .option('-n, --numeric-ids', 'owner and group as object ids (default in text: user principal names)')
    .option('--json', 'print JSON (owner and group as object ids)')
    .action(run(async (fs, [path], o, out) => {
      const s = await fs.stat(path, { tooId: o.json || o.numericIds ? undefined : false });
      if (o.json) return printJson(out, s);
      print(out, table(Object.entries(s).map(([k, v]) => [k, statValue(k, v)])));
    }));

  cmd(program, 'mkdir <paths...>', 'create directories (with missing parents)')
    .option('-m, --permission <octal>', 'permission, e.g. 750')
    .option('--json', 'print the created directories\' FileStatus objects')
    .action(run(async (fs, paths, o, out) => {
      for (const p of paths) await fs.mkdir(p, { permission: o.permission });
      if (o.json) printJson(out, await statAll(fs, paths));
    }, (_args, o) => { if (o.permission !== undefined) validatePermission(o.permission); }));

  cmd(program, 'cat <path>', 'write a file to stdout')
    .option('--json', 'print {path, length, encoding, content} instead (UTF-8 text, else base64)')
    .action(run(async (fs, [path], o, out) => {
      if (o.json) return printJson(out, contentObject(path, Buffer.concat(await (await fs.cat(path)).toArray())));
      await pipeline(await fs.cat(path), out, { end: false });
    }));

  for (const [name, method] of [['head', 'head'], ['tail', 'tail']] as const) {
    cmd(program, `${name} <path>`, `write the ${name === 'head' ? 'first' : 'last'} bytes of a file to stdout`)
      .option('-c, --bytes <n>', 'how many bytes', '1024')
      .option('--json', 'print {path, length, encoding, content} instead (UTF-8 text, else base64)')
      .action(run(async (fs, [path], o, out) => {
        const bytes = await fs[method](path, { bytes: count(o.bytes, '--bytes') });
        if (o.json) return printJson(out, contentObject(path, bytes));
        out.write(bytes);
      }, (_a, o) => { count(o.bytes, '--bytes'); }));
  }

  cmd(program, 'rm <paths...>', 'delete files or directories')
    .option('-r, --recursive', 'delete directories with their content')
    .option('--json', 'print {deleted: [paths]}')
    .action(run(async (fs, paths, o, out) => {
      const deleted: string[] = [];
      for (const p of paths) {
        try {
          await fs.rm(p, { recursive: o.recursive === true });
          deleted.push(p);
        } catch (e) {
          // Like `fs get <dir>` without -r: the command line must change, so bad input (2), not "already exists".
          if (e instanceof AdlsError && e.code === 'DIRECTORY_NOT_EMPTY') {
            throw new CliError(`${p} is a directory that is not empty: pass -r to delete it with everything in it.`, EXIT.BAD_INPUT);
          }
          throw e;
        }
      }
      if (o.json) printJson(out, { deleted });
    }));

  cmd(program, 'mv <src> <dst>', 'rename or move (into an existing directory)')
    .option('-f, --overwrite', 'replace an existing destination file')
    .option('--json', 'print {source, destination}')
    .action(run(async (fs, [src, dst], o, out) => {
      await fs.mv(src, dst, { overwrite: o.overwrite === true });
      if (o.json) printJson(out, { source: src, destination: dst });
    }));

  cmd(program, 'touch <paths...>', 'create empty files, or update modification times')
    .option('--json', 'print the files\' FileStatus objects')
    .action(run(async (fs, paths, o, out) => {
      for (const p of paths) await fs.touch(p);
      if (o.json) printJson(out, await statAll(fs, paths));
    }));

  cmd(program, 'chmod <mode> <path>', 'set the permission, e.g. 750')
    .option('-r, --recursive', 'also everything below the path')
    .option('--json', 'print the changed items\' FileStatus objects')
    .action(run(async (fs, [mode, path], o, out) => {
      const changed = await targets(fs, path, o.recursive);
      for (const p of changed) await fs.chmod(p.path, mode);
      if (o.json) printJson(out, await statAll(fs, changed.map((c) => c.path)));
    }, ([mode]) => { validatePermission(mode); }));

  cmd(program, 'chown <owner[:group]> <path>', 'set owner and/or group (object id, UPN, or on the emulator a user name); ":group" sets only the group')
    .option('-r, --recursive', 'also everything below the path')
    .option('--json', 'print the changed items\' FileStatus objects')
    .action(run(async (fs, [spec, path], o, out, command) => {
      const [ownerName, groupName] = spec.split(':');
      const resolve = await principals(command, [ownerName, groupName]);
      const owner = ownerName ? resolve(ownerName) : undefined;
      const group = groupName ? resolve(groupName) : undefined;
      const changed = await targets(fs, path, o.recursive);
      for (const p of changed) await fs.chown(p.path, { owner, group });
      if (o.json) printJson(out, await statAll(fs, changed.map((c) => c.path)));
    }, ([spec]) => {
      if (!spec.split(':').some(Boolean)) throw new CliError('chown needs an owner, ":group" or "owner:group".', EXIT.BAD_INPUT);
    }));

  const acl = program.command('acl').description('access control lists');
  cmd(acl, 'get <path>', 'show the ACL (base entries included)')
    .option('-n, --numeric-ids', 'principals as object ids (default in text: user principal names where known)')
    .option('--json', 'print JSON (principals as object ids)')
    .action(run(async (fs, [path], o, out, command) => {
      const friendly = !o.json && !o.numericIds;
      const a = await fs.getAclStatus(path, { tooId: friendly ? false : undefined });
      if (o.json) return printJson(out, a);
      let entries = a.entries;
      if (friendly && entries.some((e) => parseAclEntry(e).id)) {
        // The service names the owner and group (tooId=false); entries keep ids, named here when the directory knows them.
        const directory = await deps.directoryFor?.(command);
        entries = entries.map((e) => { const p = parseAclEntry(e); return p.id ? formatAclEntry({ ...p, id: displayName(directory, p.id) }) : e; });
      }
      print(out, [`# owner: ${a.owner}`, `# group: ${a.group}`, `# permission: ${a.permission}${a.stickyBit ? ' (sticky)' : ''}`, ...entries].join('\n'));
    }));
  const aclChange = (name: string, description: string, apply: (fs: FsBackend, path: string, spec: string) => Promise<void>) =>
    cmd(acl, `${name} <path> <aclSpec>`, description)
      .option('-r, --recursive', 'also everything below the path (default: entries are skipped for files)')
      .option('--json', 'print the resulting ACL of each changed item')
      .action(run(async (fs, [path, given], o, out, command) => {
        const spec = resolveAclSpec(given, await principals(command, aclNames(given)));
        const changed = await targets(fs, path, o.recursive);
        for (const s of changed) {
          const forFile = s.type === 'FILE' && o.recursive ? withoutDefaultEntries(spec) : spec;
          if (forFile) await apply(fs, s.path, forFile);
        }
        if (o.json) printJson(out, await aclAll(fs, changed));
      }, ([, spec]) => { formatAclSpec(spec); }));
  aclChange('set', 'replace the whole ACL, e.g. user::rwx,group::r-x,other::---', (fs, p, s) => fs.setAcl(p, s));
  aclChange('modify', 'add or update entries, e.g. user:<oid or UPN>:r-x (on the emulator also user:<name>)', (fs, p, s) => fs.modifyAclEntries(p, s));
  cmd(acl, 'remove <path> [aclSpec]', 'remove entries (e.g. user:<oid or UPN>), or --all / --default')
    .option('--all', 'remove every named entry and the mask (REMOVEACL)')
    .option('--default', 'remove the default ACL (REMOVEDEFAULTACL)')
    .option('-r, --recursive', 'also everything below the path')
    .option('--json', 'print the resulting ACL of each changed item')
    .action(run(async (fs, [path, given], o, out, command) => {
      const spec = given === undefined ? undefined : resolveAclSpec(given, await principals(command, aclNames(given)));
      const changed = await targets(fs, path, o.recursive);
      for (const s of changed) {
        if (o.all) await fs.removeAcl(s.path);
        else if (o.default) { if (s.type === 'DIRECTORY' || !o.recursive) await fs.removeDefaultAcl(s.path); }
        else if (spec !== undefined) {
          const forFile = s.type === 'FILE' && o.recursive ? withoutDefaultEntries(spec) : spec;
          if (forFile) await fs.removeAclEntries(s.path, forFile);
        }
      }
      if (o.json) printJson(out, await aclAll(fs, changed));
    }, ([, spec], o) => {
      if ([o.all, o.default, spec !== undefined].filter(Boolean).length !== 1) {
        throw new CliError('Give exactly one of: an aclSpec, --all, --default.', EXIT.BAD_INPUT);
      }
    }));

  cmd(program, 'du [path]', 'disk usage: size of each entry below the path, and the total')
    .option('-s, --summarize', 'only the total')
    .option('-H, --human', 'sizes in KiB/MiB/GiB')
    .option('--json', 'print JSON')
    .action(run(async (fs, [path = '/'], o, out) => {
      const u = await fs.du(path);
      if (o.json) return printJson(out, u);
      const size = (n: number) => (o.human ? humanBytes(n) : String(n));
      const rows = o.summarize ? [] : u.children.map((c) => [size(c.length), c.path]);
      rows.push([size(u.length), `${u.path} (total: ${u.fileCount} files, ${u.directoryCount} directories)`]);
      print(out, table(rows));
    }));

  cmd(program, 'concat <target> <sources...>', 'join files in order into target (the sources are removed)')
    .option('--delete-source-dir', 'also delete the directory holding the sources (all of it)')
    .option('--json', 'print the target\'s FileStatus')
    .action(run(async (fs, [target, ...sources], o, out) => {
      await fs.concat(target, sources, { deleteSourceDirectory: o.deleteSourceDir === true });
      if (o.json) printJson(out, await fs.stat(target));
    }));

  cmd(program, 'expiry <path> <option> [time]',
    'set a file\'s expiry: never | absolute <ISO date or epoch ms> | relative <ms from now> | relative-to-creation <ms>')
    .option('--json', 'print the file\'s FileStatus (msExpirationTime: when it expires, null for never)')
    .action(run(async (fs, [path, option, time], o, out) => {
      const [opt, ms] = expiryArgs(option, time);
      await fs.setExpiry(path, opt, ms);
      if (o.json) printJson(out, await fs.stat(path));
    }, ([, option, time]) => { expiryArgs(option, time); }));
}

/** The path itself, plus everything below it with `recursive`. */
async function targets(fs: FsBackend, path: string, recursive: boolean | undefined): Promise<FileStatus[]> {
  const root = await fs.stat(path);
  const out = [root];
  if (recursive && root.type === 'DIRECTORY') for await (const s of fs.walk(root.path, { includeDirectories: true })) out.push(s);
  return out;
}

function count(v: string, flag: string): number {
  const n = Number(v);
  if (!Number.isInteger(n) || n < 0) throw new CliError(`${flag} must be a non-negative integer (got '${v}').`, EXIT.BAD_INPUT);
  return n;
}

const EXPIRY_ALIASES: Record<string, ExpiryOption> = {
  never: 'NeverExpire', neverexpire: 'NeverExpire',
  absolute: 'Absolute',
  relative: 'RelativeToNow', relativetonow: 'RelativeToNow',
  'relative-to-creation': 'RelativeToCreationDate', relativetocreationdate: 'RelativeToCreationDate',
};

function expiryArgs(option: string, time: string | undefined): [ExpiryOption, number | undefined] {
  const opt = EXPIRY_ALIASES[option.toLowerCase()];
  if (!opt) throw new CliError(`Unknown expiry option '${option}': use never, absolute, relative or relative-to-creation.`, EXIT.BAD_INPUT);
  if (opt === 'NeverExpire') return [opt, undefined];
  if (time === undefined) throw new CliError(`Expiry '${option}' needs a time.`, EXIT.BAD_INPUT);
  if (/^\d+$/.test(time)) return [opt, Number(time)];
  const parsed = opt === 'Absolute' ? Date.parse(time) : NaN;
  if (Number.isNaN(parsed)) throw new CliError(`Not a time: '${time}' (ms${opt === 'Absolute' ? ' since the epoch, or an ISO date' : ''}).`, EXIT.BAD_INPUT);
  return [opt, parsed];
}
