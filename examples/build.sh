#!/bin/sh
# Rebuild the committed example ELFs with GNU as + ld (the oracle harness's
# deterministic build). The ELFs are committed so examples run without a cross toolchain.
set -e
cd "$(dirname "$0")"
for s in */*.S; do
  sh ../../shared/oracle/harness/build.sh "$s" "${s%.S}.elf"
done
