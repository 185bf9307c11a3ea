// The retired Node SDK (ms-rest-azure 1.x + azure-arm-datalake-store 0.4.2), unmodified, on its public-cloud
// defaults: interactiveLogin() with no environment (AzureCloud: login.microsoftonline.com with authority
// validation, management.azure.com), DataLakeStoreAccountClient with no base URI, DataLakeStoreFileSystemClient
// with the default DNS suffix (azuredatalakestore.net). Its `request` stack reads HTTPS_PROXY itself; the
// environment `adls emulator env --proxy` prints is all it gets.
import { createRequire } from 'node:module';

const require = createRequire(import.meta.url);
const msRestAzure = require('ms-rest-azure');
const adls = require('azure-arm-datalake-store');

const call = (fn, ...args) => new Promise((resolve, reject) => fn(...args, (err, result) => (err ? reject(err) : resolve(result))));

const [credentials, subscriptions] = await new Promise((resolve, reject) => {
  msRestAzure.interactiveLogin({ userCodeResponseLogger: (message) => console.log(message) },
    (err, creds, subs) => (err ? reject(err) : resolve([creds, subs])));
});
console.log('signed in', credentials.username, subscriptions.length);

const accounts = new adls.DataLakeStoreAccountClient(credentials, subscriptions[0].id);
const listed = await call(accounts.account.list.bind(accounts.account));
const account = listed.map((a) => a.name).find((n) => n === 'adlsemulator');
const rg = /resourceGroups\/([^/]+)/i.exec(listed.find((a) => a.name === account).id)[1];
const got = await call(accounts.account.get.bind(accounts.account), rg, account);
console.log('accounts', listed.map((a) => a.name).join(','), 'endpoint', got.properties.endpoint);

// The filesystem client gets the same (management-audience) credentials, exactly as the package's README shows.
const f = new adls.DataLakeStoreFileSystemClient(credentials).fileSystem;
const dir = `/retired-public-${process.pid}`;
await call(f.mkdirs.bind(f), account, dir);
await call(f.create.bind(f), account, `${dir}/hello.txt`, { streamContents: Buffer.from('hello through the proxy'), overwrite: true });
const text = await new Promise((resolve, reject) => {
  const chunks = [];
  const s = f.open(account, `${dir}/hello.txt`, {}, (err) => { if (err) reject(err); });
  s.on('data', (c) => chunks.push(Buffer.from(c)));
  s.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
  s.on('error', reject);
});
console.log('cat', text);
console.log('deleted', (await call(f.deleteMethod.bind(f), account, dir, { recursive: true })).operationResult);
console.log('PUBLIC DEFAULTS RETIRED NODE SDK DONE');
