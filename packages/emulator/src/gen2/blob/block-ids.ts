import { Gen2Error, gen2Errors } from '../errors.js';

/** Staged-data keys of Blob blocks (DFS appends use zero-padded positions: the prefix keeps them apart). */
const STAGED = 'block:';
/** Committed blocks re-staged to be committed again (Put Block List `<Committed>`): see put-block-list.ts. */
const RESTAGED = 'committed:';

export const stagedKey = (id: string) => STAGED + id;
export const restagedKey = (id: string) => RESTAGED + id;
/** The block id a staged or committed key stands for; undefined for keys that are not blocks (DFS appends). */
export function blockIdOf(key: string): string | undefined {
  if (key.startsWith(STAGED)) return key.slice(STAGED.length);
  if (key.startsWith(RESTAGED)) return key.slice(RESTAGED.length);
  return undefined;
}

/** The largest block id Azure takes: 64 bytes before base64 encoding. */
const MAX_ID_BYTES = 64;

/** A `blockid`: base64 of at most 64 bytes (the SDKs send the same length for every block of a blob). */
export function validBlockId(raw: string | null): string {
  if (raw === null) {
    throw new Gen2Error(400, 'MissingRequiredQueryParameter', 'A query parameter that\'s mandatory for this request is not specified.', { 'x-ms-missing-query-parameter-name': 'blockid' });
  }
  const bytes = Buffer.from(raw, 'base64');
  if (raw === '' || bytes.length > MAX_ID_BYTES || bytes.toString('base64') !== raw) throw gen2Errors.invalidQuery('blockid', raw);
  return raw;
}

/** All blocks of a blob carry ids of one length (InvalidBlobOrBlock otherwise). */
export function checkSameLength(id: string, others: Iterable<string>): void {
  for (const o of others) {
    if (Buffer.from(o, 'base64').length !== Buffer.from(id, 'base64').length) {
      throw new Gen2Error(400, 'InvalidBlobOrBlock', 'The specified blob or block content is invalid.');
    }
    return;
  }
}

/**
 * Staged with no bytes on a file that Put Block created: the blob has blocks but was never committed. Azure holds
 * such a blob apart (listings skip it, `If-None-Match: *` still sees no blob); the store needs the file to stage
 * data, so the mark says it. Put Block List and Put Blob drop it with the other uncommitted pieces.
 */
export const UNCOMMITTED_MARK = 'blob:uncommitted';
