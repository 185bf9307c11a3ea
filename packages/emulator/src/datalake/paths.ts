import { setImmediate as nextTurn } from 'node:timers/promises';
import { illegalArgument } from './remote-error.js';

/** Longest accepted name, in UTF-8 bytes (HDFS default component limit). */
const MAX_NAME_BYTES = 255;

/** Names this short cannot exceed MAX_NAME_BYTES: a UTF-16 code unit is at most 3 bytes of UTF-8. */
const SURELY_SHORT = Math.floor(MAX_NAME_BYTES / 3);
/** Paths parsed per turn of the event loop when a request names many (an MSCONCAT lists up to 10,000). */
const PATHS_PER_TURN = 1000;

/** `path` is the whole path, quoted (its first 200 characters) when a name is refused. */
function checkName(name: string, path: string): string {
  // '..' could climb out of the namespace; NUL and '/' cannot be part of a name; '.' is dropped by callers.
  if (name === '..' || name.includes('\0') || name.includes('/')) throw illegalArgument(`Invalid path name: ${path.slice(0, 200)}`);
  if (name.length > SURELY_SHORT && Buffer.byteLength(name) > MAX_NAME_BYTES) throw illegalArgument(`Path name component too long: ${path.slice(0, 200)}`);
  return name;
}

/**
 * Path from the URL (after /webhdfs/v1 or /WebHdfsExt): percent-decoded exactly once as a whole ('+' stays a
 * plus), then split on '/'. So an encoded separator is a separator, as the service took it
 * (`/webhdfs/v1/%2Fdir%2Ffile`, sent by the retired Node SDK, is `/dir/file`), while names are checked after
 * decoding: `%2E%2E` is still '..' and refused, and nothing is decoded twice.
 */
export function parseUrlPath(raw: string): string[] {
  let decoded: string;
  try {
    decoded = decodeURIComponent(raw);
  } catch {
    throw illegalArgument(`Invalid path encoding: ${raw.slice(0, 200)}`);
  }
  return parseValuePath(decoded);
}

/**
 * A decoded path (from the URL, or a parameter value: RENAME destination, concat sources), maybe relative:
 * empty and '.' segments dropped (doubled and trailing slashes, root as '.'), every name checked.
 */
export function parseValuePath(value: string): string[] {
  const names: string[] = [];
  for (const seg of value.split('/')) {
    if (seg === '' || seg === '.') continue;
    names.push(checkName(seg, value));
  }
  return names;
}

/**
 * Many decoded paths (MSCONCAT's sources), parsed as parseValuePath does, PATHS_PER_TURN at a time: 10,000 at
 * once held the event loop for several ms (every other request waited), so it serves others between slices.
 */
export async function parseValuePaths(values: string[]): Promise<string[][]> {
  const out: string[][] = [];
  for (let i = 0; i < values.length; i++) {
    if (i > 0 && i % PATHS_PER_TURN === 0) await nextTurn();
    out.push(parseValuePath(values[i]));
  }
  return out;
}
