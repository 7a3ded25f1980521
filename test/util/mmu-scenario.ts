// Builds translation scenarios in-process: a machine, page tables written
// straight into RAM, and system registers set directly (the walker's inputs).
import { Machine } from '../../src/engine/machine';
import { sysRegIndex } from '../../src/engine/cpu/sysregs/file';
import { Core } from '../../src/engine/isa/execute';
import { Pe } from '../../src/engine/cpu/pe';

export class Scenario {
  readonly m = new Machine({ output: () => {}, memoryMiB: 64 });
  readonly pe: Pe = this.m.pes[0];
  readonly core: Core = this.m.cores[0];
  private next = 0x40400000;

  /** A zeroed table of `bytes` (aligned to its size) from a pool at 0x40400000. */
  table(bytes = 4096): number {
    this.next = Math.ceil(this.next / bytes) * bytes;
    const a = this.next;
    this.next += bytes;
    return a;
  }

  write64(pa: number, v: bigint): void {
    const o = pa - this.m.mem.ramBase;
    this.m.mem.dv.setBigUint64(o, BigInt.asUintN(64, v), true);
  }

  read64(pa: number): bigint { return this.m.mem.dv.getBigUint64(pa - this.m.mem.ramBase, true); }

  /** Descriptor at index `i` of table `t`. */
  desc(t: number, i: number, v: bigint): void { this.write64(t + 8 * i, v); }

  set(name: string, v: bigint): void {
    const x = BigInt.asUintN(64, v);
    this.pe.sys.set(sysRegIndex(name), Number(x & 0xffffffffn) | 0, Number(x >> 32n) | 0);
    this.core.contextChanged();
  }

  /** Snapshot of all RAM and the PE's register file (inspection-walk checks). */
  snapshot(): { ram: Uint8Array; sys: Int32Array; x: Int32Array } {
    return { ram: this.m.mem.ram.slice(), sys: this.pe.sys.v.slice(), x: this.pe.x.slice() };
  }
}

export const split = (v: bigint): [number, number] => [Number(v & 0xffffffffn) | 0, Number((v >> 32n) & 0xffffffffn) | 0];
