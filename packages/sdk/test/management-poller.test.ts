import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountsClient, ResourceGroupsClient, AbortError, NotFoundError, RemoteError } from 'adls-gen1';
import { FAKE_ENDPOINT, SUB, fakeArm, fakeCredential, fakeOptions, type FakeRequest } from './management-fake-arm.js';

const ACCT_PATH = `/subscriptions/${SUB}/resourceGroups/rg1/providers/Microsoft.DataLakeStore/accounts/acct1`;
const STATUS_PATH = `/subscriptions/${SUB}/providers/Microsoft.DataLakeStore/locations/eastus2/operationResults/op_0`;
const account = (state: string) => ({ id: ACCT_PATH, name: 'acct1', type: 'Microsoft.DataLakeStore/accounts', location: 'eastus2', properties: { provisioningState: state } });
const isStatus = (r: FakeRequest) => r.path.startsWith(STATUS_PATH);
const summary = (calls: FakeRequest[]) => calls.map((c) => `${c.method} ${c.path.split('?')[0].split('/').pop()}`);

describe('LRO poller', () => {
  it('follows Azure-AsyncOperation, honours Retry-After, then reads the resource', async () => {
    let statusPolls = 0;
    const { agent, calls } = fakeArm((req) => {
      if (req.method === 'PUT') {
        return { status: 201, body: account('Creating'), headers: { 'azure-asyncoperation': `${FAKE_ENDPOINT}${STATUS_PATH}?api-version=2016-11-01`, location: `${FAKE_ENDPOINT}${ACCT_PATH}/operationresults/0?api-version=2016-11-01`, 'retry-after': '1' } };
      }
      if (isStatus(req)) return ++statusPolls < 2 ? { status: 200, body: { status: 'InProgress' }, headers: { 'retry-after': '1' } } : { status: 200, body: { status: 'succeeded' } };
      return { status: 200, body: account('Succeeded') };
    });
    const client = new AccountsClient(fakeCredential, SUB, fakeOptions(agent));
    const poller = await client.beginCreate('rg1', 'acct1', { location: 'East US 2', tags: { a: 'b' } });
    assert.equal(poller.isDone(), false);
    assert.equal(poller.getOperationState().mode, 'azure-async-operation');
    const progress: string[] = [];
    poller.onProgress((s) => progress.push(s.status));
    const result = await poller.pollUntilDone();
    assert.equal(result.properties.provisioningState, 'Succeeded');
    assert.deepEqual(summary(calls), ['PUT acct1', 'GET op_0', 'GET op_0', 'GET acct1']);
    assert.deepEqual(calls[0].body, { location: 'eastus2', tags: { a: 'b' } });
    assert.equal(calls[0].headers.authorization, 'Bearer fake-token');
    // First poll at once; the second only after the 1 s Retry-After of the first poll.
    assert.ok(calls[1].at - calls[0].at < 500);
    assert.ok(calls[2].at - calls[1].at >= 950, `waited ${calls[2].at - calls[1].at} ms`);
    assert.deepEqual(progress, ['running', 'succeeded']);
    await client.close();
  });

  it('uses resourceLocation from the status body for the final read', async () => {
    const { agent, calls } = fakeArm((req) => {
      if (req.method === 'PATCH') return { status: 202, headers: { 'azure-asyncoperation': `${FAKE_ENDPOINT}${STATUS_PATH}` } };
      if (isStatus(req)) return { status: 200, body: { status: 'Succeeded', resourceLocation: `${FAKE_ENDPOINT}/elsewhere?api-version=2016-11-01` } };
      return { status: 200, body: account('Succeeded') };
    });
    const client = new AccountsClient(fakeCredential, SUB, fakeOptions(agent));
    await client.update('rg1', 'acct1', { tags: { x: 'y' } });
    assert.equal(calls.at(-1)!.path, '/elsewhere?api-version=2016-11-01');
    await client.close();
  });

  it('follows Location until it stops answering 202 (resource group delete)', async () => {
    let polls = 0;
    const { agent, calls } = fakeArm((req) => {
      if (req.method === 'DELETE') return { status: 202, headers: { location: `${FAKE_ENDPOINT}/subscriptions/${SUB}/operationresults/rgop1?api-version=2021-04-01`, 'retry-after': '0' } };
      return ++polls < 3 ? { status: 202, headers: { location: `${FAKE_ENDPOINT}/subscriptions/${SUB}/operationresults/rgop${polls + 1}?api-version=2021-04-01` } } : { status: 200 };
    });
    const client = new ResourceGroupsClient(fakeCredential, SUB, fakeOptions(agent));
    const started = Date.now();
    await client.delete('rg1');
    // Retry-After: 0 counts as absent: the 20 ms poll interval applies, not a zero or 30 s wait.
    assert.ok(Date.now() - started < 1000);
    assert.deepEqual(summary(calls), ['DELETE rg1', 'GET rgop1', 'GET rgop2', 'GET rgop3']);
    await client.close();
  });

  it('polls the resource provisioningState when no header is given', async () => {
    let gets = 0;
    const { agent, calls } = fakeArm((req) => (req.method === 'PUT'
      ? { status: 201, body: account('Creating') }
      : { status: 200, body: account(++gets < 2 ? 'Creating' : 'Succeeded') }));
    const client = new AccountsClient(fakeCredential, SUB, fakeOptions(agent));
    const poller = await client.beginCreate('rg1', 'acct1', { location: 'eastus2' });
    assert.equal(poller.getOperationState().mode, 'body');
    const acct = await poller.pollUntilDone();
    assert.equal(acct.properties.provisioningState, 'Succeeded');
    assert.deepEqual(summary(calls), ['PUT acct1', 'GET acct1', 'GET acct1']);
    await client.close();
  });

  it('finishes at once on a synchronous answer', async () => {
    const { agent, calls } = fakeArm(() => ({ status: 201, body: account('Succeeded') }));
    const client = new AccountsClient(fakeCredential, SUB, fakeOptions(agent));
    const poller = await client.beginCreate('rg1', 'acct1', { location: 'eastus2' });
    assert.equal(poller.isDone(), true);
    assert.equal(poller.getResult()?.name, 'acct1');
    await poller.pollUntilDone();
    assert.equal(calls.length, 1);
    await client.close();
  });

  it('reports Failed and Canceled operations with the remote error code', async () => {
    const { agent } = fakeArm((req) => {
      if (req.method === 'DELETE') return { status: 202, headers: { 'azure-asyncoperation': `${FAKE_ENDPOINT}${STATUS_PATH}` } };
      return { status: 200, body: { status: 'Failed', error: { code: 'InternalServerError', message: 'boom' } } };
    });
    const client = new AccountsClient(fakeCredential, SUB, fakeOptions(agent));
    const poller = await client.beginDelete('rg1', 'acct1');
    await assert.rejects(poller.pollUntilDone(), (e: unknown) => e instanceof RemoteError && e.code === 'OPERATION_FAILED' && e.remoteCode === 'InternalServerError' && /boom/.test(e.message));
    assert.equal(poller.getOperationState().status, 'failed');
    await client.close();

    const fake2 = fakeArm((req) => (req.method === 'PUT' ? { status: 201, body: account('Creating') } : { status: 200, body: account('Canceled') }));
    const client2 = new AccountsClient(fakeCredential, SUB, fakeOptions(fake2.agent));
    await assert.rejects(client2.create('rg1', 'acct1', { location: 'eastus2' }), (e: unknown) => e instanceof RemoteError && e.code === 'OPERATION_CANCELED');
    await client2.close();
  });

  it('fails when a poll answers 404', async () => {
    const { agent } = fakeArm((req) => (req.method === 'DELETE'
      ? { status: 202, headers: { location: `${FAKE_ENDPOINT}/gone` } }
      : { status: 404, body: { error: { code: 'NotFound', message: 'no such operation' } } }));
    const client = new AccountsClient(fakeCredential, SUB, fakeOptions(agent));
    const poller = await client.beginDelete('rg1', 'acct1');
    await assert.rejects(poller.pollUntilDone(), NotFoundError);
    assert.equal(poller.getOperationState().status, 'failed');
    await client.close();
  });

  it('stops waiting when aborted, and can be resumed from its serialized state', async () => {
    let done = false;
    const { agent, calls } = fakeArm((req) => {
      if (req.method === 'PUT') return { status: 201, body: account('Creating'), headers: { 'azure-asyncoperation': `${FAKE_ENDPOINT}${STATUS_PATH}` } };
      if (isStatus(req)) return { status: 200, body: { status: done ? 'Succeeded' : 'Running' }, headers: { 'retry-after': '30' } };
      return { status: 200, body: account('Succeeded') };
    });
    const client = new AccountsClient(fakeCredential, SUB, fakeOptions(agent));
    const poller = await client.beginCreate('rg1', 'acct1', { location: 'eastus2' });
    const started = Date.now();
    await assert.rejects(poller.pollUntilDone({ abortSignal: AbortSignal.timeout(100) }), (e: unknown) => e instanceof AbortError && e.name === 'AbortError');
    assert.ok(Date.now() - started < 2000, 'abort cut the 30 s Retry-After short');
    assert.equal(poller.isDone(), false);

    const saved = poller.toString();
    assert.doesNotMatch(saved, /fake-token/);
    done = true;
    const resumed = await client.beginCreate('rg1', 'acct1', { location: 'eastus2' }, { resumeFrom: saved });
    const acct = await resumed.pollUntilDone();
    assert.equal(acct.properties.provisioningState, 'Succeeded');
    assert.equal(calls.filter((c) => c.method === 'PUT').length, 1, 'resuming sends no second PUT');
    await assert.rejects(client.beginDelete('rg1', 'acct1', { resumeFrom: saved }), /another operation/);
    await client.close();
  });

  it('rejects an already aborted signal before sending', async () => {
    const { agent, calls } = fakeArm(() => ({ status: 200, body: account('Succeeded') }));
    const client = new AccountsClient(fakeCredential, SUB, fakeOptions(agent));
    const ac = new AbortController();
    ac.abort();
    await assert.rejects(client.get('rg1', 'acct1', { abortSignal: ac.signal }), AbortError);
    assert.equal(calls.length, 0);
    await client.close();
  });

  it('refuses to send the token to a poll URL on another host', async () => {
    const { agent } = fakeArm(() => ({ status: 202, headers: { 'azure-asyncoperation': 'https://evil.example/status' } }));
    const client = new AccountsClient(fakeCredential, SUB, fakeOptions(agent));
    await assert.rejects(client.beginDelete('rg1', 'acct1'), (e: unknown) => e instanceof RemoteError && e.code === 'UNTRUSTED_URL');
    await client.close();
  });
});
