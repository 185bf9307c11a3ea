import { armErrors } from './errors.js';
import { normaliseLocation } from './validate.js';

/** What a generic-resources `$filter` can test. */
export interface FilterableResource {
  name: string;
  type: string;
  location: string;
  resourceGroup: string;
  tags: Record<string, string>;
}

type Predicate = (r: FilterableResource) => boolean;

const STRING = String.raw`'((?:[^']|'')*)'`;
const unquote = (s: string) => s.replace(/''/g, "'");
const same = (a: string, b: string) => a.toLowerCase() === b.toLowerCase();

/** Splits on ` and ` outside string literals. */
function conjuncts(filter: string): string[] {
  const out: string[] = [];
  let start = 0;
  let quoted = false;
  for (let i = 0; i < filter.length; i++) {
    if (filter[i] === "'") quoted = !quoted;
    else if (!quoted && /^\sand\s/i.test(filter.slice(i, i + 5))) {
      out.push(filter.slice(start, i));
      start = i + 5;
      i += 4;
    }
  }
  out.push(filter.slice(start));
  return out.map((c) => c.trim());
}

/**
 * Parses the `$filter` of `GET …/resources` (the subset Resource Manager documents: `resourceType eq`, `name eq`,
 * `substringof('x', name)`, `location eq`, `resourceGroup eq`, `tagName eq` optionally followed by `tagValue eq`,
 * joined with `and`). Anything else is 400 InvalidFilterInQueryString.
 */
export function parseResourceFilter(filter: string | null): Predicate {
  if (filter === null || filter.trim() === '') return () => true;
  const predicates: Predicate[] = [];
  let pendingTag: string | undefined;
  for (const c of conjuncts(filter)) {
    const eq = new RegExp(`^(\\w+)\\s+eq\\s+${STRING}$`, 'i').exec(c);
    const sub = new RegExp(`^substringof\\(\\s*${STRING}\\s*,\\s*name\\s*\\)$`, 'i').exec(c);
    if (sub) {
      const needle = unquote(sub[1]).toLowerCase();
      predicates.push((r) => r.name.toLowerCase().includes(needle));
      continue;
    }
    if (!eq) throw armErrors.invalidFilter(filter);
    const field = eq[1].toLowerCase();
    const value = unquote(eq[2]);
    if (field !== 'tagvalue') pendingTag = undefined;
    switch (field) {
      case 'resourcetype': predicates.push((r) => same(r.type, value)); break;
      case 'name': predicates.push((r) => same(r.name, value)); break;
      case 'location': predicates.push((r) => r.location === normaliseLocation(value)); break;
      case 'resourcegroup': predicates.push((r) => same(r.resourceGroup, value)); break;
      case 'tagname':
        pendingTag = value;
        predicates.push((r) => Object.keys(r.tags).some((k) => same(k, value)));
        break;
      case 'tagvalue': {
        // Only meaningful right after a tagName: the value of that tag.
        const tag = pendingTag;
        if (tag === undefined) throw armErrors.invalidFilter(filter);
        predicates.push((r) => Object.entries(r.tags).some(([k, v]) => same(k, tag) && v === value));
        pendingTag = undefined;
        break;
      }
      default: throw armErrors.invalidFilter(filter);
    }
  }
  return (r) => predicates.every((p) => p(r));
}
