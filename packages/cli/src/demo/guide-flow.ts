import { createHash, randomBytes } from 'node:crypto';
import { createReadStream } from 'node:fs';
import { mkdtemp, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  DataLakeFileSystemClient, DataLakeStoreAccountManagementClient, DeviceCodeCredential, ResourceManagementClient,
  RESOURCES, collect, decodeJwtPayload, download, scopeForResource, upload, type DeviceCodeInfo,
} from 'adls-gen1';
import type { EmulatorInfo } from 'adls-gen1-emulator';
import { createProgressView } from '../commands/transfer-progress.js';
import { humanBytes } from '../output.js';
import { Spinner } from '../spinner.js';
import { interactiveBanner } from './interactive-banner.js';
import { signInThroughPages } from './page-signin.js';

export interface GuideFlowOptions {
  info: EmulatorInfo;
  caPem: string;
  /** Let a person complete the sign-in in a browser instead of the automated page walk. */
  interactive: boolean;
  /** Size of the multi-chunk transfer file. */
  bigFileBytes: number;
  chunkSize: number;
  out: NodeJS.WriteStream;
  /** The emulator's data folder (named in the --interactive banner for `adls emulator totp`). */
  location?: string;
}

const CLAIMS_SHOWN = ['aud', 'iss', 'tid', 'oid', 'upn', 'name', 'amr', 'scp', 'appid', 'ver', 'iat', 'exp'];

async function sha256File(path: string): Promise<string> {
  const h = createHash('sha256');
  for await (const chunk of createReadStream(path)) h.update(chunk as Buffer);
  return h.digest('hex');
}

/**
 * The guide's whole flow in TypeScript: device code sign-in (MFA), resource group and account through
 * Resource Manager, filesystem work on the new account (including a parallel multi-chunk upload and
 * download), listing, and clean-up. Returns the number of checks that failed (0 = success).
 */
