import type { AccountRecord } from '../../accounts/registry.js';
import type { ArmRequest, Handler, ManagementState } from '../api.js';
import { accountResourceId, storedProperties } from '../account-model.js';
import { buildChild, CHILD_KINDS, renderChild, sameName, type ChildKind, type StoredChild } from '../children.js';
import { armErrors } from '../errors.js';
import { page } from '../paging.js';
import { requireAccount } from './accounts.js';

/**
 * Firewall rules, virtual network rules and trusted identity providers (management-api.md §6). Not LROs.
 * They live inside the account's stored properties, so the data plane sees firewall changes at once.
 */

interface Target { account: AccountRecord; kind: ChildKind; items: StoredChild[]; id: string }

function target(state: ManagementState, req: ArmRequest): Target {
  const account = requireAccount(state, req);
  const kind = CHILD_KINDS[req.params.collection.toLowerCase()];
  const items = storedProperties(account.properties)[kind.collection];
  return { account, kind, items, id: accountResourceId(account, account.resourceGroup) };
}

function save(state: ManagementState, t: Target, items: StoredChild[]): void {
  const properties = { ...storedProperties(t.account.properties), [t.kind.collection]: items };
  state.core.accounts.update(t.account.name, { properties }, state.core.options.now());
}

const find = (t: Target, name: string) => t.items.find((c) => sameName(c.name, name));

export const listChildren: Handler = (state, req) => {
  const t = target(state, req);
  req.reply.json(200, page(req, t.items, (c) => renderChild(t.kind, t.id, c)));
};

export const getChild: Handler = (state, req) => {
  const t = target(state, req);
  const c = find(t, req.params.child);
  if (!c) throw armErrors.childNotFound(t.kind.label, req.params.child, t.account.name);
  req.reply.json(200, renderChild(t.kind, t.id, c));
};

/** HEAD by id: 204 when present, 404 when absent. */
export const childExists: Handler = (state, req) => req.reply.empty(find(target(state, req), req.params.child) ? 204 : 404);

/** PUT replaces the child (all properties required). */
export const putChild: Handler = async (state, req) => {
  const t = target(state, req);
  const body = await req.body();
  const existing = find(t, req.params.child);
  const child = buildChild(t.kind, req.params.child, body.properties, undefined);
  if (existing) child.name = existing.name;
  save(state, t, existing ? t.items.map((c) => (c === existing ? child : c)) : [...t.items, child]);
  req.reply.json(200, renderChild(t.kind, t.id, child));
};

/** PATCH merges the given properties into an existing child. */
export const patchChild: Handler = async (state, req) => {
  const t = target(state, req);
  const existing = find(t, req.params.child);
  if (!existing) throw armErrors.childNotFound(t.kind.label, req.params.child, t.account.name);
  const body = await req.body();
  const child = buildChild(t.kind, req.params.child, body.properties, existing);
  save(state, t, t.items.map((c) => (c === existing ? child : c)));
  req.reply.json(200, renderChild(t.kind, t.id, child));
};

export const deleteChild: Handler = (state, req) => {
  const t = target(state, req);
  const existing = find(t, req.params.child);
  if (!existing) return req.reply.empty(204);
  save(state, t, t.items.filter((c) => c !== existing));
  req.reply.empty(200);
};
