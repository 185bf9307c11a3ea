import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountsClient, FirewallRulesClient, ResourceGroupsClient, collect, RemoteError } from 'adls-gen1';
import { FAKE_ENDPOINT, SUB, fakeArm, fakeCredential, fakeOptions } from './management-fake-arm.js';

const item = (n: number) => ({ id: `/x/${n}`, name: `acct${n}`, type: 'Microsoft.DataLakeStore/accounts', location: 'eastus2', properties: {} });

/** Pages of two items; nextLink carries the original query plus $skiptoken, as the emulator does. */
function pagedHandler(total: number, pageSize = 2) {
  return (req: { path: string }) => {
    const u = new URL(req.path, FAKE_ENDPOINT);
    const skip = Number(u.searchParams.get('$skiptoken') ?? 0);
    const value = Array.from({ length: Math.min(pageSize, total - skip) }, (_, i) => item(skip + i));
    const next = skip + pageSize < total ? new URL(u) : undefined;
    next?.searchParams.set('$skiptoken', String(skip + pageSize));
    return { status: 200, body: { value, ...(next ? { nextLink: next.toString() } : {}) } };
  };
}

describe('management paging', () => {
  it('follows nextLink verbatim until it is absent, lazily', async () => {
    const { agent, calls } = fakeArm(pagedHandler(5));
    const client = new AccountsClient(fakeCredential, SUB, fakeOptions(agent));
    const iter = client.list({ top: 10 });
    assert.equal(calls.length, 0, 'nothing is sent before iterating');
    const names = (await collect(iter)).map((a) => a.name);
    assert.deepEqual(names, ['acct0', 'acct1', 'acct2', 'acct3', 'acct4']);
    assert.equal(calls.length, 3);
    assert.equal(calls[0].path, `/subscriptions/${SUB}/providers/Microsoft.DataLakeStore/accounts?api-version=2016-11-01&%24top=10`);
    assert.match(calls[2].path, /api-version=2016-11-01.*skiptoken=4/);
    await client.close();
  });

  it('walks pages with byPage and resumes from a continuation token', async () => {
    const { agent } = fakeArm(pagedHandler(5));
    const client = new AccountsClient(fakeCredential, SUB, fakeOptions(agent));
    const sizes: number[] = [];
    let token: string | undefined;
    for await (const page of client.listByResourceGroup('rg1').byPage()) {
      sizes.push(page.length);
      token ??= page.continuationToken;
    }
    assert.deepEqual(sizes, [2, 2, 1]);
    assert.ok(token);
    const rest = [];
    for await (const page of client.listByResourceGroup('rg1').byPage({ continuationToken: token })) rest.push(...page.map((a) => a.name));
    assert.deepEqual(rest, ['acct2', 'acct3', 'acct4']);
    await client.close();
  });

  it('lists resource groups and child rules through the same paging', async () => {
    const { agent, calls } = fakeArm(pagedHandler(3));
    const groups = new ResourceGroupsClient(fakeCredential, SUB, fakeOptions(agent));
    assert.equal((await collect(groups.list({ filter: "tagName eq 'env'" }))).length, 3);
    assert.match(calls[0].path, /^\/subscriptions\/[-0-9a-f]+\/resourcegroups\?api-version=2021-04-01&%24filter=tagName/);
    const rules = new FirewallRulesClient(fakeCredential, SUB, fakeOptions(agent));
    assert.equal((await collect(rules.listByAccount('rg1', 'acct1'))).length, 3);
    assert.match(calls.at(-1)!.path, /\/accounts\/acct1\/firewallRules\?api-version=2016-11-01/);
    await groups.close();
    await rules.close();
  });

  it('refuses a nextLink on another host and a page without value', async () => {
    const bad = fakeArm(() => ({ status: 200, body: { value: [item(1)], nextLink: 'https://elsewhere.example/next' } }));
    const c1 = new AccountsClient(fakeCredential, SUB, fakeOptions(bad.agent));
    await assert.rejects(collect(c1.list()), (e: unknown) => e instanceof RemoteError && e.code === 'UNTRUSTED_URL');
    const empty = fakeArm(() => ({ status: 200, body: {} }));
    const c2 = new AccountsClient(fakeCredential, SUB, fakeOptions(empty.agent));
    await assert.rejects(collect(c2.list()), (e: unknown) => e instanceof RemoteError && e.code === 'BAD_RESPONSE');
    await c1.close();
    await c2.close();
  });
});
