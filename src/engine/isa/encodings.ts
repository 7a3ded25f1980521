// The one A64 encoding table. Each row is one encoding from the Arm ARM
// "A64 Instruction Set Encoding" index: a 32-bit pattern of fixed bits and named
// fields. The decoder (decoder.ts), the fuzzer (test/diff) and, later, the
// assembler and disassembler are all built from these rows, so they cannot
// disagree about which words are which instruction.
//
// Pattern syntax: tokens separated by spaces, most significant first; a token
// is either literal bits ('0', '1', '100010') or a field 'name:width'. Fields
// named 'x' are ignored bits (SBO/SBZ positions QEMU does not check).

import { Op } from './ops';

/** How an encoding's register field treats the number 31. */
export type Reg31 = 'zr' | 'sp';

/** Broad groups, used by the fuzzer and for documentation. */
export type EncClass =
  | 'dp-imm' | 'dp-reg' | 'branch' | 'exception' | 'system' | 'hint' | 'barrier'
  | 'load' | 'store' | 'load-pair' | 'store-pair' | 'exclusive' | 'atomic' | 'prefetch';

export interface FieldDef { readonly name: string; readonly lsb: number; readonly width: number }

export interface EncodingRow {
  /** Unique identifier (mnemonic + form). */
  readonly id: string;
  /** Base mnemonic as objdump prints it when no alias applies. */
  readonly mnemonic: string;
  readonly op: Op;
  readonly cls: EncClass;
  readonly mask: number;    // uint32: which bits are fixed
  readonly value: number;   // uint32: their values
  readonly fields: readonly FieldDef[];
  /** Register fields and the meaning of 31 in each (fields not listed are not registers). */
  readonly regs: Readonly<Record<string, Reg31>>;
  /** Access size in bytes for memory encodings when fixed by the row (else from the size field). */
  readonly bytes?: number;
  /** Architecture feature that the row requires (documentation; all are in QEMU -cpu max). */
  readonly feature?: string;
}

function parsePattern(pattern: string): { mask: number; value: number; fields: FieldDef[] } {
  let pos = 32, mask = 0, value = 0;
  const fields: FieldDef[] = [];
  for (const tok of pattern.trim().split(/\s+/)) {
    const m = /^([A-Za-z][A-Za-z0-9_]*):(\d+)$/.exec(tok);
    if (m) {
      const width = Number(m[2]);
      pos -= width;
      if (m[1] !== 'x') fields.push({ name: m[1], lsb: pos, width });
      continue;
    }
    if (!/^[01]+$/.test(tok)) throw new Error(`bad pattern token '${tok}' in '${pattern}'`);
    for (const ch of tok) {
      pos -= 1;
      mask |= 1 << pos;
      if (ch === '1') value |= 1 << pos;
    }
  }
  if (pos !== 0) throw new Error(`pattern '${pattern}' is ${32 - pos} bits, not 32`);
  return { mask: mask >>> 0, value: value >>> 0, fields };
}

interface RowOpts { regs?: Record<string, Reg31>; bytes?: number; feature?: string }

const rows: EncodingRow[] = [];
function E(id: string, mnemonic: string, op: Op, cls: EncClass, pattern: string, o: RowOpts = {}): void {
  const { mask, value, fields } = parsePattern(pattern);
  rows.push({ id, mnemonic, op, cls, mask, value, fields, regs: o.regs ?? {}, bytes: o.bytes, feature: o.feature });
}

const RdRn = { Rd: 'zr', Rn: 'zr' } as const;
const RdRnRm = { Rd: 'zr', Rn: 'zr', Rm: 'zr' } as const;