export async function runGuideFlow(o: GuideFlowOptions): Promise<void> {
  const say = (line = '') => o.out.write(line + '\n');
  const step = (title: string) => say(`\n== ${title}`);
  const mfaUser = o.info.users.find((u) => u.mfa);
  if (!mfaUser) throw new Error('the emulator has no MFA user to sign in as');

  // ---- 1. End-user sign-in with the device code flow (v1, as adal does in the guide)
  step('Sign in: OAuth 2.0 device code flow (Azure AD v1, like adal in the guide)');
  let pageWalk: Promise<void> | undefined;
  const credential = new DeviceCodeCredential({
    authorityHost: o.info.authorityHost,
    tenantId: o.info.tenantId,
    clientId: o.info.clientId,
    protocol: 'v1',
    ca: o.caPem,
    userPromptCallback: (info: DeviceCodeInfo) => {
      if (o.interactive) {
        say(interactiveBanner({ ...mfaUser, caCertPath: o.info.caCertPath, location: o.location }));
        say(`\n${info.message}\n(waiting for you to sign in)`);
        return;
      }
      say(info.message);
      say(`Completing the sign-in automatically through the emulator's real sign-in pages as the seeded MFA user`);
      say(`${mfaUser.username} (password + TOTP code computed from its secret). Run with --interactive to do it yourself.`);
      pageWalk = signInThroughPages({
        verificationUri: info.verificationUri, userCode: info.userCode, username: mfaUser.username,
        password: mfaUser.password ?? '', totpSecret: mfaUser.totpSecret, ca: o.caPem,
        onStep: (s) => say(`   page: ${s}`),
      });
      pageWalk.catch(() => {});
    },
  });
  const armToken = await credential.getToken(scopeForResource(RESOURCES.management));
  if (pageWalk) await pageWalk;
  if (!armToken) throw new Error('no token');
  const claims = decodeJwtPayload(armToken.token) as Record<string, unknown>;
  say(`Signed in as ${claims.upn} (${claims.name}); token claims:`);
  for (const k of CLAIMS_SHOWN) if (claims[k] !== undefined) say(`   ${k.padEnd(6)} ${JSON.stringify(claims[k])}`);
  const amr = Array.isArray(claims.amr) ? claims.amr : [];
  if (!amr.includes('mfa')) throw new Error('the token does not record multi-factor authentication (amr lacks mfa)');

  // ---- 2. Account management (Azure Resource Manager)
  const suffix = randomBytes(3).toString('hex');
  const group = `adls-demo-${suffix}`;
  const account = `demo${suffix}`;
  const armOptions = { endpoint: o.info.managementEndpoint, ca: o.caPem };
  const resources = new ResourceManagementClient(credential, o.info.subscriptionId, armOptions);
  const adlsAccounts = new DataLakeStoreAccountManagementClient(credential, o.info.subscriptionId, armOptions);
  try {
    step('Resource Manager: create a resource group and a Data Lake Store account');
    const rg = await resources.resourceGroups.createOrUpdate(group, { location: 'eastus2' });
    say(`resource group ${rg.id} (${rg.properties?.provisioningState})`);
    const spinner = new Spinner(process.stderr, `creating account ${account} (long-running operation)`).start();
    const created = await adlsAccounts.accounts.create(group, account, { location: 'eastus2' });
    spinner.stop();
    say(`account ${created.name}: ${created.properties?.provisioningState}, endpoint ${created.properties?.endpoint}`);

    step('Resource Manager: list Data Lake Store accounts');
    for (const a of await collect(adlsAccounts.accounts.list())) say(`   ${a.name}  ${a.location}  ${a.properties?.provisioningState ?? ''}`);

    // ---- 3. Filesystem operations on the new account (data plane token from the same sign-in)
    step(`Filesystem: work on ${account} (data-plane token minted from the refresh token, no second sign-in)`);
    const lakeToken = await credential.getToken(scopeForResource(RESOURCES.datalake));
    say(`data-plane token audience ${JSON.stringify((decodeJwtPayload(lakeToken!.token) as Record<string, unknown>).aud)}`);
    const fs = new DataLakeFileSystemClient(account, credential, {
      dataPlaneSuffix: o.info.dataPlaneSuffix, port: Number(new URL(o.info.authorityHost).port), ca: o.caPem,
    });
    const work = await mkdtemp(join(tmpdir(), 'adls-demo-'));
    try {
      await fs.mkdir('/mysampledirectory');
      const text = Buffer.from('hello from the TypeScript guide flow\n');
      await fs.create('/mysampledirectory/small.txt', text, { overwrite: true });
      const listed = await fs.ls('/mysampledirectory', { detail: true });
      for (const f of listed) say(`   ${f.type.padEnd(9)} ${String(f.length).padStart(8)}  ${f.path}`);
      const readBack = await fs.cat('/mysampledirectory/small.txt');
      const chunks: Buffer[] = [];
      for await (const c of readBack) chunks.push(c as Buffer);
      if (!Buffer.concat(chunks).equals(text)) throw new Error('small file read back differs');
      say('   small file read back: identical');

      const big = join(work, 'mysamplefile.bin');
      await writeFile(big, randomBytes(o.bigFileBytes));
      const mode = process.stderr.isTTY ? 'bar' : 'lines';
      say(`   uploading ${humanBytes(o.bigFileBytes)} in ${Math.ceil(o.bigFileBytes / o.chunkSize)} chunks of ${humanBytes(o.chunkSize)}, in parallel`);
      let view = createProgressView('upload  ', process.stderr, mode, 500);
      const up = await upload(fs, big, '/mysampledirectory/mysamplefile.bin', {
        chunkSize: o.chunkSize, adaptChunkSize: false, overwrite: true, concurrency: 8, onProgress: (p) => view.update(p),
      });
      view.stop();
      view = createProgressView('download', process.stderr, mode, 500);
      const down = await download(fs, '/mysampledirectory/mysamplefile.bin', big + '.out', {
        chunkSize: o.chunkSize, adaptChunkSize: false, overwrite: true, concurrency: 8, onProgress: (p) => view.update(p),
      });
      view.stop();
      const same = (await sha256File(big)) === (await sha256File(big + '.out'));
      say(`   upload ${humanBytes(up.bytes)}, download ${humanBytes(down.bytes)}: round trip ${same ? 'identical (SHA-256)' : 'DIFFERS'}`);
      if (!same) throw new Error('downloaded file differs from the uploaded one');
      await fs.rm('/mysampledirectory', { recursive: true });
      say(`   removed /mysampledirectory; exists now: ${await fs.exists('/mysampledirectory')}`);
    } finally {
      await fs.close();
      await rm(work, { recursive: true, force: true });
    }

    // ---- 4. Clean up through Resource Manager
    step('Resource Manager: delete the account and the resource group');
    await adlsAccounts.accounts.delete(group, account);
    say(`deleted account ${account}`);
    await resources.resourceGroups.delete(group);
    say(`deleted resource group ${group}`);
  } finally {
    await adlsAccounts.close();
    await resources.close();
  }
  say('\nGUIDE FLOW DONE');
}
