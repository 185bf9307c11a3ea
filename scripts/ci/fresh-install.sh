#!/usr/bin/env bash
# What a new user does, on today's npm (12, from the registry), outside this working copy:
#   1. a fresh `git clone` installed with `npm ci`: no dependency's install script may be left unapproved
#      (--strict-allow-scripts fails on one; the log must not say "blocked"), then `npm start` (the README's first command) to GUIDE FLOW DONE and the emulator's smoke start;
#   2. `npm pack` of the publishable packages (each bundles the in-house packages it needs), the CLI's tarball
#      ALONE installed with `npm i -g` into an empty prefix (README "Install"), `adls --version` and the
#      emulator's smoke start from an empty folder;
#   3. the SDK's tarball ALONE installed into an empty folder, imported, and used to get a token from that
#      emulator; the emulator's tarball alone resolves its dependencies (install scripts skipped: the CLI
#      step built better-sqlite3 already).
# Tests the clone's HEAD: commit first. Native builds reuse ccache when .ci/run has set CC/CXX.
set -euo pipefail
repo=$(cd "$(dirname "$0")/../.." && pwd)
work=$(mktemp -d /tmp/adls-fresh-install.XXXXXX)
emu_pid=
cleanup() {
  if [ -n "$emu_pid" ]; then kill "$emu_pid" 2>/dev/null || true; fi
  rm -rf "$work"
}
trap cleanup EXIT
step() { printf '\n== fresh install (%ss): %s\n' "$SECONDS" "$*"; }
fail() { printf 'fresh install: FAILED: %s\n' "$*" >&2; exit 1; }
# Node resolves packages up the folder tree: nothing above the scratch folder may provide one.
for d in /tmp/node_modules /node_modules; do [ ! -e "$d" ] || fail "$d exists: the install would not be isolated"; done

step "npm 12 from the registry"
npm i --prefix "$work/npm12" --no-audit --no-fund --loglevel=error npm@12 >/dev/null 2>&1
npm12() { "$work/npm12/node_modules/.bin/npm" --no-audit --no-fund --prefer-offline "$@"; }
npm12 --version 2>/dev/null

# Runs npm 12 in folder $1, shows its output; fails when npm fails or reports a blocked install script.
install_checked() {
  local dir=$1 log="$work/npm-$RANDOM.log" rc=0
  shift
  (cd "$dir" && npm12 "$@") >"$log" 2>&1 || rc=$?
  # npm 12 supports Node 22.22+ and 24.15+; on Node 20 it warns about itself, and works.
  grep -v 'does not support Node.js' "$log" || true
  [ "$rc" -eq 0 ] || fail "npm $* (exit $rc)"
  if grep -qiE 'scripts? blocked|not covered by allowScripts' "$log"; then
    fail "npm blocked a dependency's install script: review it, then list it in allowScripts (package.json)"
  fi
}

# Runs `<command...> emulator start` in folder $1, waits for its banner, reads /_emulator/info.
# Leaves it running (stop_emulator) with EMU_URL and EMU_CA set.
start_emulator() {
  local dir=$1 data="$work/data-$RANDOM" log="$work/emulator-$RANDOM.log"
  shift
  (cd "$dir" && exec "$@" emulator start --port 0 --location "$data") >"$log" 2>&1 &
  emu_pid=$!
  EMU_URL=
  for _ in $(seq 1 240); do
    EMU_URL=$(sed -n 's/^adls-gen1 emulator listening on \(https:[^ ]*\).*/\1/p' "$log")
    [ -n "$EMU_URL" ] && break
    kill -0 "$emu_pid" 2>/dev/null || { cat "$log"; fail "the emulator exited"; }
    sleep 0.5
  done
  [ -n "$EMU_URL" ] || { cat "$log"; fail "no emulator banner"; }
  EMU_CA="$data/tls/ca.pem"
  NODE_EXTRA_CA_CERTS="$EMU_CA" EMU="$EMU_URL" node --input-type=module -e '
    const info = await (await fetch(`${process.env.EMU}/_emulator/info`)).json();
    if (!info.tenantId || !info.servicePrincipal?.clientId) throw new Error(`unexpected /_emulator/info: ${JSON.stringify(info)}`);
    console.log(`emulator on ${process.env.EMU}: tenant ${info.tenantId}`);'
}
stop_emulator() {
  kill -TERM "$emu_pid"
  wait "$emu_pid" || fail "the emulator did not exit cleanly on SIGTERM"
  emu_pid=
}

