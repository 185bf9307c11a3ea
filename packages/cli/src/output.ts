/** Output helpers: JSON for scripts, plain text for people. Data to stdout, messages to stderr. */

/** Keys whose numbers are instants in ms since the epoch (FileStatus `modificationTime`, `msExpirationTime`, …). */
const INSTANT_KEY = /(Time|Timestamp|At)$/;

/**
 * Every `--json` output has one shape for times and numbers: instants are ISO 8601 UTC strings
 * (`2026-12-04T05:28:06.123Z`; 0, "never", is null) and fractions are rounded to 2 decimals.
 */
export function jsonText(value: unknown): string {
  return JSON.stringify(value, (key, v) => {
    if (typeof v !== 'number' || !Number.isFinite(v)) return v;
    if (INSTANT_KEY.test(key)) return v > 0 ? new Date(v).toISOString() : null;
    return Number.isInteger(v) ? v : Math.round(v * 100) / 100;
  }, 2) + '\n';
}

export function printJson(value: unknown): void {
  process.stdout.write(jsonText(value));
}

export function info(message: string): void {
  process.stderr.write(message + '\n');
}

/** Formats rows as aligned columns. */
export function table(rows: (string | number)[][]): string {
  if (rows.length === 0) return '';
  const widths = rows[0].map((_, i) => Math.max(...rows.map((r) => String(r[i] ?? '').length)));
  return rows.map((r) => r.map((c, i) => (i === r.length - 1 ? String(c) : String(c).padEnd(widths[i]))).join('  ')).join('\n');
}

export function humanBytes(n: number): string {
  const units = ['B', 'KiB', 'MiB', 'GiB', 'TiB'];
  let v = n;
  let i = 0;
  while (v >= 1024 && i < units.length - 1) { v /= 1024; i++; }
  return i === 0 ? `${v} B` : `${v.toFixed(1)} ${units[i]}`;
}
