import { spawn, spawnSync } from 'node:child_process';
import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startTestEmulator } from '../../emulator/test/helpers.js';
const t = await startTestEmulator();
const env = { ...process.env, ADLS_EMULATOR: t.base, ADLS_CONFIG_DIR: mkdtempSync(join(tmpdir(), 'adls-cfg-')) };
const p = spawn(process.execPath, ['packages/cli/dist/main.js', 'login'], { env });
let err = '';
p.stderr.on('data', async (d) => {
  err += d; process.stdout.write('STDERR: ' + d);
  const m = /code ([A-Z0-9-]{6,})/.exec(err);
  if (m && !(p as any).approved) {
    (p as any).approved = true;
    const r = await t.fetch('/_emulator/device/approve', { method: 'POST', headers: { 'content-type': 'application/json' }, body: JSON.stringify({ user_code: m[1], username: 'alice@adlsemulator.onmicrosoft.com' }) });
    console.log('approve', r.status, await r.text());
  }
});
const code = await new Promise((r) => p.on('exit', r));
console.log('login exit', code);
for (const args of [['group', 'list'], ['account', 'list', '--json'], ['account', 'show', t.emu.info().defaultAccount]]) {
  const r = spawnSync(process.execPath, ['packages/cli/dist/main.js', ...args], { env, encoding: 'utf8' });
  console.log(args.join(' '), r.status, r.stdout, r.stderr);
}
await t.stop();
