// @azure/storage-file-datalake on Azure's public names with @azure/identity's defaults: the account URL is
// `https://devstoreaccount1.dfs.core.windows.net` (the SDK sends its Blob calls to `.blob.core.windows.net`
// itself), the credential has no authority, tenant or client option. Run with the environment
// `adls emulator env --proxy` prints (HTTPS_PROXY, NODE_EXTRA_CA_CERTS).
import { DeviceCodeCredential } from '@azure/identity';
import { DataLakeServiceClient } from '@azure/storage-file-datalake';

const credential = new DeviceCodeCredential({ userPromptCallback: (info) => console.log(info.message) });
const service = new DataLakeServiceClient('https://devstoreaccount1.dfs.core.windows.net', credential);

const name = `public-defaults-${process.pid}`;
const fileSystem = service.getFileSystemClient(name);
await fileSystem.create();
console.log('created', name, await fileSystem.exists());

const text = 'hello gen2 from public defaults';
const file = fileSystem.getFileClient('dir/hello.txt');
await file.upload(Buffer.from(text));
const props = await file.getProperties();
console.log('uploaded', props.contentLength);
console.log('url', file.url);
console.log('read', (await file.readToBuffer()).toString('utf8'));

const paths = [];
for await (const p of fileSystem.listPaths({ recursive: true })) paths.push(`${p.name}${p.isDirectory ? '/' : ''}`);
console.log('paths', JSON.stringify(paths));
const names = [];
for await (const fs of service.listFileSystems()) names.push(fs.name);
console.log('listed', names.includes(name));

await fileSystem.delete();
console.log('deleted; exists', await fileSystem.exists());
console.log('PUBLIC DEFAULTS STORAGE DATALAKE DONE');