// ---- Data processing, immediate (C4.1.86) ---------------------------------
E('ADR', 'adr', Op.ADR, 'dp-imm', '0 immlo:2 10000 immhi:19 Rd:5', { regs: { Rd: 'zr' } });
E('ADRP', 'adrp', Op.ADRP, 'dp-imm', '1 immlo:2 10000 immhi:19 Rd:5', { regs: { Rd: 'zr' } });
E('ADD_imm', 'add', Op.ADD_IMM, 'dp-imm', 'sf:1 0 0 100010 sh:1 imm12:12 Rn:5 Rd:5', { regs: { Rd: 'sp', Rn: 'sp' } });
E('ADDS_imm', 'adds', Op.ADDS_IMM, 'dp-imm', 'sf:1 0 1 100010 sh:1 imm12:12 Rn:5 Rd:5', { regs: { Rd: 'zr', Rn: 'sp' } });
E('SUB_imm', 'sub', Op.SUB_IMM, 'dp-imm', 'sf:1 1 0 100010 sh:1 imm12:12 Rn:5 Rd:5', { regs: { Rd: 'sp', Rn: 'sp' } });
E('SUBS_imm', 'subs', Op.SUBS_IMM, 'dp-imm', 'sf:1 1 1 100010 sh:1 imm12:12 Rn:5 Rd:5', { regs: { Rd: 'zr', Rn: 'sp' } });
E('AND_imm', 'and', Op.AND_IMM, 'dp-imm', 'sf:1 00 100100 N:1 immr:6 imms:6 Rn:5 Rd:5', { regs: { Rd: 'sp', Rn: 'zr' } });
E('ORR_imm', 'orr', Op.ORR_IMM, 'dp-imm', 'sf:1 01 100100 N:1 immr:6 imms:6 Rn:5 Rd:5', { regs: { Rd: 'sp', Rn: 'zr' } });
E('EOR_imm', 'eor', Op.EOR_IMM, 'dp-imm', 'sf:1 10 100100 N:1 immr:6 imms:6 Rn:5 Rd:5', { regs: { Rd: 'sp', Rn: 'zr' } });
E('ANDS_imm', 'ands', Op.ANDS_IMM, 'dp-imm', 'sf:1 11 100100 N:1 immr:6 imms:6 Rn:5 Rd:5', { regs: RdRn });
E('MOVN', 'movn', Op.MOVN, 'dp-imm', 'sf:1 00 100101 hw:2 imm16:16 Rd:5', { regs: { Rd: 'zr' } });
E('MOVZ', 'movz', Op.MOVZ, 'dp-imm', 'sf:1 10 100101 hw:2 imm16:16 Rd:5', { regs: { Rd: 'zr' } });
E('MOVK', 'movk', Op.MOVK, 'dp-imm', 'sf:1 11 100101 hw:2 imm16:16 Rd:5', { regs: { Rd: 'zr' } });
E('SBFM', 'sbfm', Op.SBFM, 'dp-imm', 'sf:1 00 100110 N:1 immr:6 imms:6 Rn:5 Rd:5', { regs: RdRn });
E('BFM', 'bfm', Op.BFM, 'dp-imm', 'sf:1 01 100110 N:1 immr:6 imms:6 Rn:5 Rd:5', { regs: RdRn });
E('UBFM', 'ubfm', Op.UBFM, 'dp-imm', 'sf:1 10 100110 N:1 immr:6 imms:6 Rn:5 Rd:5', { regs: RdRn });
E('EXTR', 'extr', Op.EXTR, 'dp-imm', 'sf:1 00 100111 N:1 0 Rm:5 imms:6 Rn:5 Rd:5', { regs: RdRnRm });

