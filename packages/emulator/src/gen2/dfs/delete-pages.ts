import type { NamespaceStore } from '../../store/store.js';
import type { Caller } from '../../store/access.js';

/** Paths one paginated delete call checks before answering with a continuation (the service's page size). */
export const DELETE_PAGE = 5000;
/** Children fetched per listing call while walking. */
const CHUNK = 500;

interface Frame { dir: string[]; after?: string }

/**
 * One page of a paginated recursive delete's checks: walks the subtree under `root` (pre-order, name order) from
 * just after `last`, listing every directory as the caller (the store refuses what the ACLs do not allow), and stops
 * after `limit` paths. Returns the last path visited when the page is full, undefined when the walk is complete.
 */
export function walkDeletePage(store: NamespaceStore, ns: string, root: string[], caller: Caller, last: string[] | undefined, limit = DELETE_PAGE): string[] | undefined {
  const frames: Frame[] = [];
  if (!last) frames.push({ dir: root });
  else {
    const rel = last.slice(root.length);
    for (let i = 0; i < rel.length; i++) frames.push({ dir: [...root, ...rel.slice(0, i)], after: rel[i] });
    try {
      if (rel.length > 0 && store.stat(ns, last, caller).kind === 'dir') frames.push({ dir: last });
    } catch { /* gone meanwhile: carry on with its siblings */ }
  }
  let visited = 0;
  while (frames.length > 0) {
    const f = frames[frames.length - 1];
    const { children } = store.list(ns, f.dir, caller, { after: f.after, limit: CHUNK });
    let descended = false;
    for (const c of children) {
      const path = [...f.dir, c.name];
      f.after = c.name;
      if (++visited >= limit) return path;
      if (c.kind === 'dir') {
        frames.push({ dir: path });
        descended = true;
        break;
      }
    }
    if (!descended && children.length < CHUNK) frames.pop();
  }
  return undefined;
}
