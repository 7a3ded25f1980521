// The webview's model, free of DOM and VS Code: the 2-D walk grid of an AT, the set of
// descriptors a walk touched (highlighted in the page-table tree) and a ptdump-style
// coalescing of page-table entries into ranges. Tested in test/unit/webview-model.test.ts.
import type { AtWalkJson, WalkJson, PageTableEntryJson } from '../src/debug-adapter/protocol';

/** One cell of the 2-D walk: a descriptor fetch. */
export interface WalkCell {
  readonly stage: 1 | 2;
  readonly level: number;
  readonly descriptorPa: string | null;
  readonly descriptorAddress: string;
  readonly descriptor: string;
  readonly kind: string;
  readonly fault: boolean;
  /** A stage-2 fetch made for a stage-1 table access (S1PTW). */
  readonly s1ptw: boolean;
}

/** Rows: one per stage-1 level (its stage-2 sub-walk, then the stage-1 fetch), then the final stage-2 walk of the output. */
export interface WalkGrid {
  readonly rows: { readonly label: string; readonly s2: WalkCell[]; readonly s1: WalkCell | undefined }[];
  readonly final: WalkCell[];
  readonly faultText: string | undefined;
  readonly output: string | undefined;
}

function cellsOf(w: WalkJson, s1ptw: boolean, faultAtEnd: boolean): WalkCell[] {
  return w.steps.map((s, i) => ({
    stage: s.stage, level: s.level, descriptorPa: s.descriptorPa, descriptorAddress: s.descriptorAddress, descriptor: s.descriptor,
    kind: s.kind, fault: faultAtEnd && i === w.steps.length - 1, s1ptw,
  }));
}

export function walkGrid(at: AtWalkJson): WalkGrid {
  const s1 = at.stage1;
  if (s1 === null) {
    const s2 = at.stage2;
    return { rows: [], final: s2 === null ? [] : cellsOf(s2, false, s2.fault !== undefined), faultText: s2?.fault?.text, output: s2?.output };
  }
  const rows = s1.steps.map((st, i) => {
    const last = i === s1.steps.length - 1;
    const s2 = st.s2 === undefined ? [] : cellsOf(st.s2, true, st.s2.fault !== undefined);
    const s2Faulted = st.s2?.fault !== undefined;
    return {
      label: `S1 L${st.level}`,
      s2,
      s1: s2Faulted ? undefined : {
        stage: 1 as const, level: st.level, descriptorPa: st.descriptorPa, descriptorAddress: st.descriptorAddress, descriptor: st.descriptor, kind: st.kind,
        fault: last && s1.fault !== undefined && s1.fault.stage === 1, s1ptw: false,
      },
    };
  });
  const fin = s1.finalStage2;
  return {
    rows,
    final: fin === undefined ? [] : cellsOf(fin, false, fin.fault !== undefined),
    faultText: s1.fault?.text ?? fin?.fault?.text,
    output: fin?.output ?? s1.output,
  };
}

/** PAs of every descriptor an AT's walk read (stage 1, the stage-2 sub-walks, the final stage 2). */
export function walkedDescriptors(at: AtWalkJson): Set<string> {
  const out = new Set<string>();
  const visit = (w: WalkJson | null | undefined): void => {
    if (w === null || w === undefined) return;
    for (const s of w.steps) { if (s.descriptorPa !== null) out.add(s.descriptorPa.toLowerCase()); visit(s.s2); }
    visit(w.finalStage2);
  };
  visit(at.stage1);
  visit(at.stage2);
  return out;
}

/** A run of consecutive valid leaf entries mapping contiguous output (ptdump style). */
export interface Range { readonly start: bigint; readonly end: bigint; readonly out: bigint; readonly kind: string; readonly count: number }

/** Coalesce the entries of one table (base input address `base`) into ranges of contiguous blocks/pages. */
export function coalesce(entries: readonly PageTableEntryJson[], base: bigint): Range[] {
  const out: Range[] = [];
  for (const e of entries) {
    if (e.kind !== 'block' && e.kind !== 'page') continue;
    const start = base + BigInt(e.inputOffset), size = BigInt(e.size), pa = BigInt(e.address ?? '0');
    const last = out[out.length - 1];
    if (last !== undefined && last.end === start && last.out + (last.end - last.start) === pa && last.kind === e.kind) {
      out[out.length - 1] = { ...last, end: start + size, count: last.count + 1 };
    } else {
      out.push({ start, end: start + size, out: pa, kind: e.kind, count: 1 });
    }
  }
  return out;
}

export const hex = (v: bigint): string => '0x' + v.toString(16);

/**
 * The attributes of a block/page descriptor in words (the Arm ARM field names): stage 1
 * AttrIndx, AP, SH, AF, nG, PXN/UXN, DBM, Contiguous; stage 2 MemAttr, S2AP, SH, AF, XN.
 * Table descriptors: the hierarchical controls (APTable, UXNTable, PXNTable).
 */
export function decodeDescriptor(desc: string, stage: 1 | 2, kind: string): string {
  const v = BigInt(desc);
  const b = (n: number): number => Number((v >> BigInt(n)) & 1n);
  const f = (lsb: number, w: number): number => Number((v >> BigInt(lsb)) & ((1n << BigInt(w)) - 1n));
  if (kind === 'table') {
    const parts = [f(61, 2) !== 0 ? `APTable=${f(61, 2)}` : '', b(60) ? 'UXNTable' : '', b(59) ? 'PXNTable' : ''].filter((x) => x !== '');
    return parts.length > 0 ? parts.join(' ') : 'no hierarchical restrictions';
  }
  if (kind !== 'block' && kind !== 'page') return '';
  const sh = ['NSH', 'reserved', 'OSH', 'ISH'][f(8, 2)];
  if (stage === 2) {
    const s2ap = ['none', 'RO', 'WO', 'RW'][f(6, 2)];
    return `MemAttr=0x${f(2, 4).toString(16)} S2AP=${s2ap} ${sh}${b(10) ? ' AF' : ' AF=0'}${f(53, 2) !== 0 ? ` XN=${f(53, 2)}` : ''}${b(52) ? ' Contiguous' : ''}`;
  }
  const ap = ['EL1 RW', 'EL1+EL0 RW', 'EL1 RO', 'EL1+EL0 RO'][f(6, 2)];
  return `AttrIndx=${f(2, 3)} AP=${ap} ${sh}${b(10) ? ' AF' : ' AF=0'}${b(11) ? ' nG' : ''}${b(53) ? ' PXN' : ''}${b(54) ? ' UXN' : ''}${b(51) ? ' DBM' : ''}${b(52) ? ' Contiguous' : ''}`;
}