// ---- Branches, exception generation, system (C4.1.87) ---------------------
E('B_cond', 'b', Op.B_COND, 'branch', '0101010 0 imm19:19 0 cond:4');
E('SVC', 'svc', Op.SVC, 'exception', '11010100 000 imm16:16 000 01');
E('HVC', 'hvc', Op.HVC, 'exception', '11010100 000 imm16:16 000 10');
E('SMC', 'smc', Op.SMC, 'exception', '11010100 000 imm16:16 000 11');
E('BRK', 'brk', Op.BRK, 'exception', '11010100 001 imm16:16 000 00');
E('HLT', 'hlt', Op.HLT, 'exception', '11010100 010 imm16:16 000 00');
E('HINT', 'hint', Op.HINT, 'hint', '1101010100 0 00 011 0010 CRm:4 op2:3 11111');
E('CLREX', 'clrex', Op.CLREX, 'barrier', '1101010100 0 00 011 0011 CRm:4 010 11111');
E('DSB', 'dsb', Op.BARRIER, 'barrier', '1101010100 0 00 011 0011 CRm:4 100 11111');
E('DMB', 'dmb', Op.BARRIER, 'barrier', '1101010100 0 00 011 0011 CRm:4 101 11111');
E('ISB', 'isb', Op.BARRIER, 'barrier', '1101010100 0 00 011 0011 CRm:4 110 11111');
E('SB', 'sb', Op.BARRIER, 'barrier', '1101010100 0 00 011 0011 0000 111 11111', { feature: 'FEAT_SB' });
E('MSR_imm', 'msr', Op.MSR_IMM, 'system', '1101010100 0 00 op1:3 0100 CRm:4 op2:3 11111');
E('SYS', 'sys', Op.SYS, 'system', '1101010100 0 01 op1:3 CRn:4 CRm:4 op2:3 Rt:5', { regs: { Rt: 'zr' } });
E('SYSL', 'sysl', Op.SYSL, 'system', '1101010100 1 01 op1:3 CRn:4 CRm:4 op2:3 Rt:5', { regs: { Rt: 'zr' } });
E('MSR_reg', 'msr', Op.MSR_REG, 'system', '1101010100 0 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5', { regs: { Rt: 'zr' } });
E('MRS', 'mrs', Op.MRS, 'system', '1101010100 1 1 o0:1 op1:3 CRn:4 CRm:4 op2:3 Rt:5', { regs: { Rt: 'zr' } });
E('BR', 'br', Op.BR, 'branch', '1101011 0000 11111 000000 Rn:5 00000', { regs: { Rn: 'zr' } });
E('BLR', 'blr', Op.BLR, 'branch', '1101011 0001 11111 000000 Rn:5 00000', { regs: { Rn: 'zr' } });
E('RET', 'ret', Op.RET, 'branch', '1101011 0010 11111 000000 Rn:5 00000', { regs: { Rn: 'zr' } });
E('ERET', 'eret', Op.ERET, 'branch', '1101011 0100 11111 000000 11111 00000');
E('B', 'b', Op.B, 'branch', '0 00101 imm26:26');
E('BL', 'bl', Op.BL, 'branch', '1 00101 imm26:26');
E('CBZ', 'cbz', Op.CBZ, 'branch', 'sf:1 011010 0 imm19:19 Rt:5', { regs: { Rt: 'zr' } });
E('CBNZ', 'cbnz', Op.CBNZ, 'branch', 'sf:1 011010 1 imm19:19 Rt:5', { regs: { Rt: 'zr' } });
E('TBZ', 'tbz', Op.TBZ, 'branch', 'b5:1 011011 0 b40:5 imm14:14 Rt:5', { regs: { Rt: 'zr' } });
E('TBNZ', 'tbnz', Op.TBNZ, 'branch', 'b5:1 011011 1 b40:5 imm14:14 Rt:5', { regs: { Rt: 'zr' } });

