/** Glob patterns over data-lake paths: `*` and `?` stay within a segment, `**` crosses segments, `[...]` classes. */

export function hasMagic(s: string): boolean {
  return /[*?[]/.test(s);
}

/** The longest leading run of segments without wildcards (the directory to walk from). */
export function globBase(pattern: string): string {
  const segs = pattern.split('/').filter((s) => s !== '' && s !== '.');
  const i = segs.findIndex(hasMagic);
  return '/' + (i < 0 ? segs : segs.slice(0, i)).join('/');
}

/** How many segments below the base a match can be, or Infinity when the pattern has `**`. */
export function globDepth(pattern: string): number {
  const segs = pattern.split('/').filter((s) => s !== '' && s !== '.');
  if (segs.includes('**') || segs.some((s) => s.includes('**'))) return Infinity;
  const i = segs.findIndex(hasMagic);
  return i < 0 ? 0 : segs.length - i;
}

/** Compiles an absolute glob pattern to a RegExp matching absolute, normalised paths. */
export function globToRegExp(pattern: string): RegExp {
  const p = '/' + pattern.split('/').filter((s) => s !== '' && s !== '.').join('/');
  let re = '';
  for (let i = 0; i < p.length; i++) {
    const c = p[i];
    if (c === '*') {
      if (p[i + 1] === '*') {
        // `/**/` also matches zero segments
        if (p[i + 2] === '/') { re += '(?:.*/)?'; i += 2; } else { re += '.*'; i += 1; }
      } else re += '[^/]*';
    } else if (c === '?') re += '[^/]';
    else if (c === '[') {
      const end = p.indexOf(']', i + 2);
      if (end < 0) { re += '\\['; continue; }
      let cls = p.slice(i + 1, end);
      if (cls.startsWith('!')) cls = '^' + cls.slice(1);
      re += `[${cls.replace(/\\/g, '\\\\')}]`;
      i = end;
    } else re += c.replace(/[.+^${}()|\\]/g, '\\$&');
  }
  return new RegExp(`^${re}$`, 'u');
}
