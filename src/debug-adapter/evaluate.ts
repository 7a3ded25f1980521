// Expressions for hover, watch and the REPL: general registers (x0/w0/sp/pc/lr/fp),
// system registers (PAR_EL1), fields (HCR_EL2.NV), memory (`[x1, #8]`, 8 bytes at a
// VA in the current regime), numbers, and + / - between them.
import type { Core } from '../engine/isa/execute';
import { viewSysReg, RegisterView } from '../engine/debug/sysview';

/** Reads a system register by name as the user should see it (nested mode: the guest's view). */
export type RegViewer = (name: string) => RegisterView | undefined;
import { DecodedField } from '../engine/cpu/sysregs/registry';
import { describePar } from '../engine/mmu/format';

export interface EvalResult { result: string; fields?: DecodedField[]; memoryReference?: string }

const M64 = (1n << 64n) - 1n;

function gpr(core: Core, name: string): bigint | undefined {
  const x = core.pe.x;
  const pair = (i: number): bigint => (BigInt(x[2 * i + 1] >>> 0) << 32n) | BigInt(x[2 * i] >>> 0);
  const m = /^([xw])([0-9]|[12][0-9]|30)$/.exec(name);
  if (m !== null) { const v = pair(Number(m[2])); return m[1] === 'w' ? v & 0xffffffffn : v; }
  switch (name) {
    case 'sp': return pair(32);
    case 'pc': return (BigInt(core.pe.pcHi >>> 0) << 32n) | BigInt(core.pe.pcLo >>> 0);
    case 'lr': return pair(30);
    case 'fp': return pair(29);
    case 'xzr': case 'wzr': return 0n;
    default: return undefined;
  }
}

function atom(core: Core, t: string, regs: RegViewer): { v: bigint; fields?: DecodedField[]; par?: boolean } | string {
  const s = t.trim();
  if (/^(0x[0-9a-f]+|[0-9]+)$/i.test(s)) return { v: BigInt(s) & M64 };
  const mem = /^\[\s*(\w+)\s*(?:,\s*#?\s*(-?(?:0x[0-9a-f]+|[0-9]+)))?\s*\]$/i.exec(s);
  if (mem !== null) {
    const base = gpr(core, mem[1].toLowerCase());
    if (base === undefined) return `unknown register '${mem[1]}'`;
    const off = mem[2] === undefined ? 0n : mem[2].startsWith('-') ? -BigInt(mem[2].slice(1)) : BigInt(mem[2]);
    const a = (base + off) & M64;
    const b = core.readVirtual(Number(a & 0xffffffffn) | 0, Number(a >> 32n) | 0, 8);
    if (b === undefined) return `cannot read memory at 0x${a.toString(16)} (no translation)`;
    return { v: new DataView(b.buffer).getBigUint64(0, true) };
  }
  const g = gpr(core, s.toLowerCase());
  if (g !== undefined) return { v: g };
  const dot = s.indexOf('.');
  const reg = regs(dot < 0 ? s : s.slice(0, dot));
  if (reg === undefined) return `unknown register or expression '${s}'`;
  const v = (BigInt(reg.hi >>> 0) << 32n) | BigInt(reg.lo >>> 0);
  if (dot < 0) return { v, fields: reg.fields, par: reg.name === 'PAR_EL1' };
  const fname = s.slice(dot + 1).toUpperCase();
  const f = reg.fields.find((x) => x.name.toUpperCase() === fname);
  if (f === undefined) return `${reg.name} has no field '${s.slice(dot + 1)}' (fields: ${reg.fields.map((x) => x.name).join(', ')})`;
  return { v: BigInt(f.hex) };
}

export function evaluateExpression(core: Core, expr: string, hex: boolean, regs: RegViewer = (n) => viewSysReg(core, n)): EvalResult | string {
  const e = expr.trim();
  if (e === '') return 'empty expression';
  // Split on binary + and - outside brackets.
  const parts: { sign: 1n | -1n; text: string }[] = [];
  let depth = 0, cur = '', sign: 1n | -1n = 1n;
  for (const ch of e) {
    if (ch === '[') depth++;
    if (ch === ']') depth--;
    if (depth === 0 && (ch === '+' || ch === '-') && cur.trim() !== '') { parts.push({ sign, text: cur }); sign = ch === '+' ? 1n : -1n; cur = ''; continue; }
    cur += ch;
  }
  parts.push({ sign, text: cur });
  let total = 0n;
  let single: ReturnType<typeof atom> | undefined;
  for (const p of parts) {
    const a = atom(core, p.text, regs);
    if (typeof a === 'string') return a;
    total = (total + p.sign * a.v) & M64;
    single = a;
  }
  const text = hex ? '0x' + total.toString(16).padStart(16, '0') : total.toString();
  if (parts.length === 1 && single !== undefined && typeof single !== 'string' && single.fields !== undefined) {
    const lo = Number(total & 0xffffffffn) | 0, hi = Number(total >> 32n) | 0;
    return { result: single.par === true ? `${text} (${describePar(lo, hi)})` : text, fields: single.fields };
  }
  return { result: text, memoryReference: '0x' + total.toString(16) };
}
