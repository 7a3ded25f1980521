// Upstream KVM fixes after the AT merge (nv-semantics.md section 7) that are properties of the
// walk itself: each program runs under QEMU 7.2, nvdbg bare and nvdbg --nested (the host's
// software walker), and all three must print the same.
import { strict as assert } from 'assert';
import { buildElf, runNvdbg, runQemu, PRELUDE } from '../util/gnu';

function agree3(name: string, body: string): string {
  const elf = buildElf(PRELUDE + body, name);
  const q = runQemu(elf);
  const bare = runNvdbg(['run', elf, '--max-insns', '10000000']);
  const nested = runNvdbg(['run', '--nested', '--trace', 'at', elf, '--max-insns', '10000000']);
  assert.equal(bare.stdout, q.stdout, `${name}: bare nvdbg vs QEMU\n${bare.stderr}`);
  assert.equal(nested.stdout, q.stdout, `${name}: nested nvdbg vs QEMU\n${nested.stderr}`);
  assert.doesNotMatch(nested.stderr, /DIVERGENT/);
  return q.stdout;
}

describe('regressions of section 7 that live in the walker (QEMU, bare and nested agree)', function () {
  this.timeout(60_000);
  it('"nv: Respect stage-2 write permission when setting stage-1 AF": a hardware AF update through a read-only stage 2 is a stage-2 permission fault on the walk, and the descriptor keeps AF = 0', () => {
    const out = agree3('af-s2-ro', String.raw`
main:
    // stage 2: IPA 1G..2G via a level-2 table; 0x40000000 2M RW, 0x40200000 2M read-only (the S1 tables)
    ldr x1, =0x40400000
    ldr x2, =0x40401000
    orr x3, x2, #3
    str x3, [x1, #8]
    ldr x3, =(0x40000000 | (1<<10) | (3<<8) | (3<<6) | (0xf<<2) | 1)
    str x3, [x2]
    ldr x3, =(0x40200000 | (1<<10) | (3<<8) | (1<<6) | (0xf<<2) | 1)
    str x3, [x2, #8]
    ldr x0, =((1<<31) | (3<<12) | (1<<10) | (1<<8) | (1<<6) | 32)
    msr vtcr_el2, x0
    msr vttbr_el2, x1
    // stage 1: L1 at 0x40200000; L1[1] = 1G block at 0x40000000 with AF = 0
    ldr x1, =0x40200000
    ldr x3, =(0x40000000 | (3<<8) | 1)
    str x3, [x1, #8]
    ldr x0, =0xff
    msr mair_el1, x0
    ldr x0, =((1<<39) | (1<<23) | (3<<12) | (1<<10) | (1<<8) | 25)
    msr tcr_el1, x0
    msr ttbr0_el1, x1
    ldr x0, =0x30d00801
    msr sctlr_el1, x0
    ldr x0, =((1<<31) | 1)
    msr hcr_el2, x0
    isb
    ldr x9, =0x40000000
    at s1e1r, x9
    isb
    mrs x0, par_el1
    bl puthex
    adr x0, s_nl
    bl puts
    at s12e1r, x9
    isb
    mrs x0, par_el1
    bl puthex
    adr x0, s_nl
    bl puts
    ldr x1, =0x40200008
    ldr x0, [x1]
    bl puthex
    adr x0, s_nl
    bl puts
    // now with the S1 table page writable at stage 2: AF gets set
    ldr x2, =0x40401000
    ldr x3, =(0x40200000 | (1<<10) | (3<<8) | (3<<6) | (0xf<<2) | 1)
    str x3, [x2, #8]
    tlbi alle1
    dsb sy
    isb
    at s1e1r, x9
    isb
    mrs x0, par_el1
    bl puthex
    adr x0, s_nl
    bl puts
    ldr x1, =0x40200008
    ldr x0, [x1]
    bl puthex
    adr x0, s_nl
    bl puts
    mov x0, #0
    b exit
`);
    const lines = out.trim().split('\n');
    // AT S1E1R and AT S12E1R: F=1, FST = permission fault level 1 (the stage-1 level), PTW=1, S=1.
    assert.deepEqual(lines.slice(0, 3), ['0000000000000b1b', '0000000000000b1b', '0000000040000301']);
    // With the table page writable at stage 2 the update happens and the AT succeeds.
    assert.deepEqual(lines.slice(3, 5), ['ff00000040000b80', '0000000040000701']);
  });
});
