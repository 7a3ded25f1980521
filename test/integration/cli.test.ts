// The `nvdbg run` contract (DESIGN.md "CLI"): stdout carries only guest output,
// exit status = SYS_EXIT code, 124 for an exhausted budget, 2 for bad input.
import { strict as assert } from 'assert';
import * as fs from 'fs';
import * as os from 'os';
import * as path from 'path';
import { buildElf, runNvdbg, runQemu, PRELUDE } from '../util/gnu';

function tmpFile(name: string, data: Uint8Array | string): string {
  const d = fs.mkdtempSync(path.join(os.tmpdir(), 'nvdbg-cli-'));
  const p = path.join(d, name);
  fs.writeFileSync(p, data);
  return p;
}

describe('nvdbg run: exit status and output channels', () => {
  let hello: string;
  before(() => { hello = buildElf(PRELUDE + 'main:\n    adr x0, msg\n    bl puts\n    mov x0, #42\n    b exit\n    .section .rodata\nmsg: .asciz "hi\\n"\n', 'hello'); });

  it('prints only the program output on stdout and exits with its SYS_EXIT code', () => {
    const r = runNvdbg(['run', hello]);
    assert.equal(r.stdout, 'hi\n');
    assert.equal(r.stderr, '');
    assert.equal(r.status, 42);
    assert.equal(runQemu(hello).status, 42, 'QEMU agrees on the exit status');
  });

  it('an endless loop with --max-insns exits 124 promptly and says so on stderr', () => {
    const elf = buildElf(PRELUDE + 'main:\n1:  add x1, x1, #1\n    b 1b\n', 'loop');
    const r = runNvdbg(['run', elf, '--max-insns', '20000000']);
    assert.equal(r.status, 124);
    assert.equal(r.stdout, '');
    assert.match(r.stderr, /instruction budget of 20000000 exhausted at PC 0x00000000400/);
    assert.ok(r.ms < 3000, `took ${r.ms} ms`);
  });

  it('--trace exc shows an instruction abort on a branch to unmapped memory', () => {
    const elf = buildElf(PRELUDE + 'main:\n    ldr x0, =0x60000000\n    br x0\n', 'brun');
    const r = runNvdbg(['run', elf, '--trace', 'exc']);
    assert.equal(r.status, 3, 'the handler exits 3');
    assert.match(r.stderr, /exc cpu0 EL2->EL2 instruction abort, same EL: synchronous external abort ESR=0x86000010 ELR=0x0000000060000000 FAR=0x0000000060000000 -> 0x0000000040080a00/);
  });

  it('--trace exc --json writes JSON lines', () => {
    const elf = buildElf(PRELUDE + 'main:\n    .inst 0\n', 'undefjson');
    const out = path.join(fs.mkdtempSync(path.join(os.tmpdir(), 'nvdbg-json-')), 'trace.jsonl');
    const r = runNvdbg(['run', elf, '--trace', 'exc', `--json=${out}`]);
    assert.equal(r.status, 3);
    const lines = fs.readFileSync(out, 'utf8').trim().split('\n').map((l) => JSON.parse(l) as Record<string, unknown>);
    assert.equal(lines[0].type, 'exception');
    assert.equal(lines[0].ec, 0);
    assert.equal(lines[0].esr, '0x2000000');
  });

  describe('bad input exits 2 with file: message', () => {
    it('missing file', () => {
      const r = runNvdbg(['run', '/nonexistent/prog.elf']);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /^\/nonexistent\/prog\.elf: cannot read/);
    });
    it('not an ELF file', () => {
      const p = tmpFile('text.elf', 'hello world, not an elf\n');
      const r = runNvdbg(['run', p]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /text\.elf: not an ELF file/);
    });
    it('truncated ELF', () => {
      const p = tmpFile('trunc.elf', fs.readFileSync(hello).subarray(0, 40));
      const r = runNvdbg(['run', p]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /trunc\.elf: .*truncated/i);
    });
    it('big-endian ELF', () => {
      const b = Buffer.from(fs.readFileSync(hello));
      b[5] = 2; // EI_DATA = ELFDATA2MSB
      const r = runNvdbg(['run', tmpFile('be.elf', b)]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /be\.elf: .*big-endian/i);
    });
    it('segment outside RAM', () => {
      const b = Buffer.from(fs.readFileSync(hello));
      const phoff = Number(b.readBigUInt64LE(0x20));
      b.writeBigUInt64LE(0x80000000n, phoff + 24); // p_paddr of the first PT_LOAD
      const r = runNvdbg(['run', tmpFile('far.elf', b)]);
      assert.equal(r.status, 2);
      assert.match(r.stderr, /outside RAM/);
    });
    it('bad options', () => {
      for (const args of [['run'], ['run', hello, '--cpus', '0'], ['run', hello, '--trace', 'bogus'], ['run', hello, '--policy', 'x'], ['frobnicate']]) {
        const r = runNvdbg(args);
        assert.equal(r.status, 2, args.join(' '));
        assert.match(r.stderr, /nvdbg: /);
      }
    });
  });
});

describe('nvdbg run: architecture where QEMU 7.2 departs from the Arm ARM', () => {
  it('an unaligned load with stage 1 off takes an Alignment fault (Device-nGnRnE, Arm ARM B2.5.2); QEMU 7.2 does not check', () => {
    const elf = buildElf(PRELUDE + 'main:\n    ldr x1, =0x40100001\n    ldr x2, [x1]\n    mov x0, #0\n    b exit\n', 'unaligned');
    const r = runNvdbg(['run', elf]);
    // DFSC 0x21 alignment, ISV=1 with SAS=3, SRT=2, SF=1 as QEMU reports for EL2 data aborts.
    assert.match(r.stdout, /EXC esr=0*97c28021 far=0*40100001/);
    assert.equal(runQemu(elf).stdout, '', 'QEMU 7.2 performs the access without a fault (documented departure)');
  });
});
