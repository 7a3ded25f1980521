// The register file behind the registry: one 64-bit cell (two int32) per
// 'plain' register, indexed densely so MRS/MSR cost a table lookup. 'const'
// registers read their reset value; 'special' ones are owned by the PE.
import { parseHexPair } from '../../util/u64';
import { SYSREG_DEFS, QEMU_WRITE_MASKS } from './registry';
import { SysRegDef, sysRegKey } from './types';

/** Registry index by 16-bit encoding key; -1 when unallocated. Shared by all PEs. */
export const SYSREG_INDEX_BY_KEY = new Int16Array(65536).fill(-1);
const INDEX_BY_NAME = new Map<string, number>();
/** Writable bits per register (lo, hi): what survives an MSR (res0/res1 and QEMU's masks). */
const WMASK = new Int32Array(SYSREG_DEFS.length * 2);
const SET1 = new Int32Array(SYSREG_DEFS.length * 2);
const RESET = new Int32Array(SYSREG_DEFS.length * 2);
/** Registers that walk parameters derive from: writing one bumps SysRegFile.version. */
const DERIVED_INPUT = new Uint8Array(SYSREG_DEFS.length);
SYSREG_DEFS.forEach((d, i) => { DERIVED_INPUT[i] = /^(SCTLR|TCR|TTBR[01]|MAIR|HCR|VTCR|VTTBR)_EL[12]$/i.test(d.name) ? 1 : 0; });

SYSREG_DEFS.forEach((d, i) => {
  SYSREG_INDEX_BY_KEY[sysRegKey(d.op0, d.op1, d.crn, d.crm, d.op2)] = i;
  INDEX_BY_NAME.set(d.name.toUpperCase(), i);
  const [rl, rh] = parseHexPair(d.reset);
  let [ml, mh] = QEMU_WRITE_MASKS[d.name] !== undefined ? parseHexPair(QEMU_WRITE_MASKS[d.name]) : [-1, -1];
  if (d.res0 !== undefined) { const [a, b] = parseHexPair(d.res0); ml &= ~a; mh &= ~b; }
  let s1l = 0, s1h = 0;
  if (d.res1 !== undefined) { [s1l, s1h] = parseHexPair(d.res1); ml &= ~s1l; mh &= ~s1h; }
  WMASK[2 * i] = ml; WMASK[2 * i + 1] = mh;
  SET1[2 * i] = s1l; SET1[2 * i + 1] = s1h;
  RESET[2 * i] = rl | s1l; RESET[2 * i + 1] = rh | s1h;
});

export function sysRegIndex(name: string): number {
  const i = INDEX_BY_NAME.get(name.toUpperCase());
  if (i === undefined) throw new Error(`engine: unknown system register ${name}`);
  return i;
}

export function sysRegDef(index: number): SysRegDef { return SYSREG_DEFS[index]; }

/** Number of registers in the registry (size of per-register tables). */
export function sysRegCount(): number { return SYSREG_DEFS.length; }

export class SysRegFile {
  readonly v = new Int32Array(SYSREG_DEFS.length * 2);
  /** Incremented by writes to the registers walk parameters derive from, so those caches know when to rebuild. */
  version = 0;
  /** Derived-state caches keyed by small integers, valid while `version` is unchanged (see mmu/params.ts). */
  readonly derived: { version: number; value: unknown }[] = [];
  constructor() { this.reset(); }

  reset(): void { this.v.set(RESET); this.version++; }

  /** Architectural write (MSR): applies RES0/RES1 and the writable mask. */
  write(i: number, lo: number, hi: number): void {
    // Bits outside the mask keep their value: RES0 bits stay 0 and RES1 bits 1
    // because reset established them; read-only fields keep their reset value.
    this.version += DERIVED_INPUT[i];
    this.v[2 * i] = (lo & WMASK[2 * i]) | (this.v[2 * i] & ~WMASK[2 * i]);
    this.v[2 * i + 1] = (hi & WMASK[2 * i + 1]) | (this.v[2 * i + 1] & ~WMASK[2 * i + 1]);
  }

  /** Raw write (the PE updating ESR/FAR/ELR..., the debugger): no masking. */
  set(i: number, lo: number, hi: number): void { this.v[2 * i] = lo; this.v[2 * i + 1] = hi; this.version += DERIVED_INPUT[i]; }
  lo(i: number): number { return this.v[2 * i]; }
  hi(i: number): number { return this.v[2 * i + 1]; }
}