// ---- Loads and stores (C4.1.88) --------------------------------------------
const RtRn = { Rt: 'zr', Rn: 'sp' } as const;
// Exclusive and ordered (C4.1.88.8 "Load/store exclusive register", ".9 ordered").
for (const [sz, suf, bytes] of [[0, 'b', 1], [1, 'h', 2], [2, '', 4], [3, '', 8]] as const) {
  const s = sz.toString(2).padStart(2, '0');
  E(`STXR${suf}_${bytes}`, `stxr${suf}`, Op.STXR, 'exclusive', `${s} 001000 0 0 0 Rs:5 0 x:5 Rn:5 Rt:5`, { regs: { Rs: 'zr', Rt: 'zr', Rn: 'sp' }, bytes });
  E(`STLXR${suf}_${bytes}`, `stlxr${suf}`, Op.STXR, 'exclusive', `${s} 001000 0 0 0 Rs:5 1 x:5 Rn:5 Rt:5`, { regs: { Rs: 'zr', Rt: 'zr', Rn: 'sp' }, bytes });
  E(`LDXR${suf}_${bytes}`, `ldxr${suf}`, Op.LDXR, 'exclusive', `${s} 001000 0 1 0 x:5 0 x:5 Rn:5 Rt:5`, { regs: RtRn, bytes });
  E(`LDAXR${suf}_${bytes}`, `ldaxr${suf}`, Op.LDXR, 'exclusive', `${s} 001000 0 1 0 x:5 1 x:5 Rn:5 Rt:5`, { regs: RtRn, bytes });
  E(`STLLR${suf}_${bytes}`, `stllr${suf}`, Op.STLR, 'store', `${s} 001000 1 0 0 x:5 0 x:5 Rn:5 Rt:5`, { regs: RtRn, bytes, feature: 'FEAT_LOR' });
  E(`STLR${suf}_${bytes}`, `stlr${suf}`, Op.STLR, 'store', `${s} 001000 1 0 0 x:5 1 x:5 Rn:5 Rt:5`, { regs: RtRn, bytes });
  E(`LDLAR${suf}_${bytes}`, `ldlar${suf}`, Op.LDAR, 'load', `${s} 001000 1 1 0 x:5 0 x:5 Rn:5 Rt:5`, { regs: RtRn, bytes, feature: 'FEAT_LOR' });
  E(`LDAR${suf}_${bytes}`, `ldar${suf}`, Op.LDAR, 'load', `${s} 001000 1 1 0 x:5 1 x:5 Rn:5 Rt:5`, { regs: RtRn, bytes });
  // Compare and swap (FEAT_LSE): size 001000 1 L 1 Rs o0 11111 Rn Rt.
  for (const [L, o0, m] of [[0, 0, 'cas'], [1, 0, 'casa'], [0, 1, 'casl'], [1, 1, 'casal']] as const) {
    E(`${m.toUpperCase()}${suf}_${bytes}`, `${m}${suf}`, Op.CAS, 'atomic', `${s} 001000 1 ${L} 1 Rs:5 ${o0} 11111 Rn:5 Rt:5`, { regs: { Rs: 'zr', Rt: 'zr', Rn: 'sp' }, bytes, feature: 'FEAT_LSE' });
  }
  // LDAPR (FEAT_LRCPC) lives in the atomic group: size 111000 1 0 1 11111 1100 00 Rn Rt.
  E(`LDAPR${suf}_${bytes}`, `ldapr${suf}`, Op.LDAR, 'load', `${s} 111000 1 0 1 11111 1100 00 Rn:5 Rt:5`, { regs: RtRn, bytes, feature: 'FEAT_LRCPC' });
  // Atomic memory operations (FEAT_LSE): size 111000 A R 1 Rs o3 opc 00 Rn Rt.
  const ops = ['add', 'clr', 'eor', 'set', 'smax', 'smin', 'umax', 'umin'];
  for (const [A, R, ord] of [[0, 0, ''], [1, 0, 'a'], [0, 1, 'l'], [1, 1, 'al']] as const) {
    for (let opc = 0; opc < 8; opc++) {
      const m = `ld${ops[opc]}${ord}${suf}`;
      E(`${m.toUpperCase()}_${bytes}`, m, Op.LDOP, 'atomic', `${s} 111000 ${A} ${R} 1 Rs:5 0 ${opc.toString(2).padStart(3, '0')} 00 Rn:5 Rt:5`, { regs: { Rs: 'zr', Rt: 'zr', Rn: 'sp' }, bytes, feature: 'FEAT_LSE' });
    }
    const m = `swp${ord}${suf}`;
    E(`${m.toUpperCase()}_${bytes}`, m, Op.SWP, 'atomic', `${s} 111000 ${A} ${R} 1 Rs:5 1 000 00 Rn:5 Rt:5`, { regs: { Rs: 'zr', Rt: 'zr', Rn: 'sp' }, bytes, feature: 'FEAT_LSE' });
  }
}
for (const [sz, bytes] of [[0, 4], [1, 8]] as const) {
  E(`STXP_${bytes}`, 'stxp', Op.STXP, 'exclusive', `1 ${sz} 001000 0 0 1 Rs:5 0 Rt2:5 Rn:5 Rt:5`, { regs: { Rs: 'zr', Rt: 'zr', Rt2: 'zr', Rn: 'sp' }, bytes });
  E(`STLXP_${bytes}`, 'stlxp', Op.STXP, 'exclusive', `1 ${sz} 001000 0 0 1 Rs:5 1 Rt2:5 Rn:5 Rt:5`, { regs: { Rs: 'zr', Rt: 'zr', Rt2: 'zr', Rn: 'sp' }, bytes });
  E(`LDXP_${bytes}`, 'ldxp', Op.LDXP, 'exclusive', `1 ${sz} 001000 0 1 1 x:5 0 Rt2:5 Rn:5 Rt:5`, { regs: { Rt: 'zr', Rt2: 'zr', Rn: 'sp' }, bytes });
  E(`LDAXP_${bytes}`, 'ldaxp', Op.LDXP, 'exclusive', `1 ${sz} 001000 0 1 1 x:5 1 Rt2:5 Rn:5 Rt:5`, { regs: { Rt: 'zr', Rt2: 'zr', Rn: 'sp' }, bytes });
  // CASP (FEAT_LSE): 0 sz 001000 0 L 1 Rs o0 11111 Rn Rt.
  for (const [L, o0, m] of [[0, 0, 'casp'], [1, 0, 'caspa'], [0, 1, 'caspl'], [1, 1, 'caspal']] as const) {
    E(`${m.toUpperCase()}_${bytes}`, m, Op.CASP, 'atomic', `0 ${sz} 001000 0 ${L} 1 Rs:5 ${o0} 11111 Rn:5 Rt:5`, { regs: { Rs: 'zr', Rt: 'zr', Rn: 'sp' }, bytes, feature: 'FEAT_LSE' });
  }
}
// Load register (literal): opc 011 0 00 imm19 Rt.
E('LDR_lit_32', 'ldr', Op.LDR_LIT, 'load', '00 011 0 00 imm19:19 Rt:5', { regs: { Rt: 'zr' }, bytes: 4 });
E('LDR_lit_64', 'ldr', Op.LDR_LIT, 'load', '01 011 0 00 imm19:19 Rt:5', { regs: { Rt: 'zr' }, bytes: 8 });
E('LDRSW_lit', 'ldrsw', Op.LDR_LIT, 'load', '10 011 0 00 imm19:19 Rt:5', { regs: { Rt: 'zr' }, bytes: 4 });
E('PRFM_lit', 'prfm', Op.PRFM, 'prefetch', '11 011 0 00 imm19:19 Rt:5');
// Load/store pair: opc 101 0 mode L imm7 Rt2 Rn Rt (mode 000 no-allocate, 001 post, 010 offset, 011 pre).
for (const [mode, mname, op] of [[0b000, 'np', Op.LDSTP_OFF], [0b001, 'post', Op.LDSTP_POST], [0b010, 'off', Op.LDSTP_OFF], [0b011, 'pre', Op.LDSTP_PRE]] as const) {
  const m = mode.toString(2).padStart(3, '0');
  const nt = mode === 0 ? 'n' : '';
  const R = { Rt: 'zr', Rt2: 'zr', Rn: 'sp' } as const;
  E(`ST${nt.toUpperCase()}P_32_${mname}`, `st${nt}p`, op, 'store-pair', `00 101 0 ${m} 0 imm7:7 Rt2:5 Rn:5 Rt:5`, { regs: R, bytes: 4 });
  E(`LD${nt.toUpperCase()}P_32_${mname}`, `ld${nt}p`, op, 'load-pair', `00 101 0 ${m} 1 imm7:7 Rt2:5 Rn:5 Rt:5`, { regs: R, bytes: 4 });
  if (mode !== 0) E(`LDPSW_${mname}`, 'ldpsw', op, 'load-pair', `01 101 0 ${m} 1 imm7:7 Rt2:5 Rn:5 Rt:5`, { regs: R, bytes: 4 });
  E(`ST${nt.toUpperCase()}P_64_${mname}`, `st${nt}p`, op, 'store-pair', `10 101 0 ${m} 0 imm7:7 Rt2:5 Rn:5 Rt:5`, { regs: R, bytes: 8 });
  E(`LD${nt.toUpperCase()}P_64_${mname}`, `ld${nt}p`, op, 'load-pair', `10 101 0 ${m} 1 imm7:7 Rt2:5 Rn:5 Rt:5`, { regs: R, bytes: 8 });
}
// Load/store register, single: size 111 0 xx opc ... One row per (size, opc) and addressing form.
const LDST: readonly (readonly [number, number, string, EncClass])[] = [
  [0, 0, 'strb', 'store'], [0, 1, 'ldrb', 'load'], [0, 2, 'ldrsb', 'load'], [0, 3, 'ldrsb', 'load'],
  [1, 0, 'strh', 'store'], [1, 1, 'ldrh', 'load'], [1, 2, 'ldrsh', 'load'], [1, 3, 'ldrsh', 'load'],
  [2, 0, 'str', 'store'], [2, 1, 'ldr', 'load'], [2, 2, 'ldrsw', 'load'],
  [3, 0, 'str', 'store'], [3, 1, 'ldr', 'load'], [3, 2, 'prfm', 'prefetch'],
];
for (const [size, opc, m, cls] of LDST) {
  const s = size.toString(2).padStart(2, '0'), o = opc.toString(2).padStart(2, '0');
  const tag = `${m.toUpperCase()}_${1 << size}_${opc}`;
  const pf = cls === 'prefetch';
  const regs: Record<string, Reg31> = pf ? { Rn: 'sp' } : { ...RtRn };
  const rr: Record<string, Reg31> = pf ? { Rn: 'sp', Rm: 'zr' } : { Rt: 'zr', Rn: 'sp', Rm: 'zr' };
  const bytes = 1 << size;
  E(`${tag}_uimm`, m, pf ? Op.PRFM : Op.LDST_UIMM, cls, `${s} 111 0 01 ${o} imm12:12 Rn:5 Rt:5`, { regs, bytes });
  E(`${tag}_reg`, m, pf ? Op.PRFM : Op.LDST_REG, cls, `${s} 111 0 00 ${o} 1 Rm:5 option:3 S:1 10 Rn:5 Rt:5`, { regs: rr, bytes });
  const um = pf ? 'prfum' : m.replace(/^(st|ld)r/, '$1ur');
  E(`${tag}_unscaled`, um, pf ? Op.PRFM : Op.LDST_UNSCALED, cls, `${s} 111 0 00 ${o} 0 imm9:9 00 Rn:5 Rt:5`, { regs, bytes });
  if (pf) continue;
  E(`${tag}_post`, m, Op.LDST_POST, cls, `${s} 111 0 00 ${o} 0 imm9:9 01 Rn:5 Rt:5`, { regs, bytes });
  E(`${tag}_pre`, m, Op.LDST_PRE, cls, `${s} 111 0 00 ${o} 0 imm9:9 11 Rn:5 Rt:5`, { regs, bytes });
  E(`${tag}_unpriv`, m.replace(/^(st|ld)r/, '$1tr'), Op.LDST_UNPRIV, cls, `${s} 111 0 00 ${o} 0 imm9:9 10 Rn:5 Rt:5`, { regs, bytes });
}
// LDAPUR/STLUR (FEAT_LRCPC2): size 011001 opc 0 imm9 00 Rn Rt.
for (const [size, opc, m] of [[0, 0, 'stlurb'], [0, 1, 'ldapurb'], [0, 2, 'ldapursb'], [0, 3, 'ldapursb'],
  [1, 0, 'stlurh'], [1, 1, 'ldapurh'], [1, 2, 'ldapursh'], [1, 3, 'ldapursh'],
  [2, 0, 'stlur'], [2, 1, 'ldapur'], [2, 2, 'ldapursw'], [3, 0, 'stlur'], [3, 1, 'ldapur']] as const) {
  const s = size.toString(2).padStart(2, '0'), o = opc.toString(2).padStart(2, '0');
  E(`${m.toUpperCase()}_${1 << size}_${opc}`, m, Op.LDST_RCPC, opc === 0 ? 'store' : 'load', `${s} 011001 ${o} 0 imm9:9 00 Rn:5 Rt:5`, { regs: RtRn, bytes: 1 << size, feature: 'FEAT_LRCPC2' });
}

