import assert from 'node:assert/strict';
import { describe, it } from 'node:test';
import { AccountsClient, ResourceGroupsClient, AccessDeniedError, AdlsError, AuthenticationError, BadRequestError, ConflictError, InvalidArgumentError, NotFoundError } from 'adls-gen1';
import { SUB, fakeArm, fakeCredential, fakeOptions } from './management-fake-arm.js';

const armError = (status: number, code: string, headers?: Record<string, string>) => () => ({ status, body: { error: { code, message: `${code} happened` } }, headers });

describe('management errors', () => {
  it('maps ARM error bodies to typed errors with code, status and request id', async () => {
    const cases: [number, string, new (...a: any[]) => Error, string][] = [
      [404, 'ResourceNotFound', NotFoundError, 'NOT_FOUND'],
      [403, 'AuthorizationFailed', AccessDeniedError, 'ACCESS_DENIED'],
      [409, 'AccountNameAlreadyTaken', ConflictError, 'CONFLICT'],
      [400, 'LocationRequired', BadRequestError, 'BAD_REQUEST'],
    ];
    for (const [status, code, cls, sdkCode] of cases) {
      const { agent } = fakeArm(armError(status, code));
      const client = new AccountsClient(fakeCredential, SUB, fakeOptions(agent));
      await assert.rejects(client.get('rg1', 'acct1'), (err: unknown) => {
        assert.ok(err instanceof cls, `${status} → ${cls.name}, got ${(err as Error)?.constructor?.name}`);
        const e = err as AdlsError;
        assert.equal(e.code, sdkCode);
        assert.equal(e.status, status);
        assert.equal(e.remoteCode, code);
        assert.equal(e.requestId, 'req-1');
        assert.match(e.message, new RegExp(`${code} happened`));
        return true;
      });
      await client.close();
    }
  });

  it('reports a 401 with the WWW-Authenticate description and never the token', async () => {
    const { agent, calls } = fakeArm(armError(401, 'InvalidAuthenticationToken', {
      'www-authenticate': 'Bearer authorization_uri="https://login.windows.net/", error="invalid_token", error_description="The access token is invalid."',
    }));
    const client = new ResourceGroupsClient(fakeCredential, SUB, fakeOptions(agent));
    await assert.rejects(client.get('rg1'), (e: any) => e instanceof AuthenticationError && e.code === 'AUTH_REJECTED'
      && e.remoteCode === 'InvalidAuthenticationToken' && /The access token is invalid\./.test(e.message) && !/fake-token/.test(e.message));
    assert.equal(calls.length, 2, 'the pipeline refreshes the token once, then gives up');
    await client.close();
  });

  it('HEAD answers exists: 204 → true, 404 → false', async () => {
    const { agent } = fakeArm((req) => ({ status: req.path.includes('/there') ? 204 : 404 }));
    const client = new ResourceGroupsClient(fakeCredential, SUB, fakeOptions(agent));
    assert.equal(await client.exists('there'), true);
    assert.equal(await client.exists('absent'), false);
    await client.close();
  });

  it('checks names and required arguments before sending', async () => {
    const { agent, calls } = fakeArm(() => ({ status: 200, body: {} }));
    const accounts = new AccountsClient(fakeCredential, SUB, fakeOptions(agent));
    await assert.rejects(accounts.create('rg1', 'Bad_Name', { location: 'eastus2' }), InvalidArgumentError);
    await assert.rejects(accounts.create('rg1', 'goodname', { location: '' }), InvalidArgumentError);
    const groups = new ResourceGroupsClient(fakeCredential, SUB, fakeOptions(agent));
    await assert.rejects(groups.createOrUpdate('ends.', { location: 'eastus2' }), InvalidArgumentError);
    assert.throws(() => new AccountsClient(fakeCredential, 'not-a-guid', fakeOptions(agent)), InvalidArgumentError);
    assert.throws(() => new AccountsClient(fakeCredential, SUB, { endpoint: 'http://127.0.0.1:1' }), InvalidArgumentError);
    assert.equal(calls.length, 0);
    await accounts.close();
    await groups.close();
  });
});
