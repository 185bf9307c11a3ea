import { randomBytes } from 'node:crypto';
import { chmod, mkdir, open, readFile, rename, unlink } from 'node:fs/promises';
import { dirname, resolve } from 'node:path';
import type { CachedAccount, TokenCache } from './token-cache.js';

interface CacheFileContent {
  version: 1;
  accounts: Record<string, CachedAccount>;
}

/**
 * A token cache in one JSON file, readable by its owner only: the file is mode 0600 inside a 0700
 * folder, and every write goes to a temporary file that is synced and renamed over the old one, so
 * a crash never leaves a half-written cache. Writes from one process are serialised; between
 * processes the last writer wins (as with the Azure CLI's cache).
 */
export class FileTokenCache implements TokenCache {
  private chain: Promise<unknown> = Promise.resolve();

  constructor(readonly path: string) {}

  async list(): Promise<CachedAccount[]> {
    return Object.values((await this.read()).accounts);
  }

  async get(key: string): Promise<CachedAccount | undefined> {
    return (await this.read()).accounts[key];
  }

  update(key: string, fn: (current: CachedAccount | undefined) => CachedAccount | undefined): Promise<CachedAccount | undefined> {
    const run = this.chain.then(async () => {
      const content = await this.read();
      const next = fn(content.accounts[key]);
      if (next) content.accounts[key] = next;
      else delete content.accounts[key];
      await this.write(content);
      return next;
    });
    this.chain = run.catch(() => {});
    return run;
  }

  private async read(): Promise<CacheFileContent> {
    let text: string;
    try {
      text = await readFile(this.path, 'utf8');
    } catch (e) {
      if ((e as NodeJS.ErrnoException).code === 'ENOENT') return { version: 1, accounts: {} };
      throw e;
    }
    try {
      const v = JSON.parse(text);
      if (v && v.version === 1 && v.accounts && typeof v.accounts === 'object') return v;
    } catch { /* unreadable: start over rather than fail every command */ }
    return { version: 1, accounts: {} };
  }

  private async write(content: CacheFileContent): Promise<void> {
    await makeOwnerOnlyFolders(dirname(this.path));
    const tmp = `${this.path}.${process.pid}.${randomBytes(4).toString('hex')}.tmp`;
    const fh = await open(tmp, 'wx', 0o600);
    try {
      try {
        await fh.chmod(0o600); // the umask may have taken bits away; the cache is always exactly 0600
        await fh.writeFile(JSON.stringify(content, null, 2));
        await fh.sync();
      } finally {
        await fh.close();
      }
      await rename(tmp, this.path);
    } catch (e) {
      await unlink(tmp).catch(() => {});
      throw e;
    }
  }
}

/**
 * Creates the cache's folder (and missing ancestors) as 0700. Only folders created here are chmodded:
 * an existing folder (a shared one, /tmp, $HOME) is left as it is.
 */
async function makeOwnerOnlyFolders(folder: string): Promise<void> {
  const dir = resolve(folder);
  const made = await mkdir(dir, { recursive: true, mode: 0o700 });
  if (made === undefined) return;
  const first = resolve(made);
  // mkdir's mode goes through the umask: set it exactly on each folder created, from `first` down to `dir`.
  const created: string[] = [];
  for (let d = dir; ; d = dirname(d)) {
    created.push(d);
    if (d === first || dirname(d) === d) break;
  }
  for (const d of created.reverse()) await chmod(d, 0o700);
}
