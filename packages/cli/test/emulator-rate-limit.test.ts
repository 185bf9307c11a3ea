import { test } from 'node:test';
import assert from 'node:assert/strict';
import { parseRateLimit } from '../src/commands/emulator.js';

test('--arm-rate-limit: READS or READS,WRITES; writes default to a tenth of reads', () => {
  assert.deepEqual(parseRateLimit('100'), { reads: 100, writes: 10 });
  assert.deepEqual(parseRateLimit('5'), { reads: 5, writes: 1 });
  assert.deepEqual(parseRateLimit(' 12000 , 1200 '), { reads: 12000, writes: 1200 });
  for (const bad of ['', '0', 'abc', '10,0', '-1', '1.5', '10,20,30']) {
    assert.throws(() => parseRateLimit(bad), /--arm-rate-limit must be READS or READS,WRITES/, bad);
  }
});
