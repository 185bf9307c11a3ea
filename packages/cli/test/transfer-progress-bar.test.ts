// The progress bar of `adls fs put/get` as a terminal shows it: rendered by cli-progress to a stream that
// says it is a TTY, with the ETA text we compute (`--` until a rate exists, then a figure with its unit).
import { Writable } from 'node:stream';
import { setTimeout as sleep } from 'node:timers/promises';
import assert from 'node:assert/strict';
import { test } from 'node:test';
import { createProgressView } from '../src/commands/transfer-progress.js';

/** A writable that passes for a 200-column terminal (cli-progress draws only on a TTY); keeps what was drawn. */
function fakeTerminal(): Writable & { isTTY: boolean; columns: number; text(): string } {
  let drawn = '';
  const stream = new Writable({ write(chunk, _enc, cb) { drawn += chunk.toString(); cb(); } });
  return Object.assign(stream, {
    isTTY: true,
    columns: 200,
    // Without the cursor movement and colour escapes readline writes between frames.
    // eslint-disable-next-line no-control-regex
    text: () => drawn.replace(/\x1b\[[0-9;?]*[A-Za-z]/g, '\n'),
  });
}

const progress = (bytesDone: number) => ({ bytesDone, bytesTotal: 10 * 1024 * 1024, filesDone: 0, filesTotal: 1, chunksDone: 0 });

test('the progress bar on a TTY: ETA -- before a rate exists, then a time with its unit', async () => {
  const term = fakeTerminal();
  const view = createProgressView('put', term as unknown as NodeJS.WriteStream, 'bar');
  view.update(progress(0));
  const first = term.text();
  assert.match(first, /put \[.*\] 0% \| 0 B \/ 10(\.0)? MiB \| 0 B\/s \| ETA -- \| files 0\/1/);
  // Some time must pass for a rate to exist (no assertion on how long anything takes).
  await sleep(50);
  view.update(progress(1024 * 1024));
  view.stop();
  const frames = term.text().slice(first.length).split('\n').filter((l) => l.includes('ETA'));
  const last = frames.at(-1) ?? '';
  assert.match(last, /\] 10% \|/);
  assert.match(last, /\| ETA \d+(s|m\d\ds|h\d\dm) \| files 0\/1/, last);
  assert.doesNotMatch(term.text(), /ETA (INF|NF|\d+ )/);
});
