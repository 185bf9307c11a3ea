// Parallel, resumable upload and download of a large file (chunks joined by one MSCONCAT).
//   NODE_EXTRA_CA_CERTS=~/.adls-gen1/emulator/tls/ca.pem npx tsx examples/parallel-transfer.ts
import { randomBytes } from 'node:crypto';
import { rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { DataLakeFileSystemClient, DeviceCodeCredential, download, upload } from 'adls-gen1';
import { emulatorSettings } from './emulator-settings.js';

const emu = await emulatorSettings();
const credential = new DeviceCodeCredential({
  authorityHost: emu.authorityHost, tenantId: emu.tenantId, clientId: emu.clientId, ca: emu.caPem,
  userPromptCallback: (info) => console.log(info.message),
});
const fs = new DataLakeFileSystemClient(emu.defaultAccount, credential, { dataPlaneSuffix: emu.dataPlaneSuffix, port: emu.port, ca: emu.caPem });

const local = join(tmpdir(), `adls-example-${process.pid}.bin`);
await writeFile(local, randomBytes(12 * 1024 * 1024));
const target = `/tmp-example-${process.pid}.bin`;
const up = await upload(fs, local, target, {
  chunkSize: 4 * 1024 * 1024, concurrency: 8, overwrite: true, resume: true,
  onProgress: (p) => console.log(`upload ${p.bytesDone}/${p.bytesTotal}`),
});
const down = await download(fs, target, local + '.copy', { concurrency: 8, overwrite: true, verify: 'checksum' });
console.log(`uploaded ${up.bytes} B at ${(up.bytesPerSecond / 1e6).toFixed(1)} MB/s, downloaded ${down.bytes} B (checksum verified)`);
await fs.rm(target);
await fs.close();
await rm(local, { force: true });
await rm(local + '.copy', { force: true });
