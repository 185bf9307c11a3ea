// Tiny launcher: runs the emulator from source (node --conditions=source --import tsx) in the
// foreground, prints one machine-readable line when it listens, logs requests to stderr, and
// stops cleanly on SIGTERM/SIGINT. Used by the seed-flow harness inside its network namespace.
//
//   node --conditions=source --import tsx scripts/peers/emulator-launcher.ts --location DIR [--port N]
//     [--interval S] [--lro-mode immediate|realistic|poll-resource] [--quiet]
//
// stdout: "EMULATOR-READY {"port":…,"baseUrl":…,"caCertPath":…,"location":…}"
import { Emulator, type LroMode } from 'adls-gen1-emulator';

function arg(name: string, fallback?: string): string | undefined {
  const i = process.argv.indexOf(`--${name}`);
  return i >= 0 && i + 1 < process.argv.length ? process.argv[i + 1] : fallback;
}

const location = arg('location');
if (!location) {
  process.stderr.write('emulator-launcher: --location DIR is required\n');
  process.exit(2);
}

const emu = new Emulator({
  location,
  port: Number(arg('port', '0')),
  host: '127.0.0.1',
  testApi: true,
  deviceCodeInterval: Number(arg('interval', '1')),
  verbose: !process.argv.includes('--quiet'),
  ...(arg('lro-mode') ? { lroMode: arg('lro-mode') as LroMode } : {}),
});
await emu.start();
process.stdout.write(`EMULATOR-READY ${JSON.stringify({
  port: emu.port, baseUrl: emu.baseUrl, caCertPath: emu.core.ca.caCertPath, location: emu.options.location,
})}\n`);

let stopping = false;
const stop = async (sig: string) => {
  if (stopping) return;
  stopping = true;
  process.stderr.write(`emulator-launcher: ${sig}, stopping\n`);
  try { await emu.stop(); } finally { process.exit(0); }
};
process.on('SIGTERM', () => void stop('SIGTERM'));
process.on('SIGINT', () => void stop('SIGINT'));
