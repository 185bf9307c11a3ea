// Real clients left on their public-cloud defaults, unmodified, reach the emulator through its transparent
// mode: each run in a private network namespace (loopback only) with nothing but the environment
// `adls emulator env --proxy` prints. The proxy refuses every other host (--proxy-deny-other), so a client that
// tried to leave would fail, and the log shows exactly which names were served. Needs root (CI) or user namespaces.
import { test } from 'node:test';
import assert from 'node:assert/strict';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { checkIsolation, REPO_ROOT } from '../../../scripts/peers/seed-flow-harness.js';
import { describeTransparent, runTransparentIsolated, type ClientStep, type TransparentResult } from '../../../scripts/peers/transparent-harness.js';

const SCRIPTS = join(REPO_ROOT, 'scripts', 'peers', 'public-defaults');

async function run(steps: ClientStep[]): Promise<TransparentResult> {
  const iso = checkIsolation();
  assert.ok(iso.ok, `cannot isolate the clients: ${iso.reason}`);
  return await runTransparentIsolated({ steps, denyOther: true });
}

function assertAllPassed(r: TransparentResult, done: RegExp): void {
  const why = () => '\n' + describeTransparent(r);
  assert.equal(r.error, undefined, why());
  for (const s of r.steps) assert.equal(s.exitCode, 0, `step ${s.name} failed${why()}`);
  assert.match(r.steps.at(-1)!.output, done, why());
  for (const a of r.approvals) assert.ok(a.ok, `approval ${a.userCode}: ${a.detail}${why()}`);
  assert.ok(r.approvals.length >= 1, `no device code was approved${why()}`);
  // Retries can hide server faults: no 5xx and no internal error anywhere in the run.
  const bad = r.emulatorLog.split('\n').filter((l) => / 5\d\d \d+ms$/.test(l) || /unhandled error/.test(l));
  assert.deepEqual(bad, [], `the emulator answered server errors${why()}`);
  // The log is verbose (every request): still no access token, refresh token or client secret in it.
  assert.doesNotMatch(r.emulatorLog, /eyJ[\w-]+\.[\w-]+/, `a JWT in the emulator log${why()}`);
  assert.doesNotMatch(r.emulatorLog, /0\.AEMU\./, `a refresh token in the emulator log${why()}`);
  assert.doesNotMatch(r.emulatorLog, /(client_secret|refresh_token)["']?\s*[=:]\s*["']?[^\s&"',]{6,}/i, `a secret value in the emulator log${why()}`);
}

/** A request log line for Resource Manager on its public name. */
const ARM_PUBLIC = / [A-Z]+ management\.azure\.com\/subscriptions/;

/** Host names the proxy served (CONNECT … served by the emulator) during the run. */
const served = (r: TransparentResult) =>
  new Set([...r.emulatorLog.matchAll(/proxy: CONNECT ([^\s:]+):443 served by the emulator/g)].map((m) => m[1]));

test('Python: lib.auth(tenant_id) and AzureDLFileSystem(store_name) with no endpoint settings, through the proxy', { timeout: 150_000 }, async () => {
  assert.ok(existsSync('/usr/bin/python3'), 'apt-get install python3-azure-datalake-store');
  const r = await run([{ name: 'python', cmd: '/usr/bin/python3', args: [join(SCRIPTS, 'python_datalake.py')], timeoutMs: 110_000,
    env: { PYTHONUNBUFFERED: '1' } }]);
  assertAllPassed(r, /^PUBLIC DEFAULTS PYTHON DONE$/m);
  const out = r.steps[0].output;
  assert.match(out, /open the page https:\/\/login\.microsoftonline\.com\/devicelogin/);
  assert.match(out, /^url https:\/\/adlsemulator\.azuredatalakestore\.net\/$/m);
  assert.match(out, /^cat hello from public defaults$/m);
  assert.match(out, /^round trip identical True$/m);
  assert.deepEqual([...served(r)].sort(), ['adlsemulator.azuredatalakestore.net', 'login.microsoftonline.com']);
});

test('@azure/identity + @azure/arm-resources with no endpoint options: device code, group CRUD, resources.list, providers.get', { timeout: 150_000 }, async () => {
  const r = await run([{ name: 'node', cmd: process.execPath, args: [join(SCRIPTS, 'azure-sdk-for-js.mjs')], timeoutMs: 110_000 }]);
  assertAllPassed(r, /^PUBLIC DEFAULTS NODE DONE$/m);
  const out = r.steps[0].output;
  assert.match(out, /open the page https:\/\/login\.microsoftonline\.com\/devicelogin/);
  assert.match(out, /^created public-defaults-\d+ eastus2 Succeeded$/m);
  assert.match(out, /^exists true$/m);
  assert.match(out, /^listed true$/m);
  assert.match(out, /^updated \{"via":"proxy","step":"update"\}$/m);
  assert.match(out, /^datalake accounts \[.*"adlsemulator Microsoft\.DataLakeStore\/accounts".*\]$/m);
  assert.match(out, /^provider Microsoft\.DataLakeStore Registered .*accounts/m);
  assert.match(out, /^deleted; exists false$/m);
  assert.deepEqual([...served(r)].sort(), ['login.microsoftonline.com', 'management.azure.com']);
});

