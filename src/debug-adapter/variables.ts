// Variable references for the Variables view: scopes are built lazily and
// every system register expands into its decoded fields
// (`NAME [msb:lsb] = value (meaning)`, DESIGN.md "Scopes").
import { DebugProtocol } from '@vscode/debugprotocol';
import { Handles } from '@vscode/debugadapter';
import type { Machine } from '../engine/machine';
import type { Core } from '../engine/isa/execute';
import { viewSysReg, pstateFields, formatField, setSysReg } from '../engine/debug/sysview';
import { DecodedField } from '../engine/cpu/sysregs/registry';
import { hex16 } from '../engine/util/u64';
import { AtRecord } from '../engine/mmu/mmu';
import { describePar, formatWalk } from '../engine/mmu/format';
import { REGIME_NAMES } from '../engine/mmu/types';

const EL1_REGS = ['SCTLR_EL1', 'TCR_EL1', 'TTBR0_EL1', 'TTBR1_EL1', 'MAIR_EL1', 'AMAIR_EL1', 'VBAR_EL1', 'ESR_EL1', 'FAR_EL1', 'ELR_EL1', 'SPSR_EL1',
  'PAR_EL1', 'CONTEXTIDR_EL1', 'TPIDR_EL1', 'TPIDR_EL0', 'CPACR_EL1', 'SP_EL0', 'SP_EL1', 'CNTKCTL_EL1'];
const EL2_REGS = ['HCR_EL2', 'SCTLR_EL2', 'TCR_EL2', 'TTBR0_EL2', 'TTBR1_EL2', 'MAIR_EL2', 'VBAR_EL2', 'ESR_EL2', 'FAR_EL2', 'HPFAR_EL2', 'ELR_EL2',
  'SPSR_EL2', 'VTCR_EL2', 'VTTBR_EL2', 'CPTR_EL2', 'MDCR_EL2', 'HSTR_EL2', 'CNTHCTL_EL2', 'CNTVOFF_EL2', 'VPIDR_EL2', 'VMPIDR_EL2', 'TPIDR_EL2'];

type Provider = (hex: boolean) => DebugProtocol.Variable[];
/** Sets child `name` of a container to the value text; returns the new value text or an error message. */
type Setter = (name: string, value: bigint) => { value: string } | string;

const num = (lo: number, hi: number, hex: boolean): string => (hex ? '0x' + hex16(lo, hi) : ((BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0)).toString());

export interface ScopeRef { name: string; ref: number; expensive: boolean }

export class Variables {
  private handles = new Handles<Provider>();
  private setters = new Map<number, Setter>();

  /** Forget all references (after the program ran: values are stale). */
  reset(): void { this.handles.reset(); this.setters.clear(); }

  /** setVariable: parse the value and apply it through the container's setter. */
  set(ref: number, name: string, text: string): { value: string } | string {
    const setter = this.setters.get(ref);
    if (setter === undefined) return `${name} cannot be changed here`;
    const t = text.trim().replace(/_/g, '');
    let v: bigint;
    try { v = /^-/.test(t) ? BigInt.asUintN(64, -BigInt(t.slice(1))) : BigInt(t); } catch { return `'${text}' is not a number (use 0x… or decimal)`; }
    if (v < 0n || v >= 1n << 64n) return `'${text}' does not fit in 64 bits`;
    return setter(name, v);
  }

  private setter(ref: number, s: Setter): number { this.setters.set(ref, s); return ref; }

  get(ref: number, hex: boolean): DebugProtocol.Variable[] | undefined {
    const p = this.handles.get(ref);
    return p === undefined ? undefined : p(hex);
  }

  addFields(fields: DecodedField[], core?: Core, reg?: string): number {
    const ref = this.handles.create(() => fields.map((f) => ({ name: formatField(f).split(' = ')[0], value: f.hex + (f.meaning !== undefined ? ` (${f.meaning})` : ''), variablesReference: 0 })));
    if (core !== undefined && reg !== undefined) {
      // A field edit rewrites the whole register with that field replaced (MSR semantics apply).
      this.setter(ref, (name, value) => {
        const f = fields.find((x) => formatField(x).split(' = ')[0] === name);
        const cur = viewSysReg(core, reg);
        if (f === undefined || cur === undefined) return `${name}: unknown field`;
        const width = BigInt(f.msb - f.lsb + 1), mask = ((1n << width) - 1n) << BigInt(f.lsb);
        if (value >= 1n << width) return `${name} is ${width} bits wide`;
        const old = (BigInt(cur.hi >>> 0) << 32n) | BigInt(cur.lo >>> 0);
        const nv = (old & ~mask) | (value << BigInt(f.lsb));
        const after = setSysReg(core, reg, Number(nv & 0xffffffffn) | 0, Number(nv >> 32n) | 0);
        if (after === undefined) return `${reg} is read-only`;
        const nf = after.fields.find((x) => x.name === f.name);
        return { value: nf === undefined ? '?' : nf.hex + (nf.meaning !== undefined ? ` (${nf.meaning})` : '') };
      });
    }
    return ref;
  }

