import type { AclEntry } from '../store/acl.js';
import { checkDeleteCondition } from './file-context.js';
import { parseAclSpec } from './aclspec.js';
import type { Handler, OpContext } from './op-context.js';
import { parseValuePath } from './paths.js';
import { illegalArgument, invalidParam } from './remote-error.js';

export const mkdirs: Handler = (c) => {
  c.deps.store.mkdirs(c.account, c.path, c.caller, c.params.permission());
  c.reply.json(200, { boolean: true });
};

export const remove: Handler = (c) => {
  checkDeleteCondition(c);
  const done = c.deps.store.delete(c.account, c.path, c.caller, c.params.bool('recursive', false));
  c.reply.json(200, { boolean: done });
};

export const rename: Handler = (c) => {
  const dest = parseValuePath(c.params.get('destination') ?? '');
  const overwrite = c.params.choice('renameoptions', ['OVERWRITE', 'NONE'] as const) === 'OVERWRITE';
  const done = c.deps.store.rename(c.account, c.path, dest, c.caller, overwrite);
  c.reply.json(200, { boolean: done });
};

export const setPermission: Handler = (c) => {
  c.deps.store.setPermission(c.account, c.path, c.caller, c.params.permission()!);
  c.reply.empty(200);
};

const OBJECT_ID = /^[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}$/i;

/**
 * An owner/group/ACL qualifier is an object id or a UPN (filesystem-api §6.4): a UPN of the directory becomes
 * its object id; any other name ("bob", an unknown UPN) would match no one, so it is refused.
 */
function principalId(c: OpContext, name: string, value: string): string {
  if (value.length > 256 || [...value].some((ch) => ch < ' ' || ch === ',' || ch === ':')) throw invalidParam(name, value.slice(0, 100));
  if (OBJECT_ID.test(value)) return value.toLowerCase(); // tokens carry lower-case oids: an upper-case owner would match no one
  const user = value.includes('@') ? c.deps.directory.userByUpn(value) : undefined;
  if (!user) throw illegalArgument(`Invalid value for webhdfs parameter "${name}": '${value.slice(0, 100)}' is neither an object id nor the user principal name of a user in the directory`);
  return user.oid;
}

export const setOwner: Handler = (c) => {
  const owner = c.params.get('owner') || undefined;
  const group = c.params.get('group') || undefined;
  c.deps.store.setOwner(c.account, c.path, c.caller, owner && principalId(c, 'owner', owner), group && principalId(c, 'group', group));
  c.reply.empty(200);
};

const spec = (c: OpContext, withPerm: boolean): AclEntry[] =>
  parseAclSpec(c.params.get('aclspec') ?? '', withPerm).map((e) => (e.name ? { ...e, name: principalId(c, 'aclspec', e.name) } : e));

export const setAcl: Handler = (c) => { c.deps.store.setAcl(c.account, c.path, c.caller, spec(c, true)); c.reply.empty(200); };
export const modifyAclEntries: Handler = (c) => { c.deps.store.modifyAclEntries(c.account, c.path, c.caller, spec(c, true)); c.reply.empty(200); };
export const removeAclEntries: Handler = (c) => { c.deps.store.removeAclEntries(c.account, c.path, c.caller, spec(c, false)); c.reply.empty(200); };
export const removeDefaultAcl: Handler = (c) => { c.deps.store.removeDefaultAcl(c.account, c.path, c.caller); c.reply.empty(200); };
export const removeAcl: Handler = (c) => { c.deps.store.removeAcl(c.account, c.path, c.caller); c.reply.empty(200); };

const EXPIRY_OPTIONS = ['NeverExpire', 'RelativeToNow', 'RelativeToCreationDate', 'Absolute'] as const;

/** SETEXPIRY (§5.17): the resulting msExpirationTime per option; directories are refused by the store. */
export const setExpiry: Handler = (c) => {
  const option = c.params.choice('expiryoption', EXPIRY_OPTIONS)!;
  const time = c.params.int('expiretime');
  if (option !== 'NeverExpire' && time === undefined) throw illegalArgument(`expireTime is required for expiryOption ${option}`);
  const now = c.deps.now();
  c.deps.store.setExpiry(c.account, c.path, c.caller, (node) => {
    switch (option) {
      case 'NeverExpire': return 0;
      case 'RelativeToNow': return now + time!;
      case 'RelativeToCreationDate': return node.ctime + time!;
      case 'Absolute': return time!;
    }
  });
  c.reply.empty(200);
};

/** SETTIMES: -1 or absent leaves a time unchanged. */
export const setTimes: Handler = (c) => {
  const m = c.params.int('modificationtime', -1), a = c.params.int('accesstime', -1);
  c.deps.store.setTimes(c.account, c.path, c.caller, m === undefined || m < 0 ? undefined : m, a === undefined || a < 0 ? undefined : a);
  c.reply.empty(200);
};
