// What put/get/sync print when they finish: one summary line, a dry run's plan, or JSON.
import type { Writable } from 'node:stream';
import type { TransferResult } from 'adls-gen1';
import { humanBytes, jsonText } from '../output.js';

export function summary(r: TransferResult): string {
  const verb = r.direction === 'upload' ? 'uploaded' : 'downloaded';
  const secs = r.elapsedMs / 1000;
  const parts = [`${verb} ${r.files} file(s), ${humanBytes(r.bytes)} in ${secs.toFixed(1)} s (${humanBytes(Math.round(r.bytesPerSecond))}/s) to ${r.target}`];
  if (r.filesSkipped > 0) parts.push(`${r.filesSkipped} not sent${r.filesCompared > 0 ? ` (${r.filesCompared} compared by content: identical)` : ''}`);
  if (r.bytesResumed > 0) parts.push(`${humanBytes(r.bytesResumed)} resumed, not re-sent (${r.chunksResumed} whole chunk(s))`);
  if (r.filesDeleted > 0) parts.push(`${r.filesDeleted} deleted from the destination`);
  if (r.verified === 'checksum' && r.files > 0) parts.push('checksums of the sent files verified');
  return parts.join('; ');
}

/** A dry run's plan: one line per file, then the totals. */
export function planText(r: TransferResult): string {
  const actions = r.actions ?? [];
  const lines = actions.map((a) => (a.action === 'delete'
    ? `delete    ${a.target}`
    : `${a.action.padEnd(9)} ${a.source} → ${a.target} (${humanBytes(a.size)}; ${a.reason})`));
  const count = (k: string) => actions.filter((a) => a.action === k).length;
  const bytes = actions.filter((a) => a.action === 'send').reduce((n, a) => n + a.size, 0);
  lines.push(`dry run: ${count('send')} to send (${humanBytes(bytes)}), ${count('skip')} to skip, ${count('conflict')} conflict(s), ${count('delete')} to delete; nothing was changed`);
  return lines.join('\n') + '\n';
}

export function report(r: TransferResult, json: boolean | undefined, stdout: Writable, stderr: NodeJS.WritableStream): void {
  if (json) stdout.write(jsonText({ ...r, elapsedMs: Math.round(r.elapsedMs), bytesPerSecond: Math.round(r.bytesPerSecond) }));
  else if (r.dryRun) stdout.write(planText(r));
  else stderr.write(summary(r) + '\n');
}
