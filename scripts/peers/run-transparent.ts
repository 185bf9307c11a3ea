// Entry point inside the namespaces for transparent-harness.ts:
//   node --conditions=source --import tsx scripts/peers/run-transparent.ts CONFIG.json RESULT.json
import { readFileSync, writeFileSync } from 'node:fs';
import { runTransparentInside, type TransparentOptions } from './transparent-harness.js';

const [configPath, resultPath] = process.argv.slice(2);
const opts = JSON.parse(readFileSync(configPath, 'utf8')) as TransparentOptions & { workDir: string };
const result = await runTransparentInside(opts);
writeFileSync(resultPath, JSON.stringify(result, null, 2));
process.exit(result.error || result.steps.some((s) => s.exitCode !== 0) ? 1 : 0);
