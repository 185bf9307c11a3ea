// List Blobs over the hierarchical namespace (Gen2): blob-name order, prefixes, delimiters and markers, as a pure module.
import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { listBlobs, type ListEntry, type ListNode, type ListRequest, type TreeReader } from '../src/gen2/blob/blob-listing.js';

/** A namespace from a list of paths; a trailing '/' makes an (empty) directory. Parents are implied. */
function tree(paths: string[]): TreeReader<ListNode> {
  const dirs = new Map<string, Map<string, ListNode>>([['', new Map()]]);
  for (const p of paths) {
    const parts = p.replace(/\/$/, '').split('/');
    for (let i = 0; i < parts.length; i++) {
      const parent = parts.slice(0, i).join('/');
      const isDir = i < parts.length - 1 || p.endsWith('/');
      dirs.get(parent)!.set(parts[i], { name: parts[i], kind: isDir ? 'dir' : 'file' });
      if (isDir && !dirs.has(parts.slice(0, i + 1).join('/'))) dirs.set(parts.slice(0, i + 1).join('/'), new Map());
    }
  }
  const kids = (dir: readonly string[]) => [...(dirs.get(dir.join('/'))?.values() ?? [])].sort((a, b) => (a.name < b.name ? -1 : 1));
  return { children: kids, hasChildren: (dir) => kids(dir).length > 0 };
}

const show = (e: ListEntry<ListNode>[]) => e.map((x) => ('prefix' in x ? `P:${x.prefix}` : x.path));
const all = (r: TreeReader<ListNode>, req: Omit<ListRequest, 'maxResults' | 'marker'>, pageSize: number) => {
  const out: string[] = [];
  let marker: string | undefined;
  for (;;) {
    const page = listBlobs(r, { ...req, marker, maxResults: pageSize });
    assert.ok(page.entries.length <= pageSize);
    out.push(...show(page.entries));
    if (!page.nextMarker) return out;
    marker = page.nextMarker;
  }
};

const ns = tree(['a/x', 'a/y/z', 'a-b', 'a.txt', 'b/', 'c', 'a/y/z2']);

describe('gen2 blob listing', () => {
  it('lists flat in blob-name order, directories included, siblings sorting between a directory and its subtree', () => {
    assert.deepEqual(show(listBlobs(ns, { prefix: '', maxResults: 100 }).entries), ['a', 'a-b', 'a.txt', 'a/x', 'a/y', 'a/y/z', 'a/y/z2', 'b', 'c']);
  });

  it('pages with markers to the same sequence, whatever the page size', () => {
    const whole = show(listBlobs(ns, { prefix: '', maxResults: 100 }).entries);
    for (const size of [1, 2, 3, 4]) assert.deepEqual(all(ns, { prefix: '' }, size), whole);
    const last = listBlobs(ns, { prefix: '', maxResults: 9 });
    assert.equal(last.nextMarker, '');
  });

  it('filters by prefix, in the middle of a name or at a directory boundary', () => {
    assert.deepEqual(show(listBlobs(ns, { prefix: 'a', maxResults: 100 }).entries), ['a', 'a-b', 'a.txt', 'a/x', 'a/y', 'a/y/z', 'a/y/z2']);
    assert.deepEqual(show(listBlobs(ns, { prefix: 'a/', maxResults: 100 }).entries), ['a/x', 'a/y', 'a/y/z', 'a/y/z2']);
    assert.deepEqual(show(listBlobs(ns, { prefix: 'a/y/z', maxResults: 100 }).entries), ['a/y/z', 'a/y/z2']);
    assert.deepEqual(show(listBlobs(ns, { prefix: 'nope/', maxResults: 100 }).entries), []);
    assert.deepEqual(show(listBlobs(ns, { prefix: 'c/', maxResults: 100 }).entries), []);
    assert.deepEqual(show(listBlobs(ns, { prefix: 'a//x', maxResults: 100 }).entries), []);
  });

  it('lists one level with delimiter "/": directories as blobs and, when not empty, as BlobPrefix', () => {
    assert.deepEqual(show(listBlobs(ns, { prefix: '', delimiter: '/', maxResults: 100 }).entries), ['a', 'a-b', 'a.txt', 'P:a/', 'b', 'c']);
    assert.deepEqual(show(listBlobs(ns, { prefix: 'a/', delimiter: '/', maxResults: 100 }).entries), ['a/x', 'a/y', 'P:a/y/']);
    for (const size of [1, 2, 5]) assert.deepEqual(all(ns, { prefix: '', delimiter: '/' }, size), ['a', 'a-b', 'a.txt', 'P:a/', 'b', 'c']);
  });

  it('groups by any other delimiter over the flat order', () => {
    assert.deepEqual(show(listBlobs(ns, { prefix: '', delimiter: '.', maxResults: 100 }).entries), ['a', 'a-b', 'P:a.', 'a/x', 'a/y', 'a/y/z', 'a/y/z2', 'b', 'c']);
    assert.deepEqual(show(listBlobs(ns, { prefix: 'a/', delimiter: 'y', maxResults: 100 }).entries), ['a/x', 'P:a/y']);
    for (const size of [1, 2]) assert.deepEqual(all(ns, { prefix: 'a/', delimiter: 'y' }, size), ['a/x', 'P:a/y']);
  });

  it('never reads a subtree that ends before the marker', () => {
    const read: string[] = [];
    const spy: TreeReader<ListNode> = { children: (d) => { read.push(d.join('/')); return ns.children(d); }, hasChildren: ns.hasChildren };
    assert.deepEqual(show(listBlobs(spy, { prefix: '', marker: 'b', maxResults: 100 }).entries), ['b', 'c']);
    assert.deepEqual(read, ['', 'b']);
  });
});