test('@azure/storage-file-datalake on the public dfs name with DeviceCodeCredential defaults: file system, upload, read, list, delete', { timeout: 150_000 }, async () => {
  const r = await run([{ name: 'datalake', cmd: process.execPath, args: [join(SCRIPTS, 'storage-file-datalake.mjs')], timeoutMs: 110_000 }]);
  assertAllPassed(r, /^PUBLIC DEFAULTS STORAGE DATALAKE DONE$/m);
  const out = r.steps[0].output;
  assert.match(out, /open the page https:\/\/login\.microsoftonline\.com\/devicelogin/);
  assert.match(out, /^created public-defaults-\d+ true$/m);
  assert.match(out, /^uploaded 31$/m);
  assert.match(out, /^url https:\/\/devstoreaccount1\.dfs\.core\.windows\.net\/public-defaults-\d+\/dir\/hello\.txt$/m);
  assert.match(out, /^read hello gen2 from public defaults$/m);
  assert.match(out, /^paths \["dir\/","dir\/hello\.txt"\]$/m);
  assert.match(out, /^listed true$/m);
  assert.match(out, /^deleted; exists false$/m);
  // Both storage names: the SDK sends file system and download calls to the Blob endpoint, the rest to DFS.
  assert.deepEqual([...served(r)].sort(), ['devstoreaccount1.blob.core.windows.net', 'devstoreaccount1.dfs.core.windows.net', 'login.microsoftonline.com']);
});

test('azure-cli on public defaults: az login --use-device-code, account, groups, dls account list, dls fs round trip, storage account list/show/keys', { timeout: 420_000 }, async () => {
  assert.ok(existsSync('/usr/bin/az'), 'apt-get install azure-cli');
  const r = await run([{ name: 'az', cmd: 'bash', args: [join(SCRIPTS, 'azure-cli.sh')], timeoutMs: 360_000, env: { PYTHONUNBUFFERED: '1' } }]);
  assertAllPassed(r, /^PUBLIC DEFAULTS AZURE CLI DONE$/m);
  const out = r.steps[0].output;
  assert.match(out, /open the page https:\/\/login\.microsoftonline\.com\/devicelogin/);
  assert.match(out, /"tenantId": "[0-9a-f-]{36}"/);
  assert.match(out, /^download identical$/m);
  const names = served(r);
  for (const host of ['login.microsoftonline.com', 'management.azure.com', 'adlsemulator.azuredatalakestore.net']) assert.ok(names.has(host), `${host} served`);
  // Everything az tried to reach beyond the impersonated names (version check, telemetry) was refused, not leaked.
  const refused = [...r.emulatorLog.matchAll(/proxy: CONNECT (\S+) refused/g)].map((m) => m[1]);
  for (const h of refused) assert.ok(!/microsoftonline|management\.azure|azuredatalakestore/.test(h), `impersonated name refused: ${h}`);
});

test('the retired Node SDK (ms-rest-azure + azure-arm-datalake-store) on its defaults: interactiveLogin, accounts at 2015-10-01-preview, filesystem', { timeout: 150_000 }, async () => {
  const r = await run([{ name: 'retired-node-sdk', cmd: process.execPath, args: [join(SCRIPTS, 'retired-node-sdk.mjs')], timeoutMs: 110_000 }]);
  assertAllPassed(r, /^PUBLIC DEFAULTS RETIRED NODE SDK DONE$/m);
  const out = r.steps[0].output;
  assert.match(out, /open the page https:\/\/(login\.microsoftonline\.com|microsoft\.com)\/devicelogin/);
  assert.match(out, /^accounts .*adlsemulator.* endpoint adlsemulator\.azuredatalakestore\.net$/m);
  // Account create and delete are long-running: the SDK polled them to the end, on the public host.
  const created = /^created (retiredpub\d+) Succeeded retiredpub\d+\.azuredatalakestore\.net$/m.exec(out);
  assert.ok(created, `account created${out}`);
  assert.match(out, new RegExp(`^listed with .*\\b${created[1]}\\b`, 'm'));
  assert.doesNotMatch(/^listed after delete (.*)$/m.exec(out)?.[1] ?? 'missing', new RegExp(created[1]));
  const polled = r.emulatorLog.split('\n').filter((l) => /^.*GET \S+\/providers\/Microsoft\.DataLakeStore\/locations\/[^/]+\/operationResults\//.test(l));
  assert.ok(polled.length >= 2, `the SDK polled the create and the delete${describeTransparent(r)}`);
  // Every Resource Manager request (the polls of Azure-AsyncOperation and Location included) used the public host.
  const arm = r.emulatorLog.split('\n').filter((l) => /^.* [A-Z]+ \S*\/subscriptions(\/|\s)/.test(l));
  assert.ok(arm.length > polled.length);
  for (const l of arm) assert.match(l, ARM_PUBLIC, 'Resource Manager reached as management.azure.com');
  assert.match(out, /^account api-version 2015-10-01-preview$/m);
  // The filesystem: create + append, concurrent appends that create the file, list, rename, ACL, delete.
  assert.match(out, /^cat hello through the proxy, appended$/m);
  assert.match(out, /^log one,three,two$/m);
  assert.match(out, /^list hello\.txt:FILE:33,log\.txt:FILE:14$/m);
  assert.match(out, /^renamed true$/m);
  assert.match(out, /^acl group::r--,mask::r--,other::---,user::rw-,user:[0-9a-f-]{36}:r--$/m);
  assert.match(out, /^deleted true$/m);
  assert.match(out, /^after delete 404 FileNotFoundException$/m);
  for (const host of ['login.microsoftonline.com', 'management.azure.com', 'adlsemulator.azuredatalakestore.net']) assert.ok(served(r).has(host), `${host} served`);
});