  private sysregs(core: Core, names: readonly string[]): Provider {
    return (hex) => names.flatMap((n) => {
      const v = viewSysReg(core, n);
      if (v === undefined) return [];
      return [{ name: v.name, value: num(v.lo, v.hi, hex), variablesReference: this.addFields(v.fields, core, v.name), presentationHint: { kind: 'property' } }];
    });
  }

  private sysregSetter(core: Core): Setter {
    return (name, value) => {
      const after = setSysReg(core, name, Number(value & 0xffffffffn) | 0, Number(value >> 32n) | 0);
      return after === undefined ? `${name} is read-only or unknown` : { value: num(after.lo, after.hi, true) };
    };
  }

  private registerSetter(core: Core): Setter {
    return (name, value) => {
      const pe = core.pe;
      const lo = Number(value & 0xffffffffn) | 0, hi = Number(value >> 32n) | 0;
      const m = /^x([0-9]|[12][0-9]|30)$/.exec(name);
      if (m !== null) { const i = Number(m[1]); pe.x[2 * i] = lo; pe.x[2 * i + 1] = hi; }
      else if (name === 'sp') { pe.x[64] = lo; pe.x[65] = hi; }
      else if (name === 'pc') { pe.pcLo = lo; pe.pcHi = hi; core.contextChanged(); }
      else return `${name} cannot be changed (edit PSTATE fields through NZCV, DAIF, ... in the system register scopes)`;
      return { value: num(lo, hi, true) };
    };
  }

  scopes(m: Machine, cpu: number, atWalks: readonly AtRecord[]): ScopeRef[] {
    const core = m.cores[cpu];
    const regs: Provider = (hex) => {
      const pe = core.pe;
      const out: DebugProtocol.Variable[] = [];
      for (let i = 0; i < 31; i++) out.push({ name: `x${i}`, value: num(pe.x[2 * i], pe.x[2 * i + 1], hex), variablesReference: 0, memoryReference: '0x' + hex16(pe.x[2 * i], pe.x[2 * i + 1]) });
      out.push({ name: 'sp', value: num(pe.x[64], pe.x[65], hex), variablesReference: 0, memoryReference: '0x' + hex16(pe.x[64], pe.x[65]) });
      out.push({ name: 'pc', value: num(pe.pcLo, pe.pcHi, hex), variablesReference: 0, memoryReference: '0x' + hex16(pe.pcLo, pe.pcHi) });
      const fields = pstateFields(core);
      out.push({ name: 'pstate', value: fields.map((f) => `${f.name}=${f.value}`).slice(0, 4).join(' '), variablesReference: this.handles.create(() => fields.map((f) => ({ name: f.name, value: f.value, variablesReference: 0 }))) });
      return out;
    };
    const tlb: Provider = () => m.mmu.tlbEntries(core).map((e) => ({
      name: `[${e.index}] va 0x${(e.vaPage << 12n).toString(16)}`,
      value: `pa 0x${e.pa.toString(16)} ${REGIME_NAMES[e.regime]} L${e.level}${e.global ? ' global' : ` asid ${e.asid}`}${e.regime === 0 ? ` vmid ${e.vmid}` : ''}${e.stale ? ` STALE (tables now give ${e.nowPa < 0 ? 'a fault' : '0x' + e.nowPa.toString(16)})` : ''}`,
      variablesReference: 0,
    }));
    const walks: Provider = () => [...atWalks].reverse().map((r, i) => ({
      name: `#${atWalks.length - i} AT ${r.op} 0x${hex16(r.vaLo, r.vaHi)}`,
      value: `${REGIME_NAMES[r.regime]} PAR=0x${hex16(r.parLo, r.parHi)} ${describePar(r.parLo, r.parHi)}`,
      variablesReference: this.handles.create(() => [r.translation.s1, r.translation.s2].flatMap((t) => (t === undefined ? [] : formatWalk(t))).map((line, j) => ({ name: `${j}`, value: line, variablesReference: 0 }))),
    }));
    return [
      { name: 'Registers', ref: this.setter(this.handles.create(regs), this.registerSetter(core)), expensive: false },
      { name: 'EL1 System Registers', ref: this.setter(this.handles.create(this.sysregs(core, EL1_REGS)), this.sysregSetter(core)), expensive: false },
      { name: 'EL2 System Registers', ref: this.setter(this.handles.create(this.sysregs(core, EL2_REGS)), this.sysregSetter(core)), expensive: false },
      { name: 'AT Walks', ref: this.handles.create(walks), expensive: false },
      { name: 'TLB', ref: this.handles.create(tlb), expensive: true },
    ];
  }
}
