#!/bin/sh
# Builds the benchmark ELFs (committed) with GNU as + ld via the oracle harness.
# mixed-mmu.S is mixed.S with the EL2 stage-1 MMU turned on (MMU = 1).
set -e
cd "$(dirname "$0")"
H=../../../shared/oracle/harness/build.sh
sed 's/^    \.equ    MMU, 0 /    .equ    MMU, 1 /' mixed.S > mixed-mmu.S
for p in empty tight mixed mixed-mmu at-loop l2-mixed; do [ -f $p.S ] && sh $H $p.S $p.elf; done
