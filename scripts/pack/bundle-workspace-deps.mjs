// prepack/postpack of the publishable packages: the in-house packages they depend on are not on the npm
// registry, so each tarball carries them (package.json `bundleDependencies`).
// - npm pack takes bundled packages from the package's own node_modules, not from the workspace's hoisted
//   links (<root>/node_modules/<name>), so `copy` puts a real copy of each one's published files there
//   and `remove` deletes it after packing.
// - npm expects the dependencies of a bundled package to be in the bundle as well (it would install empty
//   placeholders for them, without their install scripts). The copies therefore declare no dependencies:
//   the bundling package declares each of them itself, with the same range (Node finds them one folder up),
//   and `copy` refuses to pack when one is missing.
//   node ../../scripts/pack/bundle-workspace-deps.mjs copy|remove     (run in the package's folder)
import { cpSync, existsSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';

const root = resolve(dirname(fileURLToPath(import.meta.url)), '../..');
const action = process.argv[2];
const pkg = JSON.parse(readFileSync('package.json', 'utf8'));
const bundled = pkg.bundleDependencies ?? [];
const workspaceDirs = Object.fromEntries(JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')).workspaces
  .map((dir) => [JSON.parse(readFileSync(join(root, dir, 'package.json'), 'utf8')).name, join(root, dir)]));

if (action === 'copy') {
  const missing = bundled.flatMap((name) => Object.entries(manifest(name).dependencies ?? {})
    .filter(([dep, range]) => !bundled.includes(dep) && pkg.dependencies?.[dep] !== range)
    .map(([dep, range]) => `"${dep}": "${range}" (from ${name})`));
  if (missing.length > 0) throw new Error(`${pkg.name} bundles packages whose dependencies it does not declare: add to its dependencies ${missing.join(', ')}`);
  for (const name of bundled) copyPublished(name, join('node_modules', name));
} else if (action === 'remove') {
  for (const name of bundled) rmSync(join('node_modules', name), { recursive: true, force: true });
  if (existsSync('node_modules') && readdirSync('node_modules').length === 0) rmSync('node_modules', { recursive: true });
} else {
  throw new Error('usage: bundle-workspace-deps.mjs copy|remove');
}

function manifest(name) {
  if (!workspaceDirs[name]) throw new Error(`${name} (bundleDependencies) is not a workspace package`);
  return JSON.parse(readFileSync(join(workspaceDirs[name], 'package.json'), 'utf8'));
}

/** The package's `files` (without build info) and a package.json without dependencies or scripts. */
function copyPublished(name, to) {
  const from = workspaceDirs[name];
  const { dependencies: _d, devDependencies: _dd, bundleDependencies: _b, scripts: _s, ...published } = manifest(name);
  if (!existsSync(join(from, 'dist'))) throw new Error(`${name} is not built: run npm run build first`);
  rmSync(to, { recursive: true, force: true });
  mkdirSync(to, { recursive: true });
  for (const entry of published.files ?? []) {
    if (entry.startsWith('!') || !existsSync(join(from, entry))) continue;
    cpSync(join(from, entry), join(to, entry), { recursive: true, filter: (src) => !src.endsWith('.tsbuildinfo') });
  }
  writeFileSync(join(to, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
}
