import type { AccountRecord } from '../../accounts/registry.js';
import type { ArmRequest, Handler, ManagementState } from '../api.js';
import { applyUpdate, newIdentity, parseCreate } from '../account-body.js';
import { renderAccount, renderAccountBasic, storedProperties } from '../account-model.js';
import { dataPlaneSuffixFor } from '../../proxy/public-hosts.js';
import { armErrors } from '../errors.js';
import { RETRY_AFTER } from '../lro.js';
import { page } from '../paging.js';
import { requireGroup } from './groups.js';

/** Data Lake Store accounts (Microsoft.DataLakeStore/accounts, management-api.md §5). */

export const ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
const BUSY = new Set(['Creating', 'Deleting']);

const inPlace = (a: AccountRecord, s: string, rg: string) =>
  a.subscriptionId.toLowerCase() === s.toLowerCase() && a.resourceGroup.toLowerCase() === rg.toLowerCase();

/** The account named in the path, inside the path's group; 404 ResourceGroupNotFound / ResourceNotFound otherwise. */
export function requireAccount(state: ManagementState, req: ArmRequest): AccountRecord {
  const g = requireGroup(state, req);
  const a = state.core.accounts.get(req.params.a);
  if (!a || !inPlace(a, g.subscriptionId, g.name)) throw armErrors.accountNotFound(g.name, req.params.a);
  return a;
}

/** Account host suffix for `endpoint`: the public one when the client reached Resource Manager by its public name. */
const suffixFor = (state: ManagementState, req: { ctx: { hostName: string } }) => dataPlaneSuffixFor(req.ctx.hostName, state.core.options.dataPlaneSuffix);
const render = (state: ManagementState, req: { ctx: { hostName: string } }, a: AccountRecord) => renderAccount(a, a.resourceGroup, suffixFor(state, req));
/** Non-terminal answers carry Retry-After so pollers reading the resource itself do not fall back to 30 s. */
const retryIfBusy = (a: AccountRecord): Record<string, string> => (BUSY.has(a.provisioningState) ? { 'Retry-After': RETRY_AFTER } : {});

export const createAccount: Handler = async (state, req) => {
  const g = requireGroup(state, req);
  const name = req.params.a;
  if (!ACCOUNT_NAME.test(name)) throw armErrors.invalidAccountName(name);
  const body = await req.body();
  const parsed = parseCreate(body);
  const now = state.core.options.now();
  const existing = state.core.accounts.get(name);

  if (existing) {
    if (!inPlace(existing, g.subscriptionId, g.name)) throw armErrors.accountNameTaken(name);
    if (BUSY.has(existing.provisioningState)) throw armErrors.conflict(`The account '${name}' is ${existing.provisioningState.toLowerCase()}; retry when it has finished.`);
    // Re-PUT of the same account: create-or-replace of the mutable settings; accountId and creationTime stay.
    const { properties } = applyUpdate(body, storedProperties(existing.properties));
    const updated = state.core.accounts.update(name, { tags: parsed.tags ?? {}, properties: { ...properties } }, now)!;
    return req.reply.json(200, render(state, req, updated));
  }

  state.registrations.requireRegistered(g.subscriptionId, 'Microsoft.DataLakeStore');
  const tenantId = state.core.directory.subscription(g.subscriptionId)?.tenantId ?? req.principal.tid;
  const properties = { ...parsed.properties, ...(parsed.wantsIdentity ? { identity: newIdentity(tenantId) } : {}) };
  const mode = state.lro.mode;
  const account = state.core.accounts.insert({
    name, subscriptionId: g.subscriptionId, resourceGroup: g.name, location: parsed.location, ownerOid: req.principal.oid,
    provisioningState: mode === 'immediate' ? 'Succeeded' : 'Creating', tags: parsed.tags ?? {}, properties: { ...properties },
  }, now);

  if (mode === 'immediate') {
    const failure = state.lro.activate(name);
    if (failure) {
      await state.lro.destroy(name);
      return req.reply.json(500, { error: failure });
    }
    return req.reply.json(201, render(state, req, state.core.accounts.get(name)!));
  }
  const op = state.lro.start('account-create', { subscriptionId: g.subscriptionId, resourceGroup: g.name, account });
  const headers = mode === 'realistic' ? state.lro.accountHeaders(req.ctx.origin, op, account.location) : { 'Retry-After': RETRY_AFTER };
  req.reply.json(201, render(state, req, account), headers);
};

export const getAccount: Handler = (state, req) => {
  const a = requireAccount(state, req);
  req.reply.json(200, render(state, req, a), retryIfBusy(a));
};

/** HEAD by id: 204 when the account exists, 404 otherwise (every error of a HEAD loses its body). */
export const accountExists: Handler = (state, req) => {
  requireAccount(state, req);
  req.reply.empty(204);
};

