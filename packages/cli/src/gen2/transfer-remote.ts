// The toolkit's transfer engine (downloads: parallel ranged reads, resume, verify, trees, sync) over a Gen2 file
// system: listings and status from the adapter, ranges through the DataLake SDK's read (which resumes a cut stream).
import type { Readable } from 'node:stream';
import { AdlsError, NotFoundError, type TransferRemote } from 'adls-gen1';
import { call } from './errors.js';
import type { Gen2FileSystem } from './filesystem.js';

const uploadsElsewhere = () => {
  throw new AdlsError('UNSUPPORTED', 'Gen2 uploads go through the DataLake SDK (gen2/upload.ts), not the segment engine.');
};

export function gen2TransferRemote(fs: Gen2FileSystem): TransferRemote {
  const url = new URL(fs.client.url);
  url.search = ''; // resume state names the account by URL: never with a SAS in it
  return {
    accountId: url.toString(),
    stat: (path) => fs.stat(path).catch((e: unknown) => { if (e instanceof NotFoundError) return undefined; throw e; }),
    async *list(path) {
      yield* await fs.ls(path);
    },
    mkdir: (path) => fs.mkdir(path),
    remove: (path, opts) => fs.rm(path, opts).catch((e: unknown) => { if (!(e instanceof NotFoundError)) throw e; }),
    create: uploadsElsewhere,
    append: uploadsElsewhere,
    concat: uploadsElsewhere,
    read: (path, offset, length, opts) => call(`OPEN ${path}`, async () => {
      const r = await fs.client.getFileClient(path.replace(/^\/+/, '')).read(offset, length, { abortSignal: opts.abortSignal, maxRetryRequests: 5 });
      return r.readableStreamBody as Readable;
    }),
  };
}
