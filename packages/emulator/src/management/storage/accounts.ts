import type { StorageAccountRecord } from '../../storage-accounts/registry.js';
import type { ArmRequest, Handler, ManagementState } from '../api.js';
import { armErrors } from '../errors.js';
import { requireGroup } from '../handlers/groups.js';
import { RETRY_AFTER } from '../lro.js';
import { page } from '../paging.js';
import { normaliseLocation } from '../validate.js';
import { parseCreateStorage, parseUpdateStorage } from './body.js';
import { storageErrors } from './errors.js';
import { destroyStorageAccount, activateStorageAccount } from './lifecycle.js';
import { renderStorageAccount, storedStorageProperties, type EndpointBase } from './model.js';

/** Storage accounts (`Microsoft.Storage/storageAccounts`): create, get, list, update, delete, and the create operation. */

export const STORAGE_ACCOUNT_NAME = /^[a-z0-9]{3,24}$/;
const BUSY = new Set(['Creating', 'Deleting']);

const inPlace = (a: StorageAccountRecord, s: string, rg: string) =>
  a.subscriptionId.toLowerCase() === s.toLowerCase() && a.resourceGroup.toLowerCase() === rg.toLowerCase();

export const endpointBase = (state: ManagementState, req: ArmRequest): EndpointBase =>
  ({ managementHost: req.ctx.hostName, dataPlaneSuffix: state.core.options.dataPlaneSuffix, port: state.core.port() });

const render = (state: ManagementState, req: ArmRequest, a: StorageAccountRecord) => renderStorageAccount(a, endpointBase(state, req));

/** The account of the path inside the path's group, or `notFound` (ResourceGroupNotFound first when the group is missing). */
export function requireStorageAccount(state: ManagementState, req: ArmRequest, notFound = storageErrors.resourceNotFound): StorageAccountRecord {
  const g = requireGroup(state, req);
  const a = state.core.storageAccounts.get(req.params.a);
  if (!a || !inPlace(a, g.subscriptionId, g.name)) throw notFound(g.name, req.params.a);
  return a;
}

/** Where the client polls a create: the storage provider's `locations/{loc}/asyncoperations/{id}?monitor=true` form. */
const operationUrl = (req: ArmRequest, location: string, id: string) =>
  `${req.ctx.origin}/subscriptions/${req.params.s}/providers/Microsoft.Storage/locations/${location}/asyncoperations/${id}`
  + `?monitor=true&api-version=${encodeURIComponent(req.query.get('api-version') ?? '')}`;

/**
 * PUT. A new account is created as the service does it in `realistic` mode: 202 with an empty body, `Location`
 * and `Retry-After`; polling the Location gives 202 until the account is ready, then 200 with it. `immediate`
 * answers 200 with the ready account, `poll-resource` 201 with a Creating account whose GET settles later.
 * A PUT of an existing account of the same group updates its tags and settings (200, synchronous).
 */
export const createStorageAccount: Handler = async (state, req) => {
  const g = requireGroup(state, req);
  const name = req.params.a;
  if (!STORAGE_ACCOUNT_NAME.test(name)) throw storageErrors.invalidName(name);
  const parsed = parseCreateStorage(await req.body());
  const { core } = state;
  const now = core.options.now();
  const existing = core.storageAccounts.get(name);
  if (existing) {
    if (!inPlace(existing, g.subscriptionId, g.name)) throw storageErrors.nameTaken(name);
    if (existing.location !== parsed.location) throw storageErrors.locationChange(name, existing.resourceGroup, existing.location, parsed.location);
    if (BUSY.has(existing.provisioningState)) throw storageErrors.busy(name, existing.provisioningState);
    if (existing.isHnsEnabled !== parsed.isHnsEnabled) {
      throw storageErrors.invalidValue('The hierarchical namespace (isHnsEnabled) of an existing account cannot be changed by a create request.');
    }
    const properties = { ...storedStorageProperties(existing), ...parsed.settings };
    const updated = core.storageAccounts.update(name, { tags: parsed.tags, sku: parsed.sku, properties: { ...properties } }, now)!;
    return req.reply.json(200, render(state, req, updated));
  }

  state.registrations.requireRegistered(g.subscriptionId, 'Microsoft.Storage');
  const mode = state.lro.mode;
  core.storageAccounts.insert({
    name, subscriptionId: g.subscriptionId, resourceGroup: g.name, location: parsed.location, ownerOid: req.principal.oid,
    kind: parsed.kind, sku: parsed.sku, isHnsEnabled: parsed.isHnsEnabled, provisioningState: mode === 'immediate' ? 'Succeeded' : 'Creating',
    tags: parsed.tags, properties: { ...storedStorageProperties({ properties: parsed.settings, createdAt: now }) },
  }, now);
  if (mode === 'immediate') {
    const failure = activateStorageAccount(core, name);
    if (failure) {
      await destroyStorageAccount(core, name);
      return req.reply.json(500, { error: failure });
    }
    return req.reply.json(200, render(state, req, core.storageAccounts.get(name)!));
  }
  const op = state.lro.startStorageCreate({ subscriptionId: g.subscriptionId, resourceGroup: g.name, account: name });
  if (mode === 'realistic') {
    return req.reply.empty(202, { Location: operationUrl(req, parsed.location, op.id), 'Retry-After': RETRY_AFTER });
  }
  req.reply.json(201, render(state, req, core.storageAccounts.get(name)!), { 'Retry-After': RETRY_AFTER });
};

