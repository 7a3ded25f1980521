#!/usr/bin/env bash
# One-time set-up on a Debian machine (idempotent): the cross toolchain and QEMU
# that the differential tests compare against (GDB: the reference for C locals), then
# the npm dependencies.
set -euo pipefail
cd "$(dirname "$0")/.."
need=()
for p in qemu-system-arm gcc-aarch64-linux-gnu binutils-aarch64-linux-gnu gdb-multiarch python3; do
  dpkg -s "$p" >/dev/null 2>&1 || need+=("$p")
done
if [ ${#need[@]} -gt 0 ]; then
  SUDO=""; [ "$(id -u)" -ne 0 ] && SUDO="sudo"
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get update -qq
  $SUDO env DEBIAN_FRONTEND=noninteractive apt-get install -y -qq --no-install-recommends "${need[@]}" >/dev/null
fi
npm ci --no-audit --no-fund --loglevel=error
npm run build
