/** Path normalisation and URL encoding for the data plane (filesystem-api.md §2.2). */

/**
 * Normalises a path to absolute form: collapses `//`, drops `.` segments, resolves `..` and any trailing
 * slash. `''`, `'.'` and `'/'` all mean the root, `/`.
 */
export function normalizePath(path: string): string {
  const out: string[] = [];
  for (const seg of path.split('/')) {
    if (seg === '' || seg === '.') continue;
    if (seg === '..') out.pop();
    else out.push(seg);
  }
  return '/' + out.join('/');
}

/** Joins path parts and normalises the result. */
export function joinPath(...parts: string[]): string {
  return normalizePath(parts.join('/'));
}

/** Last segment of a normalised path ('' for the root). */
export function baseName(path: string): string {
  const p = normalizePath(path);
  return p.slice(p.lastIndexOf('/') + 1);
}

/** Parent of a normalised path (the root is its own parent). */
export function parentPath(path: string): string {
  const p = normalizePath(path);
  const i = p.lastIndexOf('/');
  return i <= 0 ? '/' : p.slice(0, i);
}

/**
 * Percent-encodes each segment as Python's `urllib.parse.quote` does: only letters, digits, `_ . - ~`
 * stay literal, everything else (space, `+`, `%`, `#`, `?`, unicode) becomes UTF-8 escapes; `/` separates.
 */
export function encodePath(path: string): string {
  return normalizePath(path).split('/').map(encodeSegment).join('/');
}

function encodeSegment(seg: string): string {
  // encodeURIComponent leaves ! ' ( ) * literal; quote() does not.
  return encodeURIComponent(seg).replace(/[!'()*]/g, (c) => '%' + c.charCodeAt(0).toString(16).toUpperCase());
}
