// Build test programs with GNU as + ld exactly as the QEMU oracle does
// (../shared/oracle/harness/build.sh), and run them under QEMU or nvdbg.
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { execFileSync, spawnSync } from 'child_process';
import { repoRoot, sharedDir, hasCommand } from './paths';

export function requireTools(...tools: string[]): void {
  const missing = tools.filter((t) => !hasCommand(t));
  if (missing.length > 0) throw new Error(`missing tools: ${missing.join(', ')} (run scripts/setup.sh)`);
}

/** Assemble and link `source` (GNU as syntax) with the oracle harness; returns the ELF path. */
export function buildElf(source: string, name = 'prog'): string {
  requireTools('aarch64-linux-gnu-as', 'aarch64-linux-gnu-ld');
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'nvdbg-test-'));
  const src = path.join(dir, `${name}.S`);
  fs.writeFileSync(src, source);
  const elf = path.join(dir, `${name}.elf`);
  execFileSync('sh', [path.join(sharedDir(), 'oracle/harness/build.sh'), src, elf], { stdio: ['ignore', 'pipe', 'pipe'] });
  return elf;
}

export interface RunOutput { stdout: string; stderr: string; status: number | null; ms: number }

export function runNvdbg(args: string[], timeoutMs = 60_000, input?: string): RunOutput {
  const t = Date.now();
  const r = spawnSync(process.execPath, [path.join(repoRoot(), 'bin/nvdbg.js'), ...args], { encoding: 'latin1', timeout: timeoutMs, input: input ?? '' });
  return { stdout: r.stdout, stderr: r.stderr, status: r.status, ms: Date.now() - t };
}

export function runQemu(elf: string, timeoutS = 30, cpus = 1): RunOutput {
  requireTools('qemu-system-aarch64');
  const t = Date.now();
  // run_qemu.sh is the oracle's single-CPU command line; with more vCPUs the same flags plus -smp.
  const r = cpus === 1
    ? spawnSync('sh', [path.join(sharedDir(), 'oracle/harness/run_qemu.sh'), elf, String(timeoutS)], { encoding: 'latin1', timeout: (timeoutS + 5) * 1000 })
    : spawnSync('timeout', [String(timeoutS), 'qemu-system-aarch64', '-machine', 'virt,virtualization=on,gic-version=3', '-cpu', 'max', '-smp', String(cpus),
      '-m', '256M', '-nographic', '-monitor', 'none', '-chardev', 'stdio,mux=on,id=con0', '-serial', 'chardev:con0',
      '-semihosting-config', 'enable=on,target=native,chardev=con0', '-kernel', elf], { encoding: 'latin1', timeout: (timeoutS + 5) * 1000, input: '' });
  return { stdout: r.stdout.replace(/\r/g, ''), stderr: r.stderr, status: r.status, ms: Date.now() - t };
}

/**
 * Print helpers for test programs (semihosting): `puts` (x0 = string) and `puthex`
 * (x0 as 16 hex digits and a space; clobbers x0-x7). Needs a `hexbuf` of 24 bytes.
 */
export const PRINT_HELPERS = String.raw`
puts:
    mov     x1, x0
    mov     w0, #0x04
    hlt     #0xf000
    ret
puthex:
    adr     x3, hexbuf
    mov     x5, x0
    mov     x4, #60
1:  lsr     x6, x5, x4
    and     x6, x6, #0xf
    add     x7, x6, #'0'
    cmp     x6, #10
    add     x6, x6, #('a' - 10)
    csel    x6, x7, x6, lo
    strb    w6, [x3], #1
    subs    x4, x4, #4
    b.ge    1b
    mov     w6, #' '
    strb    w6, [x3], #1
    strb    wzr, [x3]
    adr     x1, hexbuf
    mov     w0, #0x04
    hlt     #0xf000
    ret
`;

/** Common prologue: vectors at EL2 that print "EXC ec=.. esr=.. far=.. elr-off=.." and exit(3); puts/puthex; exit. */
export const PRELUDE = String.raw`
    .section .text.boot, "ax"
    .global _start
_start:
    ldr     x0, =0x40100000
    mov     sp, x0
    adr     x0, vectors
    msr     vbar_el2, x0
    isb
    b       main

    .balign 2048
vectors:
    .irp    n, 0,1,2,3,4,5,6,7,8,9,10,11,12,13,14,15
    .balign 128
    mov     x27, #\n
    b       exc_report
    .endr

exc_report:
    adr     x0, s_exc
    bl      puts
    mrs     x0, esr_el2
    bl      puthex
    adr     x0, s_far
    bl      puts
    mrs     x0, far_el2
    bl      puthex
    adr     x0, s_elr
    bl      puts
    mrs     x0, elr_el2
    adr     x1, _start
    sub     x0, x0, x1
    bl      puthex
    adr     x0, s_vec
    bl      puts
    mov     x0, x27
    bl      puthex
    adr     x0, s_nl
    bl      puts
    mov     x0, #3
    b       exit

puts:
    mov     x1, x0
    mov     w0, #0x04
    hlt     #0xf000
    ret

puthex:
    adr     x3, hexbuf
    mov     x5, x0
    mov     x4, #60
1:  lsr     x6, x5, x4
    and     x6, x6, #0xf
    add     x7, x6, #'0'
    cmp     x6, #10
    add     x6, x6, #('a' - 10)
    csel    x6, x7, x6, lo
    strb    w6, [x3], #1
    subs    x4, x4, #4
    b.ge    1b
    strb    wzr, [x3]
    adr     x1, hexbuf
    mov     w0, #0x04
    hlt     #0xf000
    ret

exit:
    adr     x1, exit_block
    str     x0, [x1, #8]
    mov     w0, #0x18
    hlt     #0xf000
    b       .

    .section .rodata
s_exc: .asciz "EXC esr="
s_far: .asciz " far="
s_elr: .asciz " elr-off="
s_vec: .asciz " vec="
s_nl:  .asciz "\n"
    .data
    .balign 8
exit_block: .quad 0x20026, 0
hexbuf:     .space 24
    .text
`;
