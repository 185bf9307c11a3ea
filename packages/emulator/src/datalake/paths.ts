import { illegalArgument } from './remote-error.js';

/** Longest accepted name, in UTF-8 bytes (HDFS default component limit). */
const MAX_NAME_BYTES = 255;

function checkName(name: string, shown: string): string {
  // '..' could climb out of the namespace; NUL and '/' cannot be part of a name; '.' is dropped by callers.
  if (name === '..' || name.includes('\0') || name.includes('/')) throw illegalArgument(`Invalid path name: ${shown}`);
  if (Buffer.byteLength(name) > MAX_NAME_BYTES) throw illegalArgument(`Path name component too long: ${shown}`);
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
    names.push(checkName(seg, value.slice(0, 200)));
  }
  return names;
}
