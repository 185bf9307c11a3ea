// Where the examples find the emulator: ADLS_EMULATOR (default https://localhost:8443). Node must trust
// its CA: start them with NODE_EXTRA_CA_CERTS=<caCertPath printed by `adls emulator start`>.
import { readFileSync } from 'node:fs';
import type { EmulatorInfo } from 'adls-gen1-emulator';

export async function emulatorSettings(): Promise<EmulatorInfo & { caPem: string; port: number }> {
  const base = process.env.ADLS_EMULATOR ?? 'https://localhost:8443';
  const res = await fetch(`${base}/_emulator/info`);
  if (!res.ok) throw new Error(`no emulator at ${base}: HTTP ${res.status}`);
  const info = (await res.json()) as EmulatorInfo;
  return { ...info, caPem: readFileSync(info.caCertPath, 'utf8'), port: Number(new URL(info.authorityHost).port) };
}