step "git clone + npm ci (npm 12, strict install-script policy)"
git clone -q "$repo" "$work/clone"
install_checked "$work/clone" ci --strict-allow-scripts
step "npm start in the clone (the README's first command): the guide flow on the embedded emulator"
(cd "$work/clone" && npm12 start) >"$work/start.log" 2>&1 || { cat "$work/start.log"; fail "npm start failed"; }
grep -q 'GUIDE FLOW DONE' "$work/start.log" || { cat "$work/start.log"; fail "npm start did not reach GUIDE FLOW DONE"; }
tail -n 3 "$work/start.log"
step "tsx (the tests' TypeScript loader) in the clone, whose esbuild postinstall npm 12 did not run (allowScripts: false)"
printf 'const n: number = 6 * 7;\nif (n !== 42) process.exit(1);\nconsole.log("tsx transformed TypeScript");\n' >"$work/tsx-check.ts"
(cd "$work/clone" && node --import tsx "$work/tsx-check.ts") ||
  fail "tsx cannot run without esbuild's postinstall: review allowScripts.esbuild"
step "emulator smoke start from the clone"
start_emulator "$work/clone" node packages/cli/bin/adls.js
stop_emulator

step "npm pack of the SDK, the emulator and the CLI"
mkdir -p "$work/packs"
(cd "$work/clone" && npm12 pack -w packages/sdk -w packages/emulator -w packages/cli --pack-destination "$work/packs" >"$work/pack.log" 2>&1) ||
  { cat "$work/pack.log"; fail "npm pack"; }
ls "$work/packs"
[ ! -e "$work/clone/packages/cli/node_modules" ] || fail "npm pack left the bundled copies in packages/cli/node_modules"

step "npm i -g of the CLI's tarball alone, run from an empty folder"
mkdir -p "$work/empty"
install_checked "$work/empty" i -g --prefix "$work/global" --allow-scripts=better-sqlite3 "$work/packs/adls-gen1-cli-0.1.0.tgz"
adls="$work/global/bin/adls"
(cd "$work/empty" && "$adls" --version)
start_emulator "$work/empty" "$adls"

step "the SDK's tarball alone in an empty folder"
mkdir -p "$work/app"
install_checked "$work/app" i "$work/packs/adls-gen1-0.1.0.tgz"
[ ! -e "$work/app/node_modules/better-sqlite3" ] || fail "the SDK pulled in the emulator's dependencies"
(cd "$work/app" && NODE_EXTRA_CA_CERTS="$EMU_CA" EMU="$EMU_URL" node --input-type=module -e '
  import { ClientSecretCredential, decodeJwtPayload } from "adls-gen1";
  const info = await (await fetch(`${process.env.EMU}/_emulator/info`)).json();
  const { clientId, clientSecret } = info.servicePrincipal;
  const cred = new ClientSecretCredential(info.tenantId, clientId, clientSecret, { authorityHost: process.env.EMU });
  const { token } = await cred.getToken("https://datalake.azure.net//.default");
  console.log(`SDK from its tarball: service principal token for ${decodeJwtPayload(token).aud}`);')
stop_emulator

step "the emulator's tarball alone in an empty folder"
mkdir -p "$work/emu-app"
install_checked "$work/emu-app" i --ignore-scripts "$work/packs/adls-gen1-emulator-0.1.0.tgz"
[ -f "$work/emu-app/node_modules/adls-gen1-emulator/node_modules/adls-gen1-protocol/package.json" ] || fail "the emulator's tarball does not bundle adls-gen1-protocol"
(cd "$work/emu-app/node_modules/adls-gen1-emulator" && node --input-type=module -e '
  const { OPERATIONS } = await import("adls-gen1-protocol");
  console.log(`emulator from its tarball: bundled protocol table of ${Object.keys(OPERATIONS).length} operations`);')
step "passed"
