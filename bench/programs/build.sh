#!/bin/sh
# Builds the benchmark ELFs (committed) with GNU as + ld via the oracle harness.
# Variants are made from their source with sed and built from a temporary copy (only
# the source and the ELFs are kept): mixed-mmu from mixed.S with the EL2 stage-1 MMU on
# (MMU = 1), at-s1e1r and at-s12e1r from at-loop.S with one kind of AT (OPS = 1, 2).
set -e
cd "$(dirname "$0")"
H=../../../shared/oracle/harness/build.sh
T=$(mktemp -d)
trap 'rm -rf "$T"' EXIT
sed 's/^    \.equ    MMU, 0 /    .equ    MMU, 1 /' mixed.S > "$T/mixed-mmu.S"
sed 's/^    \.equ    OPS, 0$/    .equ    OPS, 1/' at-loop.S > "$T/at-s1e1r.S"
sed 's/^    \.equ    OPS, 0$/    .equ    OPS, 2/' at-loop.S > "$T/at-s12e1r.S"
for p in empty tight mixed at-loop l2-mixed; do sh $H $p.S $p.elf; done
for p in mixed-mmu at-s1e1r at-s12e1r; do sh $H "$T/$p.S" $p.elf; done
