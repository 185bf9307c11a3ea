// The retired Node SDK (ms-rest-azure 1.x + azure-arm-datalake-store 0.4.2), unmodified, on its public-cloud
// defaults: interactiveLogin() with no environment (AzureCloud: login.microsoftonline.com with authority
// validation, management.azure.com), DataLakeStoreAccountClient with no base URI (api-version
// 2015-10-01-preview), DataLakeStoreFileSystemClient with the default DNS suffix (azuredatalakestore.net). Its
// `request` stack reads HTTPS_PROXY itself; the environment `adls emulator env --proxy` prints is all it gets.
// The only option set is the account client's documented poll interval (ms-rest-azure waits 30 s by default).
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const msRestAzure = require('ms-rest-azure');
const adls = require('azure-arm-datalake-store');

const call = (fn, ...args) => new Promise((resolve, reject) => fn(...args, (err, result) => (err ? reject(err) : resolve(result))));
const names = (accounts) => accounts.map((a) => a.name).sort().join(',');

const [credentials, subscriptions] = await new Promise((resolve, reject) => {
  msRestAzure.interactiveLogin({ userCodeResponseLogger: (message) => console.log(message) },
    (err, creds, subs) => (err ? reject(err) : resolve([creds, subs])));
});
console.log('signed in', credentials.username, subscriptions.length);

// Accounts: list, get, then create and delete one (both long-running operations the SDK polls to the end).
const accounts = new adls.DataLakeStoreAccountClient(credentials, subscriptions[0].id, undefined, { longRunningOperationRetryTimeout: 1 });
const a = accounts.account;
console.log('account api-version', accounts.apiVersion);
const listed = await call(a.list.bind(a));
const account = listed.map((x) => x.name).find((n) => n === 'adlsemulator');
const rg = /resourceGroups\/([^/]+)/i.exec(listed.find((x) => x.name === account).id)[1];
const got = await call(a.get.bind(a), rg, account);
console.log('accounts', names(listed), 'endpoint', got.properties.endpoint);
const created = `retiredpub${process.pid}`;
const made = await call(a.create.bind(a), rg, created, { location: 'eastus2', tags: { via: 'proxy' } });
console.log('created', made.name, made.provisioningState ?? made.properties?.provisioningState, made.endpoint ?? made.properties?.endpoint);
console.log('listed with', names(await call(a.list.bind(a))));
await call(a.deleteMethod.bind(a), rg, created);
console.log('listed after delete', names(await call(a.list.bind(a))));

// The filesystem client gets the same (management-audience) credentials, exactly as the package's README shows.
const f = new adls.DataLakeStoreFileSystemClient(credentials).fileSystem;
const openText = (path) => new Promise((resolve, reject) => {
  const chunks = [];
  const s = f.open(account, path, {}, (err) => { if (err) reject(err); });
  s.on('data', (c) => chunks.push(Buffer.from(c)));
  s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  s.on('error', reject);
});
const dir = `/retired-public-${process.pid}`;
await call(f.mkdirs.bind(f), account, dir);
await call(f.create.bind(f), account, `${dir}/hello.txt`, { streamContents: Buffer.from('hello through the proxy'), overwrite: true });
await call(f.append.bind(f), account, `${dir}/hello.txt`, Buffer.from(', appended'));
console.log('cat', await openText(`${dir}/hello.txt`));
// Concurrent appends with autocreate: the first creates the file; all of them land, in whatever order.
await Promise.all(['one', 'two', 'three'].map((w) =>
  call(f.concurrentAppend.bind(f), account, `${dir}/log.txt`, Buffer.from(`${w}\n`), { appendMode: 'autocreate' })));
console.log('log', (await openText(`${dir}/log.txt`)).trim().split('\n').sort().join(','));
const listing = await call(f.listFileStatus.bind(f), account, dir);
console.log('list', listing.fileStatuses.fileStatus.map((s) => `${s.pathSuffix}:${s.type}:${s.length}`).sort().join(','));
console.log('renamed', (await call(f.rename.bind(f), account, `${dir}/hello.txt`, `${dir}/renamed.txt`)).operationResult);
await call(f.setAcl.bind(f), account, `${dir}/renamed.txt`, `user::rw-,group::r--,other::---,user:${process.env.SECOND_USER_OID}:r--`);
const acl = (await call(f.getAclStatus.bind(f), account, `${dir}/renamed.txt`)).aclStatus;
console.log('acl', acl.entries.sort().join(','));
console.log('deleted', (await call(f.deleteMethod.bind(f), account, dir, { recursive: true })).operationResult);
try {
  await call(f.getFileStatus.bind(f), account, dir);
  console.log('after delete: still there');
} catch (e) {
  console.log('after delete', e.statusCode, e.body?.remoteException?.exception ?? e.code);
}
console.log('PUBLIC DEFAULTS RETIRED NODE SDK DONE');
