// Helper process of bench/listing-cpu.ts: one emulator (durable or in memory) with a directory of N files seeded
// straight through its store (seeding over HTTP would take longer than the measurement), driven over IPC.
//   argv: data folder, "durable" | "memory", [an emulator build's index.js to load instead of this tree's source]
import { writeFile } from 'node:fs/promises';
import { Session } from 'node:inspector/promises';
import { pathToFileURL } from 'node:url';
import { mintToken } from 'adls-gen1-test-support';
import type { Emulator as EmulatorClass } from 'adls-gen1-emulator';

const [location, backend, build] = process.argv.slice(2);
const { Emulator } = (await import(build ? pathToFileURL(build).href : 'adls-gen1-emulator')) as { Emulator: typeof EmulatorClass };
const emu = new Emulator({ port: 0, location, testApi: true, inMemory: backend === 'memory', faults: { rate503: 0, rate429: 0, rateDrop: 0, slowMs: 0 } });
await emu.start();
const info = emu.info();
const user = info.users.find((u) => u.mfa) ?? info.users[0];
const token = await mintToken(emu, { upn: user.username });
const account = info.defaultAccount;
const oid = emu.core.accounts.get(account)!.ownerOid;
const caller = { oid, groups: [oid], superUser: true };

let cpuMark = process.cpuUsage();
let peak = 0;
setInterval(() => { peak = Math.max(peak, process.memoryUsage.rss()); }, 20).unref();
const session = new Session();
session.connect();

type Message = { type: 'seed'; dir: string; entries: number } | { type: 'cpu' } | { type: 'mem' } | { type: 'prof-start' } | { type: 'prof-stop'; file: string } | { type: 'stop' };
process.on('message', (m: Message) => void handle(m).then((answer) => process.send!({ type: m.type, ...answer })));

async function handle(m: Message): Promise<Record<string, unknown>> {
  switch (m.type) {
    case 'seed': {
      const names = m.dir.split('/').filter(Boolean);
      emu.core.store.mkdirs(account, names, caller);
      for (let i = 0; i < m.entries; i++) {
        await emu.core.store.createFile(account, [...names, `f${String(i).padStart(7, '0')}`], caller, { overwrite: true, createParent: false });
      }
      return {};
    }
    case 'cpu': {
      const cpu = process.cpuUsage(cpuMark);
      cpuMark = process.cpuUsage();
      return { seconds: (cpu.user + cpu.system) / 1e6 };
    }
    case 'mem': {
      const rss = process.memoryUsage.rss();
      const answer = { rss, peak: Math.max(peak, rss) };
      peak = rss;
      return answer;
    }
    case 'prof-start':
      await session.post('Profiler.enable');
      await session.post('Profiler.setSamplingInterval', { interval: 100 });
      await session.post('Profiler.start');
      return {};
    case 'prof-stop': {
      const { profile } = await session.post('Profiler.stop');
      await writeFile(m.file, JSON.stringify(profile));
      return {};
    }
    case 'stop':
      await emu.stop();
      setImmediate(() => process.exit(0));
      return {};
  }
}

process.send!({ type: 'ready', port: emu.port, token, caPath: info.caCertPath, account, suffix: info.dataPlaneSuffix });
