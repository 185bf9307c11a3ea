import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { setTimeout as sleep } from 'node:timers/promises';
import { Spinner } from '../src/spinner.js';

describe('spinner', () => {
  it('draws on a terminal and clears its line when stopped', async () => {
    let written = '';
    const s = new Spinner({ isTTY: true, write: (c: string) => { written += c; } }, 'Creating account').start();
    s.update('Creating account [running]');
    await sleep(150);
    s.stop('done');
    assert.match(written, /Creating account \[running\] \(\d+s\)/);
    assert.ok(written.endsWith('\r\x1b[2Kdone\n'));
  });

  it('stays silent when stderr is not a terminal', () => {
    let written = '';
    const s = new Spinner({ isTTY: false, write: (c: string) => { written += c; } }, 'Deleting').start();
    s.stop('done');
    assert.equal(written, '');
  });
});
