// Child process for the kill-and-resume tests: runs one transfer against the emulator, slowed down per
// request so that the parent can SIGKILL it part way, and prints one line per finished chunk.
import { readFileSync } from 'node:fs';
import { DataLakeFileSystemClient, download, remoteFromClient, upload, type TransferRemote } from 'adls-gen1';

interface ChildArgs {
  direction: 'upload' | 'download';
  from: string;
  to: string;
  account: string;
  port: number;
  caPath: string;
  chunkSize: number;
  blockSize: number;
  concurrency: number;
  delayMs: number;
  stateDir?: string;
}

const args = JSON.parse(process.argv[2]) as ChildArgs;
const token = process.env.ADLS_TEST_TOKEN!;
const credential = { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_000_000 }) };
const client = new DataLakeFileSystemClient(args.account, credential, {
  dataPlaneSuffix: 'adls.localhost', port: args.port, ca: readFileSync(args.caPath, 'utf8'), connections: args.concurrency,
});
const base = remoteFromClient(client);
const pause = () => new Promise((r) => setTimeout(r, args.delayMs));
const slow: TransferRemote = {
  ...base,
  create: async (...a) => { await pause(); return base.create(...a); },
  read: async (...a) => { await pause(); return base.read(...a); },
};
let chunks = 0;
const options = {
  chunkSize: args.chunkSize, blockSize: args.blockSize, concurrency: args.concurrency, adaptChunkSize: false, stateDir: args.stateDir,
  onProgress: (p: { chunksDone: number }) => { if (p.chunksDone > chunks) { chunks = p.chunksDone; process.stdout.write(`chunk ${chunks}\n`); } },
};
if (args.direction === 'upload') await upload(slow, args.from, args.to, options);
else await download(slow, args.from, args.to, options);
process.stdout.write('done\n');
await client.close();
