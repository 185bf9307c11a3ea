/**
 * What a path carries besides its protection and bytes (API-neutral, set by the Gen2 front ends): user metadata
 * (name → value) and the content headers a reader gets back. Stored with the inode; empty objects are left out.
 */
export interface ContentHeaders {
  contentType?: string;
  contentEncoding?: string;
  contentLanguage?: string;
  contentDisposition?: string;
  cacheControl?: string;
  /** base64 MD5 of the whole content, as the writer declared it. */
  contentMd5?: string;
}

/** A committed block of a file made of staged pieces (key and length, in order), as the last `replace` commit left it. */
export interface CommittedPiece { key: string; length: number }

export interface PathProps {
  metadata?: Readonly<Record<string, string>>;
  content?: Readonly<ContentHeaders>;
  /** The pieces of the last `replace` commit (Blob block lists); absent once the content changed otherwise. */
  pieces?: readonly CommittedPiece[];
}

export const NO_PROPS: PathProps = Object.freeze({});

export const parseProps = (s: string): PathProps => (s === '' ? NO_PROPS : deepFreeze(JSON.parse(s) as PathProps));

export function serializeProps(p: PathProps): string {
  const clean: PathProps = {};
  if (p.metadata && Object.keys(p.metadata).length > 0) clean.metadata = p.metadata;
  if (p.content && Object.keys(p.content).length > 0) clean.content = p.content;
  if (p.pieces && p.pieces.length > 0) clean.pieces = p.pieces;
  return Object.keys(clean).length === 0 ? '' : JSON.stringify(clean);
}

/** Normalised (empty parts dropped) and frozen, as backends hand props out. */
export const freezeProps = (p: PathProps): PathProps => parseProps(serializeProps(p));

function deepFreeze<T>(o: T): T {
  if (o && typeof o === 'object') {
    for (const v of Object.values(o)) deepFreeze(v);
    Object.freeze(o);
  }
  return o;
}