/** A3: answered synchronously with 200 in every mode, as the real service did. */
export const updateAccount: Handler = async (state, req) => {
  const a = requireAccount(state, req);
  const body = await req.body();
  const { tags, properties } = applyUpdate(body, storedProperties(a.properties));
  if (BUSY.has(a.provisioningState)) throw armErrors.conflict(`The account '${a.name}' is ${a.provisioningState.toLowerCase()}; retry when it has finished.`);
  const updated = state.core.accounts.update(a.name, { ...(tags ? { tags } : {}), properties: { ...properties } }, state.core.options.now())!;
  req.reply.json(200, render(state, req, updated));
};

/** A4: 200 when deleted at once, 202 + status headers in realistic mode, 204 when there is no such account. */
export const deleteAccount: Handler = async (state, req) => {
  const g = requireGroup(state, req);
  const a = state.core.accounts.get(req.params.a);
  if (!a || !inPlace(a, g.subscriptionId, g.name)) return req.reply.empty(204);
  const pending = state.lro.ops.pendingForAccount(a.name);
  if (a.provisioningState === 'Deleting' && pending) {
    return req.reply.empty(202, state.lro.accountHeaders(req.ctx.origin, pending, a.location));
  }
  if (state.lro.mode !== 'realistic') {
    await state.lro.destroy(a.name);
    return req.reply.empty(200);
  }
  state.core.accounts.update(a.name, { provisioningState: 'Deleting' }, state.core.options.now());
  const op = state.lro.start('account-delete', { subscriptionId: g.subscriptionId, resourceGroup: g.name, account: a });
  req.reply.empty(202, state.lro.accountHeaders(req.ctx.origin, op, a.location));
};

export const listAccountsByGroup: Handler = (state, req) => {
  const g = requireGroup(state, req);
  const suffix = suffixFor(state, req);
  const accounts = state.core.accounts.list({ subscriptionId: g.subscriptionId, resourceGroup: g.name });
  req.reply.json(200, page(req, accounts, (a) => renderAccountBasic(a, a.resourceGroup, suffix)));
};

export const listAccounts: Handler = (state, req) => {
  const suffix = suffixFor(state, req);
  const accounts = state.core.accounts.list({ subscriptionId: req.params.s });
  req.reply.json(200, page(req, accounts, (a) => renderAccountBasic(a, a.resourceGroup, suffix)));
};

/** A8: marks user-managed key-vault encryption as provisioned; a no-op otherwise. 200, no body. */
export const enableKeyVault: Handler = (state, req) => {
  const a = requireAccount(state, req);
  const p = storedProperties(a.properties);
  if (p.encryptionConfig?.type === 'UserManaged' && p.encryptionProvisioningState !== 'Succeeded') {
    state.core.accounts.update(a.name, { properties: { ...p, encryptionProvisioningState: 'Succeeded' } }, state.core.options.now());
  }
  req.reply.empty(200);
};

/** A9: the status resource. 200 always for an operation the emulator issued. */
export const accountOperationStatus: Handler = (state, req) => {
  const op = state.lro.ops.get(req.params.op);
  if (!op || op.subscriptionId.toLowerCase() !== req.params.s.toLowerCase()) throw armErrors.operationNotFound(req.params.op);
  const running = op.status === 'InProgress';
  req.reply.json(200, { status: op.status, ...(op.error ? { error: op.error } : {}) }, running ? { 'Retry-After': RETRY_AFTER } : {});
};

/** A10: Location-style result. 202 while running; then 200 with the account, or 204 once it is gone. Never 404. */
export const accountOperationResult: Handler = (state, req) => {
  const seq = /^\d+$/.test(req.params.n) ? Number(req.params.n) : -1;
  const found = state.lro.ops.forAccount(req.params.a, seq);
  // Only an operation of this subscription and group: another subscription's account of the same name stays invisible.
  const op = found && found.subscriptionId.toLowerCase() === req.params.s.toLowerCase()
    && found.resourceGroup.toLowerCase() === req.params.rg.toLowerCase() ? found : undefined;
  if (op?.status === 'InProgress') {
    return req.reply.empty(202, { Location: `${req.ctx.origin}${req.path}${req.ctx.url.search}`, 'Retry-After': RETRY_AFTER });
  }
  const a = state.core.accounts.get(req.params.a);
  if (a && inPlace(a, req.params.s, req.params.rg)) return req.reply.json(200, render(state, req, a));
  req.reply.empty(204);
};

/** A7: name rules (§5.1) and global uniqueness. */
export const checkNameAvailability: Handler = async (state, req) => {
  const body = await req.body();
  const name = body.name;
  const type = body.type;
  if (typeof name !== 'string') throw armErrors.invalidContent("'name' is required and must be a string.");
  if (type !== undefined && (typeof type !== 'string' || type.toLowerCase() !== 'microsoft.datalakestore/accounts')) {
    throw armErrors.invalidContent("'type' must be 'Microsoft.DataLakeStore/accounts'.");
  }
  if (!ACCOUNT_NAME.test(name)) {
    return req.reply.json(200, { nameAvailable: false, reason: 'InvalidName', message: armErrors.invalidAccountName(name).message });
  }
  if (state.core.accounts.get(name)) {
    return req.reply.json(200, { nameAvailable: false, reason: 'AlreadyExists', message: `An account named '${name}' already exists.` });
  }
  req.reply.json(200, { nameAvailable: true });
};