/** The Location of a create: 202 while running, then 200 with the account (204 when it is gone, 500 when it failed). */
export const storageOperationResult: Handler = (state, req) => {
  const op = state.lro.ops.get(req.params.op);
  if (!op || op.kind !== 'storage-account-create' || op.subscriptionId.toLowerCase() !== req.params.s.toLowerCase()) {
    throw armErrors.operationNotFound(req.params.op);
  }
  if (op.status === 'InProgress') {
    return req.reply.empty(202, { Location: `${req.ctx.origin}${req.path}${req.ctx.url.search}`, 'Retry-After': RETRY_AFTER });
  }
  if (op.status === 'Failed') return req.reply.json(500, { error: op.error ?? { code: 'InternalServerError', message: 'The operation failed.' } });
  const a = op.account ? state.core.storageAccounts.get(op.account) : undefined;
  if (!a || !inPlace(a, op.subscriptionId, op.resourceGroup)) return req.reply.empty(204);
  req.reply.json(200, render(state, req, a));
};

/** Pollers reading the resource itself while it is Creating keep to Retry-After. */
export const getStorageAccount: Handler = (state, req) => {
  const a = requireStorageAccount(state, req);
  req.reply.json(200, render(state, req, a), BUSY.has(a.provisioningState) ? { 'Retry-After': RETRY_AFTER } : {});
};

/** HEAD by id (what generic clients' existence checks send): 204 when the account exists, 404 otherwise. */
export const storageAccountExists: Handler = (state, req) => {
  requireStorageAccount(state, req);
  req.reply.empty(204);
};

/** Accounts per subscription and region, with the service's default limit (`az storage account show-usage`). */
export const STORAGE_ACCOUNT_LIMIT = 250;

export const storageUsages: Handler = (state, req) => {
  const loc = normaliseLocation(req.params.loc);
  const currentValue = state.core.storageAccounts.list({ subscriptionId: req.params.s }).filter((a) => a.location === loc).length;
  req.reply.json(200, { value: [{ unit: 'Count', currentValue, limit: STORAGE_ACCOUNT_LIMIT, name: { value: 'StorageAccounts', localizedValue: 'Storage Accounts' } }] });
};

/** PATCH: synchronous 200 with the account. */
export const updateStorageAccount: Handler = async (state, req) => {
  const a = requireStorageAccount(state, req);
  const patch = parseUpdateStorage(await req.body());
  if (BUSY.has(a.provisioningState)) throw storageErrors.busy(a.name, a.provisioningState);
  const properties = { ...storedStorageProperties(a), ...patch.settings };
  const updated = state.core.storageAccounts.update(a.name, {
    ...(patch.tags ? { tags: patch.tags } : {}), ...(patch.sku ? { sku: patch.sku } : {}), properties: { ...properties },
  }, state.core.options.now())!;
  req.reply.json(200, render(state, req, updated));
};

/** DELETE: synchronous, 200 when deleted, 204 when there was no such account; its file systems go with it. */
export const deleteStorageAccount: Handler = async (state, req) => {
  const g = requireGroup(state, req);
  const a = state.core.storageAccounts.get(req.params.a);
  if (!a || !inPlace(a, g.subscriptionId, g.name)) return req.reply.empty(204);
  await destroyStorageAccount(state.core, a.name);
  req.reply.empty(200);
};

const list = (state: ManagementState, req: ArmRequest, accounts: StorageAccountRecord[]) => {
  const base = endpointBase(state, req);
  req.reply.json(200, page(req, accounts, (a) => renderStorageAccount(a, base)));
};

export const listStorageAccounts: Handler = (state, req) => list(state, req, state.core.storageAccounts.list({ subscriptionId: req.params.s }));

export const listStorageAccountsByGroup: Handler = (state, req) => {
  const g = requireGroup(state, req);
  list(state, req, state.core.storageAccounts.list({ subscriptionId: g.subscriptionId, resourceGroup: g.name }));
};
