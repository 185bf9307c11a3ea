import { Option, type Command } from 'commander';
import type { Emulator } from 'adls-gen1-emulator';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { CliError, EXIT } from '../exit.js';
import { parsePort as port, startFailure } from './emulator.js';

const size = (name: string) => (v: string) => {
  const m = /^(\d+)([kmg]i?b?)?$/i.exec(v.trim());
  if (!m) throw new CliError(`${name}: expected a size such as 24MiB, got '${v}'`, EXIT.BAD_INPUT);
  const unit = (m[2] ?? '').toLowerCase()[0];
  return Number(m[1]) * (unit === 'k' ? 1024 : unit === 'm' ? 1024 ** 2 : unit === 'g' ? 1024 ** 3 : 1);
};

/**
 * `adls demo` (what `npm start` runs): the main job. Starts the embedded emulator and runs the guide's
 * whole flow against it in TypeScript.
 */
export function registerDemoCommand(program: Command): void {
  program.command('demo')
    .description("run the guide's whole flow (device code sign-in with MFA, resource group, account, files, clean-up) on the embedded emulator")
    .option('--interactive', 'complete the sign-in yourself in a browser instead of the automated page walk', false)
    .option('--location <dir>', 'emulator data folder (default: a temporary folder removed afterwards)')
    .addOption(new Option('--port <port>', 'emulator port').argParser(port).default(0, 'any free port'))
    .addOption(new Option('--file-size <size>', 'size of the multi-chunk transfer file').argParser(size('--file-size')).default(24 * 1024 ** 2, '24MiB'))
    .addOption(new Option('--chunk-size <size>', 'transfer chunk size').argParser(size('--chunk-size')).default(4 * 1024 ** 2, '4MiB'))
    .action(async (o) => {
      // Loaded only when the demo runs: the emulator is not part of every command's start-up.
      const [{ Emulator: EmulatorClass }, { runGuideFlow }] = await Promise.all([import('adls-gen1-emulator'), import('../demo/guide-flow.js')]);
      const location = o.location ?? mkdtempSync(join(tmpdir(), 'adls-demo-emulator-'));
      const removeTemp = () => { if (!o.location) rmSync(location, { recursive: true, force: true }); };
      let emu: Emulator;
      try {
        emu = new EmulatorClass({ location, port: Number(o.port), deviceCodeInterval: 1 });
      } catch (e) {
        removeTemp();
        throw e;
      }
      try {
        await emu.start();
      } catch (e) {
        // A busy --port: one line naming the port and the flag, and no temporary folder left behind.
        await emu.stop().catch(() => {});
        removeTemp();
        throw startFailure(e, '127.0.0.1', Number(o.port));
      }
      const info = emu.info();
      process.stdout.write(`Embedded emulator (Azure AD + Resource Manager + Data Lake Store Gen1) on ${info.authorityHost}\n`);
      process.stdout.write(`   data folder ${location}; CA ${info.caCertPath}\n`);
      try {
        await runGuideFlow({
          info, caPem: emu.core.ca.caCertPem, interactive: o.interactive, bigFileBytes: o.fileSize, chunkSize: o.chunkSize,
          out: process.stdout, location,
        });
      } finally {
        await emu.stop();
        removeTemp();
      }
    });
}
