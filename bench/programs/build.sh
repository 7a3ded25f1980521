#!/bin/sh
# Builds the benchmark ELFs (committed) with GNU as + ld via the oracle harness.
# mixed-mmu.S is mixed.S with the EL2 stage-1 MMU turned on (MMU = 1); at-s1e1r.S and
# at-s12e1r.S are at-loop.S with one kind of AT (OPS = 1, 2).
set -e
cd "$(dirname "$0")"
H=../../../shared/oracle/harness/build.sh
sed 's/^    \.equ    MMU, 0 /    .equ    MMU, 1 /' mixed.S > mixed-mmu.S
sed 's/^    \.equ    OPS, 0$/    .equ    OPS, 1/' at-loop.S > at-s1e1r.S
sed 's/^    \.equ    OPS, 0$/    .equ    OPS, 2/' at-loop.S > at-s12e1r.S
for p in empty tight mixed mixed-mmu at-loop at-s1e1r at-s12e1r l2-mixed; do [ -f $p.S ] && sh $H $p.S $p.elf; done
