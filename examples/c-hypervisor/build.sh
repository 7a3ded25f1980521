#!/bin/sh
# Build c-hypervisor.elf (-O2) and c-hypervisor-O0.elf (-O0) with GCC.
# -mgeneral-regs-only: nvdbg does not implement FP/SIMD, and a hypervisor should not touch
#   the guest's FP registers anyway.
# -mstrict-align: L1 and L2 run with their stage 1 off, where memory is Device and an
#   unaligned access faults.
# -fno-asynchronous-unwind-tables: CFI goes to .debug_frame (not loaded) instead of .eh_frame.
# -fno-omit-frame-pointer: frame records everywhere, for frame-pointer stack traces.
# Deterministic: relative file names, -ffile-prefix-map, no build ID.
# The entry/vector file is start.s, not start.S: examples/build.sh and the assembler
# differential test (test/diff/asm-diff.test.ts) build every examples/**/*.S on its own
# with GNU as + ld, and start.s alone does not link (it calls main()).
set -e
cd "$(dirname "$0")"
CC=${CC:-aarch64-linux-gnu-gcc}
CFLAGS="-g -ffreestanding -nostdlib -mgeneral-regs-only -mstrict-align -fno-pic -no-pie -static
  -fno-stack-protector -fno-asynchronous-unwind-tables -fno-unwind-tables -fno-omit-frame-pointer
  -ffile-prefix-map=$PWD=. -Wall -Wextra"
LDFLAGS="-T link.ld -Wl,--build-id=none -Wl,-z,max-page-size=0x1000 -Wl,--no-warn-rwx-segments"
SRCS="start.s hyp.c guest.c"

# shellcheck disable=SC2086
$CC -O2 $CFLAGS $LDFLAGS -o c-hypervisor.elf $SRCS
# shellcheck disable=SC2086
$CC -O0 $CFLAGS $LDFLAGS -o c-hypervisor-O0.elf $SRCS
