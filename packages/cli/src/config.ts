// The CLI's settings folder (~/.adls-gen1 or ADLS_CONFIG_DIR): profile file and token cache.
import { readFileSync } from 'node:fs';
import { homedir } from 'node:os';
import { join } from 'node:path';
import { CliError, EXIT } from './exit.js';

export function configDir(): string {
  return process.env.ADLS_CONFIG_DIR ?? join(homedir(), '.adls-gen1');
}

/** The token cache file (mode 0600 in a 0700 folder, written by the SDK's FileTokenCache). */
export function tokenCachePath(): string {
  return join(configDir(), 'tokens.json');
}

/** One named profile of config.json. Every field is optional; flags and environment win over it. */
export interface Profile {
  /** `azure` or `emulator` (default). */
  cloud?: string;
  /** Emulator URL (default https://localhost:8443). */
  emulator?: string;
  tenant?: string;
  clientId?: string;
  subscriptionId?: string;
  defaultAccount?: string;
  /** PEM file of an extra CA to trust (an emulator's). */
  caFile?: string;
  protocol?: 'v1' | 'v2';
}

/**
 * Reads profile `name` from `{configDir}/config.json`:
 * `{ "profiles": { "default": { "cloud": "azure", "tenant": "contoso.onmicrosoft.com" } } }`.
 * A missing file or missing default profile is an empty profile; a missing named profile is an error.
 */
export function loadProfile(name: string | undefined): Profile {
  const path = join(configDir(), 'config.json');
  let doc: { profiles?: Record<string, Profile> };
  try {
    doc = JSON.parse(readFileSync(path, 'utf8'));
  } catch (e) {
    if ((e as NodeJS.ErrnoException).code === 'ENOENT') {
      if (name && name !== 'default') throw new CliError(`profile '${name}' not found: ${path} does not exist`, EXIT.BAD_INPUT);
      return {};
    }
    throw new CliError(`cannot read ${path}: ${(e as Error).message}`, EXIT.BAD_INPUT);
  }
  const p = doc.profiles?.[name ?? 'default'];
  if (!p && name && name !== 'default') throw new CliError(`profile '${name}' not found in ${path}`, EXIT.BAD_INPUT);
  return p ?? {};
}
