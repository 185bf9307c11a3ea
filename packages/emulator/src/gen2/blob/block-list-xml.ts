import { parseOrdered, renderXml } from './xml.js';

/** Where Put Block List looks a block up: committed list, uncommitted (staged) blocks, or the latest of the two. */
export type BlockSource = 'committed' | 'uncommitted' | 'latest';
export interface BlockRef { source: BlockSource; id: string }

const SOURCES: Record<string, BlockSource> = { Committed: 'committed', Uncommitted: 'uncommitted', Latest: 'latest' };

/**
 * The blocks of a Put Block List body (`<BlockList><Latest>id</Latest>…</BlockList>`), in document order.
 * undefined when the body is not XML of that shape (the service answers InvalidXmlDocument).
 */
export function parseBlockList(xml: string): BlockRef[] | undefined {
  let roots;
  try {
    roots = parseOrdered(xml);
  } catch {
    return undefined;
  }
  if (roots.length !== 1 || roots[0].name !== 'BlockList') return undefined;
  const refs: BlockRef[] = [];
  for (const child of roots[0].children) {
    const source = SOURCES[child.name];
    if (!source || child.children.length > 0) return undefined;
    refs.push({ source, id: child.text });
  }
  return refs;
}

export interface BlockInfo { id: string; size: number }

/** The Get Block List reply body; a list left out was not asked for (`blocklisttype`). */
export function blockListXml(lists: { committed?: readonly BlockInfo[]; uncommitted?: readonly BlockInfo[] }): string {
  const blocks = (l: readonly BlockInfo[]) => ({ Block: l.map((b) => ({ Name: b.id, Size: String(b.size) })) });
  return renderXml({
    BlockList: {
      CommittedBlocks: lists.committed ? blocks(lists.committed) : undefined,
      UncommittedBlocks: lists.uncommitted ? blocks(lists.uncommitted) : undefined,
    },
  });
}
