// The one place the emulator opens SQLite. better-sqlite3 loads its compiled module on the first
// `new Database()`; when that module is missing (npm skipped or blocked its install script) or was built for
// another Node.js (NODE_MODULE_VERSION mismatch after a Node upgrade), the raw error is a wall of searched
// paths or a dlopen trace. This turns it into a short message naming the fix.
import Database from 'better-sqlite3';
import { basename, dirname } from 'node:path';
import { fileURLToPath } from 'node:url';

/** better-sqlite3's compiled module cannot be loaded, so the store cannot open. The message says how to fix it. */
export class NativeSqliteError extends Error {
  readonly code = 'NATIVE_SQLITE_UNAVAILABLE';
  override readonly name = 'NativeSqliteError';
  /** The command that repairs the install. */
  readonly fix: string;

  constructor(problem: string, fix: string) {
    super(`the emulator's SQLite store cannot load: ${problem}\nfix: ${fix}`);
    this.fix = fix;
    // A stack trace adds nothing the user can act on: keep it to the message.
    this.stack = `${this.name}: ${this.message}`;
  }
}

/** Opens (creating if needed) a SQLite database file, or ':memory:'. */
export function openSqlite(file: string, options?: Database.Options): Database.Database {
  try {
    return new Database(file, options);
  } catch (e) {
    throw nativeSqliteError(e) ?? e;
  }
}

/** Throws NativeSqliteError now, with nothing written to disk, if better-sqlite3's compiled module cannot load. */
export function assertSqliteLoads(): void {
  openSqlite(':memory:').close();
}

/** The folder to run npm in: the one whose node_modules holds better-sqlite3. */
function projectFolder(): string | undefined {
  try {
    // Resolved as the import above was (import.meta.resolve follows the same rules and loader hooks).
    const pkgDir = dirname(dirname(fileURLToPath(import.meta.resolve('better-sqlite3'))));
    const modules = dirname(pkgDir);
    return basename(modules) === 'node_modules' ? dirname(modules) : undefined;
  } catch {
    return undefined;
  }
}

/** A NativeSqliteError when `e` is a failure to load better-sqlite3's compiled module; undefined otherwise. */
export function nativeSqliteError(e: unknown): NativeSqliteError | undefined {
  if (!(e instanceof Error)) return undefined;
  const where = projectFolder();
  const inFolder = (cmd: string) => (where ? `cd ${where} && ${cmd}` : cmd);
  const rebuild = inFolder('npm rebuild better-sqlite3');
  // The `bindings` package's error: no compiled module in any of the places it looked.
  if (e.message.startsWith('Could not locate the bindings file')) {
    return new NativeSqliteError(
      "better-sqlite3's native module was never built (npm skipped or blocked its install script)",
      `${rebuild}   (if npm reported its install script as blocked, first: npm install-scripts approve better-sqlite3)`,
    );
  }
  const abi = /NODE_MODULE_VERSION (\d+)\.\s+This version of Node\.js requires\s+NODE_MODULE_VERSION (\d+)/.exec(e.message);
  if (abi) {
    return new NativeSqliteError(
      `better-sqlite3's native module was built for another Node.js (module version ${abi[1]}; Node.js ${process.version} needs ${abi[2]})`,
      rebuild,
    );
  }
  if ((e as NodeJS.ErrnoException).code === 'ERR_DLOPEN_FAILED' || /did not self-register/.test(e.message)) {
    // dlopen errors read "<path>: <reason>": keep the reason.
    const reason = e.message.split('\n')[0].replace(/^.*\.node: /, '');
    return new NativeSqliteError(`better-sqlite3's native module does not load (${reason})`, rebuild);
  }
  return undefined;
}
