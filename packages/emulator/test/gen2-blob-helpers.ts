import { BlobServiceClient, type StoragePipelineOptions } from '@azure/storage-blob';
import { DEV_STORAGE_ACCOUNT } from '../src/storage-accounts/registry.js';
import { mintToken, type TestEmulator } from './helpers.js';

export const STORAGE_AUDIENCE = 'https://storage.azure.com/';
export const DEV = DEV_STORAGE_ACCOUNT.name;
/** Host-style names of the development account (the emulator's default data-plane suffix resolves to loopback). */
export const DFS_HOST = `${DEV}.dfs.adls.localhost`;
export const BLOB_HOST = `${DEV}.blob.adls.localhost`;

/** The user who owns the development account (the seeded MFA user). */
export const ownerUpn = (t: TestEmulator) => t.emu.info().users.find((u) => u.mfa)!.username;

/** A credential handing out one minted storage token, as a signed-in client would. */
export async function storageCredential(t: TestEmulator, upn = ownerUpn(t)): Promise<{ credential: { getToken(): Promise<{ token: string; expiresOnTimestamp: number }> }; token: string }> {
  const token = await mintToken(t.emu, { upn, audience: STORAGE_AUDIENCE });
  return { token, credential: { getToken: async () => ({ token, expiresOnTimestamp: Date.now() + 3_600_000 }) } };
}

/** Client options trusting the emulator's CA (in-process: no NODE_EXTRA_CA_CERTS), without retries. */
export const clientOptions = (t: TestEmulator): StoragePipelineOptions =>
  ({ tlsOptions: { ca: t.emu.core.ca.caCertPem }, retryOptions: { maxTries: 1 } }) as StoragePipelineOptions;

/** `@azure/storage-blob` unmodified, path style on the loopback IP (what the SDKs do for an emulator). */
export async function blobService(t: TestEmulator, upn?: string): Promise<BlobServiceClient> {
  const { credential } = await storageCredential(t, upn);
  return new BlobServiceClient(`https://127.0.0.1:${t.emu.port}/${DEV}`, credential, clientOptions(t));
}

/** The development account's connection string (Shared Key), path style on the loopback IP. */
export const connectionString = (t: TestEmulator) =>
  `DefaultEndpointsProtocol=https;AccountName=${DEV};AccountKey=${DEV_STORAGE_ACCOUNT.key};BlobEndpoint=https://127.0.0.1:${t.emu.port}/${DEV};`;
