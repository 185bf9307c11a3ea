import { after, before, test } from 'node:test';
import assert from 'node:assert/strict';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { SHARED_DIR } from './helpers.js';
import { startArm, SUB, type ArmTest } from './management-helpers.js';

/**
 * Replays every example of the OpenAPI spec (swagger/management/examples) against the emulator: the request is
 * built from the example's parameters (our subscription substituted), and the answer must have one of the
 * documented status codes and a body of the example's shape (same keys, same JSON types; values differ).
 */
const SPEC = join(SHARED_DIR, 'spec/swagger/management');
const swagger = JSON.parse(readFileSync(join(SPEC, 'account.json'), 'utf8'));

interface Operation { method: string; path: string; statuses: string[] }
const operations = new Map<string, Operation>();
for (const [path, ops] of Object.entries<Record<string, any>>(swagger.paths)) {
  for (const [method, op] of Object.entries<any>(ops)) {
    if (method === 'parameters') continue;
    // Example files name LocationsOperations_* as Locations_*.
    const id = String(op.operationId).replace(/^(\w+?)Operations_/, '$1_');
    operations.set(id, { method: method.toUpperCase(), path, statuses: Object.keys(op.responses).filter((s) => s !== 'default') });
  }
}

const examples = readdirSync(join(SPEC, 'examples')).filter((f) => f.endsWith('.json'))
  .map((f) => ({ file: f, ...JSON.parse(readFileSync(join(SPEC, 'examples', f), 'utf8')) as { operationId: string; parameters: Record<string, any>; responses: Record<string, any> } }));

/** Creates run first, deletes last, everything else in between (on the objects the creates made). */
const rank = (id: string) => (id === 'Accounts_Create' ? 0 : id.endsWith('_CreateOrUpdate') ? 1 : id === 'Accounts_Delete' ? 4 : id.endsWith('_Delete') ? 3 : 2);
examples.sort((a, b) => rank(a.operationId) - rank(b.operationId) || a.file.localeCompare(b.file));

function assertShape(expected: unknown, actual: unknown, at: string): void {
  if (expected === null || expected === undefined) return;
  if (Array.isArray(expected)) {
    assert.ok(Array.isArray(actual), `${at}: array expected`);
    if (expected.length && actual.length) assertShape(expected[0], actual[0], `${at}[0]`);
    return;
  }
  if (typeof expected === 'object') {
    assert.ok(actual && typeof actual === 'object' && !Array.isArray(actual), `${at}: object expected`);
    for (const [k, v] of Object.entries(expected)) {
      if (k === 'nextLink') continue; // only present when there is a next page
      assert.ok(k in (actual as object), `${at}.${k} missing`);
      // Tag keys are data, not shape.
      if (k === 'tags') assert.equal(typeof (actual as Record<string, unknown>)[k], 'object', `${at}.tags`);
      else assertShape(v, (actual as Record<string, unknown>)[k], `${at}.${k}`);
    }
    return;
  }
  assert.equal(typeof actual, typeof expected, `${at}: ${typeof expected} expected`);
}

let t: ArmTest;
before(async () => {
  t = await startArm({ lroMode: 'immediate' });
  await t.call('PUT', `/subscriptions/${SUB}/resourcegroups/contosorg?api-version=2022-09-01`, { location: 'eastus2' });
  // A second account in the group, so that the list examples' $skip=1&$top=1 still return an item.
  await t.call('PUT', `/subscriptions/${SUB}/resourceGroups/contosorg/providers/Microsoft.DataLakeStore/accounts/zzzextra?api-version=2016-11-01`, { location: 'eastus2', tags: { extra: 'yes' } });
});
after(() => t.stop());

test('every spec example is covered by an operation of account.json', () => {
  assert.equal(examples.length, 26);
  for (const ex of examples) assert.ok(operations.has(ex.operationId), ex.operationId);
});

for (const ex of examples) {
  test(`example ${ex.file}`, async () => {
    const op = operations.get(ex.operationId)!;
    const params: Record<string, any> = { ...ex.parameters, subscriptionId: SUB };
    const path = op.path.replace(/\{(\w+)\}/g, (_, name) => encodeURIComponent(String(params[name])));
    const query = Object.entries(params).filter(([k]) => k === 'api-version' || k.startsWith('$'))
      .map(([k, v]) => `${k}=${encodeURIComponent(String(v))}`).join('&');
    const body = params.parameters ?? params.body;
    const r = await t.call(op.method, `${path}?${query}`, op.method === 'PUT' || op.method === 'PATCH' || op.method === 'POST' ? body : undefined);
    const documented = new Set([...Object.keys(ex.responses), ...op.statuses]);
    assert.ok(documented.has(String(r.status)), `${op.method} ${path}: status ${r.status} not in ${[...documented]}: ${JSON.stringify(r.body)}`);
    const expected = ex.responses[String(r.status)]?.body ?? (r.status === 201 ? ex.responses['200']?.body : undefined);
    if (expected) assertShape(expected, r.body, ex.operationId);
    else assert.ok(r.body === undefined || r.status === 200, `${ex.operationId}: unexpected body`);
  });
}
