// Ecosystem interop: an @azure/identity credential drives our clients, and ours could drive Azure's.
//   NODE_EXTRA_CA_CERTS=~/.adls-gen1/emulator/tls/ca.pem npx tsx examples/azure-identity-interop.ts
import { DeviceCodeCredential } from '@azure/identity';
import { DataLakeStoreAccountManagementClient, DataLakeFileSystemClient, collect } from 'adls-gen1';
import { emulatorSettings } from './emulator-settings.js';

const emu = await emulatorSettings();
const credential = new DeviceCodeCredential({
  authorityHost: emu.authorityHost,
  tenantId: emu.tenantId,
  clientId: emu.clientId,
  disableInstanceDiscovery: true,             // the emulator is not a Microsoft host
  userPromptCallback: (info) => console.log(info.message),
});

const accounts = new DataLakeStoreAccountManagementClient(credential, emu.subscriptionId, { endpoint: emu.managementEndpoint, ca: emu.caPem });
for (const a of await collect(accounts.accounts.list())) console.log('account', a.name, a.location);
await accounts.close();

const fs = new DataLakeFileSystemClient(emu.defaultAccount, credential, { dataPlaneSuffix: emu.dataPlaneSuffix, port: emu.port, ca: emu.caPem });
console.log('root owner', (await fs.stat('/')).owner);
await fs.close();
