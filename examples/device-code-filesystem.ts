// The guide's flow with the SDK: device code sign-in (works with MFA), then filesystem operations.
//   npx adls emulator start                                   # in another terminal
//   NODE_EXTRA_CA_CERTS=~/.adls-gen1/emulator/tls/ca.pem npx tsx examples/device-code-filesystem.ts
import { DataLakeFileSystemClient, DeviceCodeCredential } from 'adls-gen1';
import { emulatorSettings } from './emulator-settings.js';

const emu = await emulatorSettings();
const credential = new DeviceCodeCredential({
  authorityHost: emu.authorityHost,            // omit for public Azure (login.microsoftonline.com)
  tenantId: emu.tenantId,
  clientId: emu.clientId,
  ca: emu.caPem,
  userPromptCallback: (info) => console.log(info.message),   // "... enter the code XXXXXXXX ..."
});

const fs = new DataLakeFileSystemClient(emu.defaultAccount, credential, {
  dataPlaneSuffix: emu.dataPlaneSuffix, port: emu.port, ca: emu.caPem,  // omit all three for public Azure
});
await fs.mkdir('/mysampledirectory');
await fs.create('/mysampledirectory/hello.txt', Buffer.from('hello, Data Lake\n'), { overwrite: true });
for (const f of await fs.ls('/mysampledirectory', { detail: true })) console.log(f.type, f.length, f.path);
const head = await fs.head('/mysampledirectory/hello.txt', { bytes: 5 });
console.log('head:', head.toString());
await fs.rm('/mysampledirectory', { recursive: true });
await fs.close();
