// The debugger's view of registers: values as the PE reads them and their
// decoded fields, choosing the field layout the current configuration uses
// (PAR_EL1 by F; TCR/SCTLR/CPTR/CNTHCTL_EL2 by HCR_EL2.E2H/TGE).
import type { Core } from '../isa/execute';
import { peekSysReg, pokeSysReg } from '../cpu/sysaccess';
import { sysRegIndex, sysRegDef, SysRegFile } from '../cpu/sysregs/file';
import { SysRegField } from '../cpu/sysregs/types';
import {
  sysRegByName, decodeSysRegFields, formatField, DecodedField, PAR_EL1_FAULT_FIELDS,
  TCR_EL2_E2H1_FIELDS, SCTLR_EL2_E2H1_FIELDS, CPTR_EL2_E2H1_FIELDS, CNTHCTL_EL2_E2H1_FIELDS,
} from '../cpu/sysregs/registry';
import { HCR } from '../cpu/pe';
import { timerOf, timerRead } from '../cpu/timer';
import { hex16 } from '../util/u64';

export interface RegisterView { readonly name: string; readonly lo: number; readonly hi: number; readonly fields: DecodedField[]; readonly doc: string }

function layout(core: Core, name: string, lo: number): readonly SysRegField[] | undefined {
  const pe = core.pe;
  return layoutFor(pe.hcr(HCR.E2H) === 1, pe.hcr(HCR.TGE) === 1, name, lo);
}

function layoutFor(e2h: boolean, tge: boolean, name: string, lo: number): readonly SysRegField[] | undefined {
  switch (name) {
    case 'PAR_EL1': return (lo & 1) === 1 ? PAR_EL1_FAULT_FIELDS : undefined;
    case 'TCR_EL2': return e2h ? TCR_EL2_E2H1_FIELDS : undefined;
    case 'SCTLR_EL2': return e2h && tge ? SCTLR_EL2_E2H1_FIELDS : undefined;
    case 'CPTR_EL2': return e2h ? CPTR_EL2_E2H1_FIELDS : undefined;
    case 'CNTHCTL_EL2': return e2h ? CNTHCTL_EL2_E2H1_FIELDS : undefined;
    default: return undefined;
  }
}

/** A system register by name (any case, or S<op0>_<op1>_C<n>_C<m>_<op2>); undefined if unknown. */
export function viewSysReg(core: Core, name: string): RegisterView | undefined {
  const def = sysRegByName(name);
  if (def === undefined) return undefined;
  const [lo, hi] = peekSysReg(core, sysRegIndex(def.name));
  return { name: def.name, lo, hi, fields: decodeSysRegFields(def, lo, hi, layout(core, def.name, lo)), doc: def.doc };
}

export { formatField, hex16, sysRegDef };

/**
 * A plain (file-backed) register of a register file that is not the PE's own: the
 * host model's view of a guest (virtual EL2 registers, L2's EL1 registers). `hcr`
 * is the HCR_EL2 value that selects field layouts (the virtual one).
 */
export function viewSysRegIn(sys: SysRegFile, hcrHi: number, hcrLo: number, name: string, counter?: number): RegisterView | undefined {
  const def = sysRegByName(name);
  if (def === undefined) return undefined;
  const i = sysRegIndex(def.name);
  // Timer CTL/TVAL registers read as the guest would read them (ISTATUS, TVAL computed) at counter value `counter`.
  const timer = counter === undefined ? undefined : timerOf(i);
  if (timer === undefined && (def.storage ?? 'plain') !== 'plain') return undefined;
  const [lo, hi] = timer !== undefined ? timerRead(sys, timer, i, counter as number) : [sys.lo(i), sys.hi(i)];
  const e2h = ((hcrHi >>> (HCR.E2H - 32)) & 1) === 1, tge = ((hcrLo >>> HCR.TGE) & 1) === 1;
  return { name: def.name, lo, hi, fields: decodeSysRegFields(def, lo, hi, layoutFor(e2h, tge, def.name, lo)), doc: def.doc };
}

/** PSTATE as NZCV/DAIF/EL/SP and the other fields, for the Registers scope. */
export function pstateFields(core: Core): { name: string; value: string }[] {
  const pe = core.pe;
  const flag = (b: number, c: string): string => (b === 1 ? c : c.toLowerCase());
  return [
    { name: 'NZCV', value: flag(pe.n, 'N') + flag(pe.z, 'Z') + flag(pe.c, 'C') + flag(pe.v, 'V') },
    { name: 'EL', value: `${pe.el}` },
    { name: 'SP', value: pe.spsel === 0 ? 'SP_EL0 (t)' : `SP_EL${pe.el} (h)` },
    { name: 'DAIF', value: ['D', 'A', 'I', 'F'].map((c, i) => ((pe.daif >>> (9 - i)) & 1 ? c : c.toLowerCase())).join('') },
    { name: 'PAN', value: `${pe.pan}` }, { name: 'UAO', value: `${pe.uao}` }, { name: 'DIT', value: `${pe.dit}` },
    { name: 'SSBS', value: `${pe.ssbs}` }, { name: 'BTYPE', value: `${pe.btype}` }, { name: 'IL', value: `${pe.il}` }, { name: 'SS', value: `${pe.ss}` },
  ];
}

/** The register value (lo, hi) with field `f` replaced by `value`, or why it does not fit. */
export function replaceField(lo: number, hi: number, f: Pick<DecodedField, 'name' | 'msb' | 'lsb'>, value: bigint): [number, number] | string {
  const width = BigInt(f.msb - f.lsb + 1), mask = ((1n << width) - 1n) << BigInt(f.lsb);
  if (value >= 1n << width) return `${f.name} is ${width} bits wide`;
  const nv = (((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)) & ~mask) | (value << BigInt(f.lsb));
  return [Number(nv & 0xffffffffn) | 0, Number(nv >> 32n) | 0];
}

/** Set a system register by name (MSR semantics: RES0/RES1 and read-only bits stay); returns the new view. */
export function setSysReg(core: Core, name: string, lo: number, hi: number): RegisterView | undefined {
  const def = sysRegByName(name);
  if (def === undefined || def.access === 'RO') return undefined;
  pokeSysReg(core, sysRegIndex(def.name), lo, hi);
  return viewSysReg(core, def.name);
}
