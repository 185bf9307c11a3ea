// Where the examples find the emulator: ADLS_EMULATOR (default https://localhost:8443). Node must trust
// its CA: start them with NODE_EXTRA_CA_CERTS=<caCertPath printed by `adls emulator start`>.
import { readFileSync } from 'node:fs';
import { AdlsError, HttpPipeline } from 'adls-gen1';
import type { EmulatorInfo } from 'adls-gen1-emulator';

export async function emulatorSettings(): Promise<EmulatorInfo & { caPem: string; port: number }> {
  const base = process.env.ADLS_EMULATOR ?? 'https://localhost:8443';
  // Through the SDK, not the global fetch: an untrusted CA (NODE_EXTRA_CA_CERTS unset) is then one line
  // naming the CA file and the fix instead of a SELF_SIGNED_CERT_IN_CHAIN stack.
  const pipeline = new HttpPipeline({ retry: { maxRetries: 0 } });
  try {
    const res = await pipeline.send({ method: 'GET', url: `${base}/_emulator/info`, bufferBody: true });
    if (res.status !== 200) fail(`no emulator at ${base}: HTTP ${res.status}`);
    const info = (await res.body.json()) as EmulatorInfo;
    return { ...info, caPem: readFileSync(info.caCertPath, 'utf8'), port: Number(new URL(info.authorityHost).port) };
  } catch (e) {
    if (e instanceof AdlsError) fail(e.message);
    throw e;
  } finally {
    await pipeline.close();
  }
}

/** One line on stderr and exit 1: what a user needs, without a stack. */
function fail(message: string): never {
  console.error(message);
  process.exit(1);
}
