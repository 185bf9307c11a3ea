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
 * Path from the URL (after /webhdfs/v1 or /WebHdfsExt): percent-decoded exactly once per segment
 * ('+' stays a plus), empty and '.' segments dropped (doubled and trailing slashes, root as '.').
 */
export function parseUrlPath(raw: string): string[] {
  const names: string[] = [];
  for (const seg of raw.split('/')) {
    if (seg === '' || seg === '.') continue;
    let name: string;
    try {
      name = decodeURIComponent(seg);
    } catch {
      throw illegalArgument(`Invalid path encoding: ${raw.slice(0, 200)}`);
    }
    if (name === '.') continue;
    names.push(checkName(name, raw.slice(0, 200)));
  }
  return names;
}

/** A path given as a parameter value (RENAME destination, concat sources): already decoded, maybe relative. */
export function parseValuePath(value: string): string[] {
  const names: string[] = [];
  for (const seg of value.split('/')) {
    if (seg === '' || seg === '.') continue;
    names.push(checkName(seg, value.slice(0, 200)));
  }
  return names;
}