// ---- Data processing, register (C4.1.89) -----------------------------------
for (const [opc, N, m] of [[0, 0, 'and'], [0, 1, 'bic'], [1, 0, 'orr'], [1, 1, 'orn'], [2, 0, 'eor'], [2, 1, 'eon'], [3, 0, 'ands'], [3, 1, 'bics']] as const) {
  E(`${m.toUpperCase()}_shift`, m, Op.LOGIC_SHIFT, 'dp-reg', `sf:1 ${opc.toString(2).padStart(2, '0')} 01010 shift:2 ${N} Rm:5 imm6:6 Rn:5 Rd:5`, { regs: RdRnRm });
}
for (const [op, S, m] of [[0, 0, 'add'], [0, 1, 'adds'], [1, 0, 'sub'], [1, 1, 'subs']] as const) {
  E(`${m.toUpperCase()}_shift`, m, Op.ADDSUB_SHIFT, 'dp-reg', `sf:1 ${op} ${S} 01011 shift:2 0 Rm:5 imm6:6 Rn:5 Rd:5`, { regs: RdRnRm });
  E(`${m.toUpperCase()}_ext`, m, Op.ADDSUB_EXT, 'dp-reg', `sf:1 ${op} ${S} 01011 00 1 Rm:5 option:3 imm3:3 Rn:5 Rd:5`, { regs: { Rd: S ? 'zr' : 'sp', Rn: 'sp', Rm: 'zr' } });
  E(`${m.replace('add', 'adc').replace('sub', 'sbc').toUpperCase()}`, m.replace('add', 'adc').replace('sub', 'sbc'), Op.ADC_SBC, 'dp-reg', `sf:1 ${op} ${S} 11010000 Rm:5 000000 Rn:5 Rd:5`, { regs: RdRnRm });
}
E('CCMN_reg', 'ccmn', Op.CCMP, 'dp-reg', 'sf:1 0 1 11010010 Rm:5 cond:4 0 0 Rn:5 0 nzcv:4', { regs: { Rn: 'zr', Rm: 'zr' } });
E('CCMP_reg', 'ccmp', Op.CCMP, 'dp-reg', 'sf:1 1 1 11010010 Rm:5 cond:4 0 0 Rn:5 0 nzcv:4', { regs: { Rn: 'zr', Rm: 'zr' } });
E('CCMN_imm', 'ccmn', Op.CCMP, 'dp-reg', 'sf:1 0 1 11010010 imm5:5 cond:4 1 0 Rn:5 0 nzcv:4', { regs: { Rn: 'zr' } });
E('CCMP_imm', 'ccmp', Op.CCMP, 'dp-reg', 'sf:1 1 1 11010010 imm5:5 cond:4 1 0 Rn:5 0 nzcv:4', { regs: { Rn: 'zr' } });
E('CSEL', 'csel', Op.CSEL, 'dp-reg', 'sf:1 0 0 11010100 Rm:5 cond:4 00 Rn:5 Rd:5', { regs: RdRnRm });
E('CSINC', 'csinc', Op.CSEL, 'dp-reg', 'sf:1 0 0 11010100 Rm:5 cond:4 01 Rn:5 Rd:5', { regs: RdRnRm });
E('CSINV', 'csinv', Op.CSEL, 'dp-reg', 'sf:1 1 0 11010100 Rm:5 cond:4 00 Rn:5 Rd:5', { regs: RdRnRm });
E('CSNEG', 'csneg', Op.CSEL, 'dp-reg', 'sf:1 1 0 11010100 Rm:5 cond:4 01 Rn:5 Rd:5', { regs: RdRnRm });
const RdRnRmRa = { Rd: 'zr', Rn: 'zr', Rm: 'zr', Ra: 'zr' } as const;
E('MADD', 'madd', Op.MADD, 'dp-reg', 'sf:1 00 11011 000 Rm:5 0 Ra:5 Rn:5 Rd:5', { regs: RdRnRmRa });
E('MSUB', 'msub', Op.MADD, 'dp-reg', 'sf:1 00 11011 000 Rm:5 1 Ra:5 Rn:5 Rd:5', { regs: RdRnRmRa });
E('SMADDL', 'smaddl', Op.MADDL, 'dp-reg', '1 00 11011 001 Rm:5 0 Ra:5 Rn:5 Rd:5', { regs: RdRnRmRa });
E('SMSUBL', 'smsubl', Op.MADDL, 'dp-reg', '1 00 11011 001 Rm:5 1 Ra:5 Rn:5 Rd:5', { regs: RdRnRmRa });
E('UMADDL', 'umaddl', Op.MADDL, 'dp-reg', '1 00 11011 101 Rm:5 0 Ra:5 Rn:5 Rd:5', { regs: RdRnRmRa });
E('UMSUBL', 'umsubl', Op.MADDL, 'dp-reg', '1 00 11011 101 Rm:5 1 Ra:5 Rn:5 Rd:5', { regs: RdRnRmRa });
E('SMULH', 'smulh', Op.MULH, 'dp-reg', '1 00 11011 010 Rm:5 0 x:5 Rn:5 Rd:5', { regs: RdRnRm });
E('UMULH', 'umulh', Op.MULH, 'dp-reg', '1 00 11011 110 Rm:5 0 x:5 Rn:5 Rd:5', { regs: RdRnRm });
E('UDIV', 'udiv', Op.DIV, 'dp-reg', 'sf:1 0 0 11010110 Rm:5 00001 0 Rn:5 Rd:5', { regs: RdRnRm });
E('SDIV', 'sdiv', Op.DIV, 'dp-reg', 'sf:1 0 0 11010110 Rm:5 00001 1 Rn:5 Rd:5', { regs: RdRnRm });
for (const [o, m] of [[0, 'lslv'], [1, 'lsrv'], [2, 'asrv'], [3, 'rorv']] as const) {
  E(m.toUpperCase(), m, Op.SHIFTV, 'dp-reg', `sf:1 0 0 11010110 Rm:5 0010 ${o.toString(2).padStart(2, '0')} Rn:5 Rd:5`, { regs: RdRnRm });
}
for (const [C, sz, m] of [[0, 0, 'crc32b'], [0, 1, 'crc32h'], [0, 2, 'crc32w'], [1, 0, 'crc32cb'], [1, 1, 'crc32ch'], [1, 2, 'crc32cw']] as const) {
  E(m.toUpperCase(), m, Op.CRC32, 'dp-reg', `0 0 0 11010110 Rm:5 010 ${C} ${sz.toString(2).padStart(2, '0')} Rn:5 Rd:5`, { regs: RdRnRm, feature: 'FEAT_CRC32' });
}
E('CRC32X', 'crc32x', Op.CRC32, 'dp-reg', '1 0 0 11010110 Rm:5 010 0 11 Rn:5 Rd:5', { regs: RdRnRm, feature: 'FEAT_CRC32' });
E('CRC32CX', 'crc32cx', Op.CRC32, 'dp-reg', '1 0 0 11010110 Rm:5 010 1 11 Rn:5 Rd:5', { regs: RdRnRm, feature: 'FEAT_CRC32' });
E('RBIT', 'rbit', Op.RBIT, 'dp-reg', 'sf:1 1 0 11010110 00000 0000 00 Rn:5 Rd:5', { regs: RdRn });
E('REV16', 'rev16', Op.REV, 'dp-reg', 'sf:1 1 0 11010110 00000 0000 01 Rn:5 Rd:5', { regs: RdRn });
E('REV32', 'rev32', Op.REV, 'dp-reg', '1 1 0 11010110 00000 0000 10 Rn:5 Rd:5', { regs: RdRn });
E('REV_32', 'rev', Op.REV, 'dp-reg', '0 1 0 11010110 00000 0000 10 Rn:5 Rd:5', { regs: RdRn });
E('REV_64', 'rev', Op.REV, 'dp-reg', '1 1 0 11010110 00000 0000 11 Rn:5 Rd:5', { regs: RdRn });
E('CLZ', 'clz', Op.CLZ, 'dp-reg', 'sf:1 1 0 11010110 00000 0001 00 Rn:5 Rd:5', { regs: RdRn });
E('CLS', 'cls', Op.CLS, 'dp-reg', 'sf:1 1 0 11010110 00000 0001 01 Rn:5 Rd:5', { regs: RdRn });

export const ENCODINGS: readonly EncodingRow[] = rows;

/** Value of a named field of a row in an instruction word. */
export function fieldValue(row: EncodingRow, word: number, name: string): number {
  for (const f of row.fields) if (f.name === name) return (word >>> f.lsb) & ((1 << f.width) - 1 || -1);
  throw new Error(`${row.id} has no field ${name}`);
}
