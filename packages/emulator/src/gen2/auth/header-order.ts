/**
 * The order in which the storage service sorts `x-ms-*` header names when it builds the Shared Key string to
 * sign. The service sorts with .NET's en-US culture comparison, not ordinal: `-` and `'` are ignored at the
 * first level, punctuation comes before digits and digits before letters (so `x-ms-meta-a_b` < `x-ms-meta-a1` <
 * `x-ms-meta-ab`, where an ordinal sort puts `a1` first). The JavaScript SDK reproduces this order; names are
 * already lower-cased here.
 */
const FIRST_LEVEL = "!#$%&*.^_`|~+0123456789abcdefghijklmnopqrstuvwxyz";
const IGNORED_AT_FIRST_LEVEL = new Set(["'", '-']);

function weight(ch: string): number {
  const i = FIRST_LEVEL.indexOf(ch);
  return i >= 0 ? i : FIRST_LEVEL.length + ch.charCodeAt(0);
}

export function compareHeaderNames(a: string, b: string): number {
  const pa = [...a].filter((c) => !IGNORED_AT_FIRST_LEVEL.has(c));
  const pb = [...b].filter((c) => !IGNORED_AT_FIRST_LEVEL.has(c));
  for (let i = 0; i < Math.min(pa.length, pb.length); i++) {
    const d = weight(pa[i]!) - weight(pb[i]!);
    if (d !== 0) return d;
  }
  if (pa.length !== pb.length) return pa.length - pb.length;
  // Names equal but for hyphens: no storage header pair differs only so; fall back to ordinal for a total order.
  return a < b ? -1 : a > b ? 1 : 0;
}
