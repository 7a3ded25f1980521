// Variable references for the Variables view: scopes are built lazily and
// every system register expands into its decoded fields
// (`NAME [msb:lsb] = value (meaning)`, DESIGN.md "Scopes").
import { DebugProtocol } from '@vscode/debugprotocol';
import { Handles } from '@vscode/debugadapter';
import type { Machine } from '../engine/machine';
import type { Core } from '../engine/isa/execute';
import { viewSysReg, viewSysRegIn, pstateFields, formatField, setSysReg, replaceField, RegisterView } from '../engine/debug/sysview';
import type { AtEmulation } from '../engine/host/events';
import type { HostModel } from '../engine/host/host';
import { sysRegIndex } from '../engine/cpu/sysregs/file';
import { R } from '../engine/cpu/pe';
import { counterValue } from '../engine/cpu/sysaccess';
import { mappedRanges } from './nested';
import type { CVariable } from './c-source';
import { DecodedField } from '../engine/cpu/sysregs/registry';
import { hex16 } from '../engine/util/u64';
import { AtRecord } from '../engine/mmu/mmu';
import { describePar, formatWalk } from '../engine/mmu/format';
import { REGIME_NAMES, WalkTrace } from '../engine/mmu/types';

const EL1_REGS = ['SCTLR_EL1', 'TCR_EL1', 'TTBR0_EL1', 'TTBR1_EL1', 'MAIR_EL1', 'AMAIR_EL1', 'VBAR_EL1', 'ESR_EL1', 'FAR_EL1', 'ELR_EL1', 'SPSR_EL1',
  'PAR_EL1', 'CONTEXTIDR_EL1', 'TPIDR_EL1', 'TPIDR_EL0', 'CPACR_EL1', 'SP_EL0', 'SP_EL1', 'CNTKCTL_EL1'];
