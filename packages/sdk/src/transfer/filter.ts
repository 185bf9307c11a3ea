/** Include/exclude globs for tree transfers (picomatch syntax), matched against each file's relative path. */
import picomatch from 'picomatch';

/** A matcher for a list of globs: patterns with a `/` see the whole relative path, the others the file name. */
function matcher(patterns: string[]): (rel: string) => boolean {
  const opts = { dot: true };
  const byPath = patterns.filter((p) => p.includes('/'));
  const byName = patterns.filter((p) => !p.includes('/'));
  const path = byPath.length > 0 ? picomatch(byPath, opts) : () => false;
  const name = byName.length > 0 ? picomatch(byName, opts) : () => false;
  return (rel) => path(rel) || name(rel.slice(rel.lastIndexOf('/') + 1));
}

/**
 * A predicate over `/`-separated relative paths: a file is kept when it matches an include pattern (or none
 * are given) and no exclude pattern. A pattern without `/` matches the file's name at any depth (`*.log`
 * leaves out every log file); one with `/` the path from the folder (`logs/**`). Dot files match like any other.
 */
export function pathFilter(include: string[], exclude: string[]): (rel: string) => boolean {
  const inc = include.length > 0 ? matcher(include) : undefined;
  const exc = exclude.length > 0 ? matcher(exclude) : undefined;
  return (rel) => (!inc || inc(rel)) && !(exc && exc(rel));
}
