#!/usr/bin/env bash
# Runs the guide's Python flow (shared/peers/seed_flow.py, unmodified) against the emulator inside a
# private network + mount namespace. Needs root (or unprivileged user namespaces), iproute2, util-linux
# and Debian's python3-adal python3-msrestazure python3-azure python3-azure-datalake-store.
# Options: see scripts/peers/run-seed-flow.ts (e.g. --steps arm_auth --approve pages --keep).
set -euo pipefail
cd "$(dirname "$0")/../.."
exec node --conditions=source --import tsx scripts/peers/run-seed-flow.ts "$@"
