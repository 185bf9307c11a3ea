import { XMLBuilder, XMLParser } from 'fast-xml-parser';

/** An XML element tree as fast-xml-parser builds it: attributes under `@_name`, text under `#text`. */
export type XmlTree = Record<string, unknown>;

const builder = new XMLBuilder({
  ignoreAttributes: false,
  attributeNamePrefix: '@_',
  suppressEmptyNode: true,
  // `Encoded="true"` must stay a valued attribute (XML has no bare attributes).
  suppressBooleanAttributes: false,
});

/** The Blob service's XML reply body: declaration plus one root element. */
export function renderXml(tree: XmlTree): string {
  return '<?xml version="1.0" encoding="utf-8"?>' + builder.build(tree);
}

const orderedParser = new XMLParser({ preserveOrder: true, trimValues: true, parseTagValue: false, ignoreDeclaration: true });

/** One element of an order-preserving parse: its name and its text (empty for elements without text). */
export interface XmlChild { name: string; text: string; children: XmlChild[] }

/** Parses a request body keeping the order of sibling elements (Put Block List mixes element kinds). Throws on malformed XML. */
export function parseOrdered(xml: string): XmlChild[] {
  const raw = orderedParser.parse(xml, true) as unknown[];
  return toChildren(raw);
}

function toChildren(nodes: unknown[]): XmlChild[] {
  const out: XmlChild[] = [];
  for (const n of nodes) {
    if (typeof n !== 'object' || n === null) continue;
    for (const [name, value] of Object.entries(n)) {
      if (name === '#text' || name === ':@' || !Array.isArray(value)) continue;
      const text = value.filter((v) => typeof v === 'object' && v !== null && '#text' in v).map((v) => String((v as { '#text': unknown })['#text'])).join('');
      out.push({ name, text, children: toChildren(value) });
    }
  }
  return out;
}

// XML 1.0 Char production: names with other characters go out percent-encoded with Encoded="true" (List Blobs).
// eslint-disable-next-line no-control-regex
const NOT_XML_CHAR = /[^\x09\x0A\x0D\x20-\uD7FF\uE000-\uFFFD\u{10000}-\u{10FFFF}]/u;

/** A blob name element: plain text when XML can carry it, else percent-encoded and flagged `Encoded="true"`. */
export function nameElement(name: string): string | XmlTree {
  if (!NOT_XML_CHAR.test(name)) return name;
  return { '@_Encoded': 'true', '#text': encodeURIComponent(name) };
}

/** RFC 1123 date as the Blob service writes it (`Tue, 07 Mar 2023 19:37:49 GMT`). */
export const httpDate = (ms: number) => new Date(ms).toUTCString();
