/**
 * List Blobs over a hierarchical namespace: every file and directory is a blob named by its path, listed in
 * blob-name order (so `a-b` comes before `a/x`, as on the flat Blob service), optionally grouped by a delimiter
 * into BlobPrefix entries. Pure: the namespace is read through `TreeReader`.
 */

export interface ListNode { name: string; kind: 'file' | 'dir' }

export interface TreeReader<N extends ListNode> {
  /** The directory's children in ordinal name order (a missing directory or a file: none). */
  children(dir: readonly string[]): Iterable<N>;
  hasChildren(dir: readonly string[]): boolean;
}

export interface ListRequest {
  prefix: string;
  /** Groups names by their first delimiter after the prefix (`/` lists one directory level). */
  delimiter?: string;
  /** Resume at this entry: the `nextMarker` of the previous page (the first entry not yet returned). */
  marker?: string;
  maxResults: number;
}

export type ListEntry<N> = { path: string; node: N } | { prefix: string };
export interface ListResult<N> { entries: ListEntry<N>[]; nextMarker: string }

const keyOf = <N>(e: ListEntry<N>) => ('prefix' in e ? e.prefix : e.path);

export function listBlobs<N extends ListNode>(reader: TreeReader<N>, req: ListRequest): ListResult<N> {
  const entries: ListEntry<N>[] = [];
  for (const e of entriesOf(reader, req)) {
    if (entries.length === req.maxResults) return { entries, nextMarker: keyOf(e) };
    entries.push(e);
  }
  return { entries, nextMarker: '' };
}

function* entriesOf<N extends ListNode>(reader: TreeReader<N>, req: ListRequest): Generator<ListEntry<N>> {
  const cut = req.prefix.lastIndexOf('/');
  const dir = cut < 0 ? [] : req.prefix.slice(0, cut).split('/');
  // Paths have no empty segments: such a prefix matches nothing.
  if (dir.some((s) => s === '')) return;
  const base = cut < 0 ? '' : req.prefix.slice(0, cut + 1);
  const startsWith = req.prefix.slice(cut + 1);
  const marker = req.marker ?? '';
  if (req.delimiter === '/') {
    yield* oneLevel(reader, dir, base, startsWith, marker);
    return;
  }
  const flat = walk(reader, dir, base, startsWith, marker);
  if (!req.delimiter) {
    yield* flat;
    return;
  }
  let last = '';
  for (const e of flat) {
    const at = e.path.indexOf(req.delimiter, req.prefix.length);
    if (at < 0) {
      yield e;
      continue;
    }
    const prefix = e.path.slice(0, at + req.delimiter.length);
    if (prefix === last || prefix < marker) continue;
    last = prefix;
    yield { prefix };
  }
}

/**
 * A directory's entries in blob-name order: each child's own entry at `name`, a directory's subtree at `name/`.
 * Subtrees wait in `pending` until the next sibling sorts after them. Entries before `marker` are skipped, whole
 * subtrees at once when they end before it.
 */
function* walk<N extends ListNode>(reader: TreeReader<N>, dir: string[], base: string, startsWith: string, marker: string): Generator<{ path: string; node: N }> {
  const pending: { key: string; name: string }[] = [];
  function* flushBefore(key: string | undefined) {
    while (pending.length > 0 && (key === undefined || pending[0].key < key)) {
      const p = pending.shift()!;
      yield* walk(reader, [...dir, p.name], p.key, '', marker);
    }
  }
  for (const n of reader.children(dir)) {
    if (!n.name.startsWith(startsWith)) {
      if (n.name > startsWith) break; // names with the prefix are contiguous
      continue;
    }
    const path = base + n.name;
    yield* flushBefore(path);
    if (path >= marker) yield { path, node: n };
    if (n.kind === 'dir') {
      const key = path + '/';
      if (key < marker && !marker.startsWith(key)) continue;
      insertSorted(pending, { key, name: n.name });
    }
  }
  yield* flushBefore(undefined);
}

/** Delimiter `/`: one directory level, each non-empty directory also as the BlobPrefix `name/`. */
function* oneLevel<N extends ListNode>(reader: TreeReader<N>, dir: string[], base: string, startsWith: string, marker: string): Generator<ListEntry<N>> {
  const pending: string[] = [];
  function* flushBefore(key: string | undefined) {
    while (pending.length > 0 && (key === undefined || pending[0] < key)) yield { prefix: pending.shift()! };
  }
  for (const n of reader.children(dir)) {
    if (!n.name.startsWith(startsWith)) {
      if (n.name > startsWith) break;
      continue;
    }
    const path = base + n.name;
    yield* flushBefore(path);
    if (path >= marker) yield { path, node: n };
    const key = path + '/';
    if (n.kind === 'dir' && key >= marker && reader.hasChildren([...dir, n.name])) {
      const at = pending.findIndex((p) => p > key);
      pending.splice(at < 0 ? pending.length : at, 0, key);
    }
  }
  yield* flushBefore(undefined);
}

function insertSorted(list: { key: string; name: string }[], item: { key: string; name: string }) {
  const at = list.findIndex((p) => p.key > item.key);
  list.splice(at < 0 ? list.length : at, 0, item);
}