const EL2_REGS = ['HCR_EL2', 'SCTLR_EL2', 'TCR_EL2', 'TTBR0_EL2', 'TTBR1_EL2', 'MAIR_EL2', 'VBAR_EL2', 'ESR_EL2', 'FAR_EL2', 'HPFAR_EL2', 'ELR_EL2',
  'SPSR_EL2', 'VTCR_EL2', 'VTTBR_EL2', 'CPTR_EL2', 'MDCR_EL2', 'HSTR_EL2', 'CNTHCTL_EL2', 'CNTVOFF_EL2', 'CNTHP_CTL_EL2', 'CNTHP_CVAL_EL2',
  'CNTHV_CTL_EL2', 'CNTHV_CVAL_EL2', 'VPIDR_EL2', 'VMPIDR_EL2', 'TPIDR_EL2'];

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

  /** Fields of a register the host model keeps (nested mode): edits go through HostModel.setGuestReg. */
  private addGuestFields(v: RegisterView, host: HostModel, core: Core): number {
    const ref = this.handles.create(() => v.fields.map((f) => ({ name: formatField(f).split(' = ')[0], value: f.hex + (f.meaning !== undefined ? ` (${f.meaning})` : ''), variablesReference: 0 })));
    this.setter(ref, (name, value) => {
      const f = v.fields.find((x) => formatField(x).split(' = ')[0] === name);
      if (f === undefined) return `${name}: unknown field`;
      const nv = replaceField(v.lo, v.hi, { ...f, name }, value);
      if (typeof nv === 'string') return nv;
      host.setGuestReg(core, sysRegIndex(v.name), nv[0], nv[1]);
      return { value: '0x' + (value).toString(16) };
    });
    return ref;
  }

  /** Registers as the guest sees them (nested mode): L2's EL1 registers, the virtual EL2 registers. */
  private guestRegs(host: HostModel, core: Core, names: readonly string[]): Provider {
    return (hex) => {
      const view = host.viewOf(core);
      const hHi = view.sys.hi(R.HCR_EL2), hLo = view.sys.lo(R.HCR_EL2);
      return names.flatMap((n) => {
        const v = viewSysRegIn(view.sys, hHi, hLo, n, counterValue(core.pe)) ?? viewSysReg(core, n);
        if (v === undefined) return [];
        return [{ name: v.name, value: num(v.lo, v.hi, hex), variablesReference: this.addGuestFields(v, host, core), presentationHint: { kind: 'property' } }];
      });
    };
  }

  private guestSetter(host: HostModel, core: Core): Setter {
    return (name, value) => {
      const lo = Number(value & 0xffffffffn) | 0, hi = Number(value >> 32n) | 0;
      let idx: number;
      try { idx = sysRegIndex(name); } catch { return `${name} is unknown`; }
      host.setGuestReg(core, idx, lo, hi);
      const view = host.viewOf(core);
      return { value: num(view.sys.lo(idx), view.sys.hi(idx), true) };
    };
  }

  /** The host's shadow stage-2 MMUs: one entry per MMU, its key and state, and its mapped ranges (paged). */
  private shadowMmus(host: HostModel): Provider {
    return (hex) => host.mmus.map((mm) => {
      const ranges = mappedRanges(mm);
      const key = `VTTBR ${num(mm.tlbVttbrLo, mm.tlbVttbrHi, true)} VTCR 0x${(mm.tlbVtcr >>> 0).toString(16)}`;
      const rangesRef = this.handles.create(() => ranges.map(([ipa, pa, n], i) => ({
        name: `[${i}] ipa 0x${(ipa * 4096).toString(16)}`, value: `-> pa 0x${(pa * 4096).toString(16)}, ${n} page${n === 1 ? '' : 's'}`,
        variablesReference: 0, memoryReference: `pa:0x${(pa * 4096).toString(16)}`,
      })));
      const details = this.handles.create(() => [
        { name: 'key', value: mm.valid ? `${key}, HCR_EL2.VM ${mm.nestedStage2Enabled ? 1 : 0}` : '(never used)', variablesReference: 0 },
        { name: 'guest VMID', value: `${mm.guestVmid()}`, variablesReference: 0 },
        { name: 'host VMID', value: `${mm.vmid}`, variablesReference: 0 },
        { name: 'nested stage 2 enabled', value: `${mm.nestedStage2Enabled}`, variablesReference: 0 },
        { name: 'refcount', value: `${mm.refcnt}`, variablesReference: 0 },
        { name: 'pending unmap', value: `${mm.pendingUnmap}`, variablesReference: 0 },
        { name: 'root table', value: mm.root === 0 ? 'none' : `pa 0x${mm.root.toString(16)}`, variablesReference: 0, ...(mm.root !== 0 ? { memoryReference: `pa:0x${mm.root.toString(16)}` } : {}) },
        { name: 'mapped ranges', value: `${ranges.length} range${ranges.length === 1 ? '' : 's'}, ${mm.pages.size} page${mm.pages.size === 1 ? '' : 's'}`, variablesReference: rangesRef, indexedVariables: ranges.length },
      ]);
      void hex;
      return {
        name: `mmu${mm.index}`,
        value: mm.valid ? `guest VMID ${mm.guestVmid()} (${key}), host VMID ${mm.vmid}, refcount ${mm.refcnt}${mm.pendingUnmap ? ', pending unmap' : ''}, ${mm.pages.size} pages` : 'unused',
        variablesReference: details,
      };
    });
  }

  /** Locals and parameters of a C frame (values computed when the scope was asked for). */
  locals(vars: readonly CVariable[]): number {
    return this.handles.create(() => vars.map((v) => ({
      name: v.name, value: v.value, type: v.type, variablesReference: 0,
      presentationHint: { kind: v.isParameter ? 'property' : 'data' },
      ...(v.address !== undefined ? { memoryReference: '0x' + v.address.toString(16) } : {}),
    })));
  }

  /** Every descriptor fetch of a walk (stage-2 sub-walks included), each with a memory reference to the descriptor. */
  private fetchesVar(traces: readonly (WalkTrace | undefined)[]): DebugProtocol.Variable {
    const rows: DebugProtocol.Variable[] = [];
    const visit = (t: WalkTrace, indent: string): void => {
      for (const st of t.steps) {
        if (st.s2 !== undefined) visit(st.s2, indent + '  ');
        const pa = st.descriptorPa >= 0 ? st.descriptorPa : undefined;
        rows.push({
          name: `${indent}S${st.stage} L${st.level} [${st.index}]`,
          value: `${st.kind} 0x${hex16(st.descLo, st.descHi)} at ${st.stage === 1 && t.stage === 1 && pa !== st.descriptorAddress ? `ipa 0x${st.descriptorAddress.toString(16)} -> ` : ''}${pa === undefined ? 'no PA' : `pa 0x${pa.toString(16)}`}`,
          variablesReference: 0,
          ...(pa !== undefined ? { memoryReference: `pa:0x${pa.toString(16)}` } : {}),
        });
      }
    };
    for (const t of traces) if (t !== undefined) visit(t, '');
    return { name: 'descriptor fetches', value: `${rows.length}`, variablesReference: this.handles.create(() => rows), indexedVariables: rows.length };
  }

  addFields(fields: DecodedField[], core?: Core, reg?: string): number {
    const ref = this.handles.create(() => fields.map((f) => ({ name: formatField(f).split(' = ')[0], value: f.hex + (f.meaning !== undefined ? ` (${f.meaning})` : ''), variablesReference: 0 })));
    if (core !== undefined && reg !== undefined) {
      // A field edit rewrites the whole register with that field replaced (MSR semantics apply).
      this.setter(ref, (name, value) => {
        const f = fields.find((x) => formatField(x).split(' = ')[0] === name);
        const cur = viewSysReg(core, reg);
        if (f === undefined || cur === undefined) return `${name}: unknown field`;
        const nv = replaceField(cur.lo, cur.hi, { ...f, name }, value);
        if (typeof nv === 'string') return nv;
        const after = setSysReg(core, reg, nv[0], nv[1]);
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

  scopes(m: Machine, cpu: number, atWalks: readonly AtRecord[], atEmulations: readonly AtEmulation[] = []): ScopeRef[] {
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
      variablesReference: this.handles.create(() => [
        ...[r.translation.s1, r.translation.s2].flatMap((t) => (t === undefined ? [] : formatWalk(t))).map((line, j) => ({ name: `${j}`, value: line, variablesReference: 0 })),
        this.fetchesVar([r.translation.s1, r.translation.s2]),
      ]),
    }));
    const host = m.host;
    if (host !== undefined) {
      const emus: Provider = () => [...atEmulations].reverse().map((e, i) => ({
        name: `#${atEmulations.length - i} AT ${e.op} 0x${hex16(e.vaLo, e.vaHi)}`,
        value: `${REGIME_NAMES[e.regime]} ${e.path} path ${e.par === undefined ? 'PAR_EL1 unchanged' : `PAR=0x${hex16(e.par[0], e.par[1])} ${describePar(e.par[0], e.par[1])}`}${e.divergent ? ` DIVERGENT (architecture: ${e.archAbort ? 'Data Abort' : e.archPar === undefined ? '-' : '0x' + hex16(e.archPar[0], e.archPar[1])})` : ''}`,
        variablesReference: this.handles.create(() => [
          { name: 'path', value: `${e.path}${e.reason !== '' ? ` (${e.reason})` : ''}`, variablesReference: 0 },
          { name: 'PAR_EL1 written', value: e.par === undefined ? 'none (left stale)' : `0x${hex16(e.par[0], e.par[1])} ${describePar(e.par[0], e.par[1])}`, variablesReference: 0 },
          { name: 'architectural PAR_EL1', value: e.archAbort ? 'none: the architecture takes a Data Abort (external abort on the walk)' : e.archPar === undefined ? '-' : `0x${hex16(e.archPar[0], e.archPar[1])} ${describePar(e.archPar[0], e.archPar[1])}`, variablesReference: 0 },
          { name: 'divergent', value: `${e.divergent}`, variablesReference: 0 },
          ...[e.translation.s1, e.translation.s2].flatMap((t) => (t === undefined ? [] : formatWalk(t))).map((line, j) => ({ name: `walk ${j}`, value: line, variablesReference: 0 })),
          this.fetchesVar([e.translation.s1, e.translation.s2]),
        ]),
      }));
      const both: Provider = (hex) => [...emus(hex), ...walks(hex).map((v) => ({ ...v, name: `${v.name} (on the PE)` }))];
      return [
        { name: 'Registers', ref: this.setter(this.handles.create(regs), this.registerSetter(core)), expensive: false },
        { name: 'EL1 System Registers', ref: this.setter(this.handles.create(this.guestRegs(host, core, EL1_REGS)), this.guestSetter(host, core)), expensive: false },
        { name: 'Virtual EL2 Registers', ref: this.setter(this.handles.create(this.guestRegs(host, core, EL2_REGS)), this.guestSetter(host, core)), expensive: false },
        { name: 'Shadow Stage-2 MMUs', ref: this.handles.create(this.shadowMmus(host)), expensive: false },
        { name: 'AT Walks', ref: this.handles.create(both), expensive: false },
        { name: 'TLB', ref: this.handles.create(tlb), expensive: true },
      ];
    }
    return [
      { name: 'Registers', ref: this.setter(this.handles.create(regs), this.registerSetter(core)), expensive: false },
      { name: 'EL1 System Registers', ref: this.setter(this.handles.create(this.sysregs(core, EL1_REGS)), this.sysregSetter(core)), expensive: false },
      { name: 'EL2 System Registers', ref: this.setter(this.handles.create(this.sysregs(core, EL2_REGS)), this.sysregSetter(core)), expensive: false },
      { name: 'AT Walks', ref: this.handles.create(walks), expensive: false },
      { name: 'TLB', ref: this.handles.create(tlb), expensive: true },
    ];
  }
}
