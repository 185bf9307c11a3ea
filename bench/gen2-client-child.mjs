// Benchmark helper process: one Gen2 transfer through Microsoft's own storage SDKs (bench/gen2.ts), reporting its
// time, the CPU this process spent on it and its peak RSS. The same code runs against our emulator and Azurite:
// only the connection string differs. The server's CA comes from NODE_EXTRA_CA_CERTS (set by the driver).
//   argv[2]: { sdk: 'datalake' | 'blob', direction: 'upload' | 'download', connectionString, container, path,
//              local, blockSize, threads }
import { readFileSync } from 'node:fs';
import { stat } from 'node:fs/promises';
import { performance } from 'node:perf_hooks';
import { BlobServiceClient } from '@azure/storage-blob';
import { DataLakeServiceClient } from '@azure/storage-file-datalake';

/** Peak resident set of this process image (VmHWM; see bench/client-child.mjs for why not getrusage). */
function peakRssBytes() {
  const m = /VmHWM:\s+(\d+) kB/.exec(readFileSync('/proc/self/status', 'utf8'));
  return m ? Number(m[1]) * 1024 : process.resourceUsage().maxRSS * 1024;
}

const a = JSON.parse(process.argv[2]);

/**
 * The two clients' parallel upload to disk-backed chunks (8 MiB blocks read from the file by streams, `threads`
 * at a time; the single-shot path is switched off so every size takes the chunked one) and their download to a
 * file (one streamed GET in both SDKs: neither has a parallel download to a file). Returns the bytes on the server.
 */
async function prepare() {
  if (a.sdk === 'datalake') {
    const fs = DataLakeServiceClient.fromConnectionString(a.connectionString).getFileSystemClient(a.container);
    if (a.direction === 'upload') await fs.createIfNotExists();
    const file = fs.getFileClient(a.path);
    return {
      run: () => (a.direction === 'upload'
        ? file.uploadFile(a.local, { chunkSize: a.blockSize, singleUploadThreshold: a.blockSize, maxConcurrency: a.threads })
        : file.readToFile(a.local)),
      remoteSize: async () => (await file.getProperties()).contentLength,
    };
  }
  const container = BlobServiceClient.fromConnectionString(a.connectionString).getContainerClient(a.container);
  if (a.direction === 'upload') await container.createIfNotExists();
  const blob = container.getBlockBlobClient(a.path);
  return {
    run: () => (a.direction === 'upload'
      ? blob.uploadFile(a.local, { blockSize: a.blockSize, maxSingleShotSize: a.blockSize, concurrency: a.threads })
      : blob.downloadToFile(a.local)),
    remoteSize: async () => (await blob.getProperties()).contentLength,
  };
}

const transfer = await prepare();
const started = performance.now();
const cpuStart = process.cpuUsage();
await transfer.run();
const cpu = process.cpuUsage(cpuStart);
const seconds = (performance.now() - started) / 1000;
const bytes = a.direction === 'upload' ? await transfer.remoteSize() : (await stat(a.local)).size;
process.stdout.write(JSON.stringify({ seconds, bytes, maxRssBytes: peakRssBytes(), cpuSeconds: (cpu.user + cpu.system) / 1e6 }) + '\n');
