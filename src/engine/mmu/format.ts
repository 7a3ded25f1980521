// Text renderings of walks, PAR_EL1 and TLB entries: the `--trace walk` format,
// golden files, and the debugger's plain-text views.
import { hex16 } from '../util/u64';
import { encodeFsc, FaultType, REGIME_NAMES, WalkFault, WalkTrace } from './types';
import { fscName } from '../cpu/describe';

const FAULT_NAMES: Record<number, string> = {
  [FaultType.TRANSLATION]: 'translation', [FaultType.ADDRESS_SIZE]: 'address size', [FaultType.ACCESS_FLAG]: 'access flag',
  [FaultType.PERMISSION]: 'permission', [FaultType.SEA_WALK]: 'external abort on walk', [FaultType.ALIGNMENT]: 'alignment',
};

export function hexNum(n: number): string { return '0x' + n.toString(16); }

export function describeFault(f: WalkFault): string {
  return `stage ${f.stage} ${FAULT_NAMES[f.type] ?? 'fault'} fault, level ${f.level}${f.s1ptw ? ' (on a stage-1 table walk)' : ''}` +
    ` FSC=0x${encodeFsc(f).toString(16).padStart(2, '0')}${f.stage === 2 ? ` IPA=${hexNum(f.ipa)}` : ''}`;
}

/** Multi-line rendering of a walk and its nested stage-2 walks, indented by `indent`. */
export function formatWalk(t: WalkTrace, indent = ''): string[] {
  const out: string[] = [];
  const input = t.stage === 1 ? `VA 0x${hex16(t.inLo, t.inHi)}` : `IPA ${hexNum((t.inHi >>> 0) * 4294967296 + (t.inLo >>> 0))}`;
  out.push(`${indent}stage ${t.stage} ${REGIME_NAMES[t.regime]} ${input} granule ${t.granule / 1024}K start L${t.startLevel}`);
  for (const s of t.steps) {
    const addr = s.stage === 1 && s.s2 !== undefined ? `desc IPA ${hexNum(s.descriptorAddress)} PA ${s.descriptorPa < 0 ? '-' : hexNum(s.descriptorPa)}` : `desc ${hexNum(s.descriptorAddress)}`;
    out.push(`${indent}  L${s.level} table ${hexNum(s.tableAddress)}[${s.index}] ${addr} = 0x${hex16(s.descLo, s.descHi)} ${s.kind}`);
    if (s.s2 !== undefined) out.push(...formatWalk(s.s2, indent + '    '));
  }
  if (t.fault !== undefined) out.push(`${indent}  fault: ${describeFault(t.fault)}`);
  else {
    const p = t.perms;
    const perm = p === undefined ? '' : ` perms ${p.pr ? 'R' : '-'}${p.pw ? 'W' : '-'}${p.px ? 'X' : '-'}/${p.ur ? 'r' : '-'}${p.uw ? 'w' : '-'}${p.ux ? 'x' : '-'}`;
    const a = t.attrs === undefined ? '' : t.stage === 1 ? ` attr 0x${t.attrs.attr.toString(16).padStart(2, '0')} sh ${t.attrs.sh}` : ` memattr 0x${t.attrs.attr.toString(16)} sh ${t.attrs.sh}`;
    out.push(`${indent}  => ${hexNum(t.out)} (L${t.level}, ${t.blockSize / 1024}K)${perm}${a}`);
  }
  if (t.s2final !== undefined) {
    out.push(`${indent}  final IPA:`);
    out.push(...formatWalk(t.s2final, indent + '    '));
  }
  return out;
}

/** PAR_EL1 decoded in both formats (F=0: PA, ATTR, SH, NS; F=1: FST, S, PTW). */
export function describePar(lo: number, hi: number): string {
  if ((lo & 1) === 1) {
    const fst = (lo >>> 1) & 0x3f;
    return `F=1 FST=0x${fst.toString(16).padStart(2, '0')} (${fscName(fst)}) S=${(lo >>> 9) & 1} PTW=${(lo >>> 8) & 1}`;
  }
  const pa = (hi & 0xfffff) * 4294967296 + ((lo & ~0xfff) >>> 0);
  return `F=0 PA=${hexNum(pa)} ATTR=0x${((hi >>> 24) & 0xff).toString(16).padStart(2, '0')} SH=${(lo >>> 7) & 3} NS=${(lo >>> 9) & 1}`;
}
