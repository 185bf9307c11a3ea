import { ipv4ToNumber } from '../accounts/ipv4.js';
import { armErrors } from './errors.js';

/** A child resource as stored inside the account's `properties` (flat: the data plane reads firewall rules this way). */
export type StoredChild = { name: string } & Record<string, string>;

/** The three child collections of an account (management-api.md §6), keyed by lower-case path segment. */
export interface ChildKind {
  /** Property name in the account and path segment, as ARM spells it. */
  collection: 'firewallRules' | 'virtualNetworkRules' | 'trustedIdProviders';
  type: string;
  label: string;
  fields: readonly string[];
  /** Throws InvalidRequestContent when the (complete) properties are not acceptable. */
  check(props: Record<string, string>): void;
}

/** Firewall rules are IPv4 ranges (the data plane matches IPv4 callers only; Gen1 has no IPv6 rules). */
const checkFirewall = (p: Record<string, string>) => {
  const a = ipv4ToNumber(p.startIpAddress);
  const b = ipv4ToNumber(p.endIpAddress);
  if (a === undefined || b === undefined) throw armErrors.invalidContent('startIpAddress and endIpAddress must be IPv4 addresses.');
  if (a > b) throw armErrors.invalidContent('startIpAddress must not be greater than endIpAddress.');
};

export const CHILD_KINDS: Record<string, ChildKind> = {
  firewallrules: {
    collection: 'firewallRules', type: 'Microsoft.DataLakeStore/accounts/firewallRules', label: 'firewall rule',
    fields: ['startIpAddress', 'endIpAddress'], check: checkFirewall,
  },
  virtualnetworkrules: {
    collection: 'virtualNetworkRules', type: 'Microsoft.DataLakeStore/accounts/virtualNetworkRules', label: 'virtual network rule',
    fields: ['subnetId'], check: () => {},
  },
  trustedidproviders: {
    collection: 'trustedIdProviders', type: 'Microsoft.DataLakeStore/accounts/trustedIdProviders', label: 'trusted identity provider',
    fields: ['idProvider'],
    check: (p) => {
      if (!URL.canParse(p.idProvider)) throw armErrors.invalidContent('idProvider must be an absolute URL.');
    },
  },
};

export const kindOf = (collection: ChildKind['collection']): ChildKind =>
  CHILD_KINDS[collection.toLowerCase()];

/** Child names used by public tooling for firewall rules; applied to all three collections. */
export const CHILD_NAME = /^[-_a-zA-Z0-9]{3,50}$/;

export function checkChildName(name: string): void {
  if (!CHILD_NAME.test(name)) throw armErrors.invalidChildName(name);
}

/**
 * Merges `props` (a full or partial properties object from a request) over `existing` and validates the
 * result: every field must end up a string. Throws InvalidRequestContent otherwise.
 */
export function buildChild(kind: ChildKind, name: string, props: unknown, existing: StoredChild | undefined): StoredChild {
  checkChildName(name);
  if (props !== undefined && (props === null || typeof props !== 'object' || Array.isArray(props))) {
    throw armErrors.invalidContent(`'properties' of ${kind.label} '${name}' must be an object.`);
  }
  const given = (props ?? {}) as Record<string, unknown>;
  const out: StoredChild = { name: existing?.name ?? name };
  for (const f of kind.fields) {
    const v = given[f] ?? existing?.[f];
    if (typeof v !== 'string' || v === '') throw armErrors.invalidContent(`'properties.${f}' of ${kind.label} '${name}' is required and must be a string.`);
    out[f] = v;
  }
  kind.check(out);
  return out;
}

/** The ARM shape of a child: `{id, name, type, properties}`. */
export function renderChild(kind: ChildKind, accountId: string, c: StoredChild): Record<string, unknown> {
  const properties: Record<string, string> = {};
  for (const f of kind.fields) properties[f] = c[f];
  return { id: `${accountId}/${kind.collection}/${c.name}`, name: c.name, type: kind.type, properties };
}

export const sameName = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();
