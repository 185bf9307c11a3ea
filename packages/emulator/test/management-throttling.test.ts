import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { RES, SUB, startArm, type ArmTest } from './management-helpers.js';

/** Resource Manager's request budget: reported always, enforced (429 + Retry-After) only when configured. */

let limited: ArmTest;
let open: ArmTest;
before(async () => {
  limited = await startArm({ armRateLimit: { reads: 3, writes: 1 } });
  open = await startArm();
});
after(async () => { await limited.stop(); await open.stop(); });

test('without a limit: remaining reads and writes are reported and count down, never 429', async () => {
  const a = await open.call('GET', `/subscriptions/${SUB}/resourcegroups?api-version=${RES}`);
  const b = await open.call('GET', `/subscriptions/${SUB}/resourcegroups?api-version=${RES}`);
  const left = (r: typeof a) => Number(r.headers.get('x-ms-ratelimit-remaining-subscription-reads'));
  assert.equal(left(a), 11999);
  assert.equal(left(b), 11998);
  const w = await open.call('PUT', `/subscriptions/${SUB}/resourcegroups/budget?api-version=${RES}`, { location: 'eastus2' });
  assert.equal(w.headers.get('x-ms-ratelimit-remaining-subscription-writes'), '1199');
});

test('with --arm-rate-limit: past the budget is 429 TooManyRequests with Retry-After, until the hour passes', async () => {
  const read = () => limited.call('GET', `/subscriptions/${SUB}/resourcegroups?api-version=${RES}`);
  for (const left of ['2', '1', '0']) assert.equal((await read()).headers.get('x-ms-ratelimit-remaining-subscription-reads'), left);
  const throttled = await read();
  assert.equal(throttled.status, 429);
  assert.equal(throttled.body.error.code, 'TooManyRequests');
  assert.equal(throttled.headers.get('retry-after'), '3600');
  // Writes have their own budget.
  const w = await limited.call('PUT', `/subscriptions/${SUB}/resourcegroups/budget?api-version=${RES}`, { location: 'eastus2' });
  assert.equal(w.status, 201);
  assert.equal((await limited.call('PUT', `/subscriptions/${SUB}/resourcegroups/budget2?api-version=${RES}`, { location: 'eastus2' })).status, 429);
  assert.equal((limited.emu.core.db.prepare("SELECT COUNT(*) AS n FROM mgmt_resource_groups WHERE name = 'budget2'").get() as { n: number }).n, 0, 'a throttled write changes nothing');
  limited.tick(1800_000);
  assert.equal((await read()).headers.get('retry-after'), '1800');
  limited.tick(1800_000);
  assert.equal((await read()).status, 200, 'a new window');
});

test('errors after authentication carry the budget too (Azure: 404 ResourceGroupNotFound does); a 401 does not', async () => {
  const reads = (r: { headers: Headers }) => r.headers.get('x-ms-ratelimit-remaining-subscription-reads');
  const before = Number(reads(await open.call('GET', `/subscriptions/${SUB}/resourcegroups?api-version=${RES}`)));
  const missing = await open.call('GET', `/subscriptions/${SUB}/resourcegroups/nosuchgroup?api-version=${RES}`);
  assert.deepEqual([missing.status, missing.body.error.code, reads(missing)], [404, 'ResourceGroupNotFound', String(before - 1)]);
  const badVersion = await open.call('GET', `/subscriptions/${SUB}/resourcegroups?api-version=1999-01-01`);
  assert.deepEqual([badVersion.status, reads(badVersion)], [400, String(before - 2)]);
  const noRoute = await open.call('DELETE', `/subscriptions/${SUB}/nosuchthing?api-version=${RES}`);
  assert.equal(noRoute.status, 404);
  assert.match(noRoute.headers.get('x-ms-ratelimit-remaining-subscription-writes') ?? '', /^\d+$/, 'a write: the writes budget');
  const anonymous = await open.fetch(`/subscriptions/${SUB}/resourcegroups?api-version=${RES}`);
  assert.equal(anonymous.status, 401);
  await anonymous.arrayBuffer();
  assert.equal(anonymous.headers.get('x-ms-ratelimit-remaining-subscription-reads'), null);
});
