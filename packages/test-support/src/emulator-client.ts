import { DataLakeFileSystemClient, type DataLakeFileSystemClientOptions, type TokenCredential } from 'adls-gen1';
import type { TestEmulator } from './emulator.js';

/** A credential that always answers `token` (one minted with `mintToken`, or a fake server's): no sign-in. */
export function staticCredential(token: string): TokenCredential {
  return { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) };
}

/** The SDK's filesystem client for the emulator's default account, trusting the emulator's CA, calling with `token`. */
export function emulatorFileSystem(
  t: TestEmulator, token: string, options: Omit<DataLakeFileSystemClientOptions, 'dataPlaneSuffix' | 'port' | 'ca'> = {},
): DataLakeFileSystemClient {
  const info = t.emu.info();
  return new DataLakeFileSystemClient(info.defaultAccount, staticCredential(token), {
    ...options, dataPlaneSuffix: info.dataPlaneSuffix, port: t.emu.port, ca: t.emu.core.ca.caCertPem,
  });
}
