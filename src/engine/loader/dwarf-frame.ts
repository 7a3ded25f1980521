// DWARF call frame information (DWARF 5 §6.4 "Call Frame Information"): the CIE/FDE
// tables of `.debug_frame` (DWARF 2-5, CIE versions 1, 3 and 4) and GCC's `.eh_frame`
// (CIE id 0, CIE pointers relative to the FDE, DW_EH_PE_* pointer encodings, 'z'
// augmentations 'R', 'P', 'L', 'S', 'B', 'G'). Used to unwind AArch64 code built
// without frame pointers (-O2, -fomit-frame-pointer, leaf functions).
//
// Every read is bounds checked; malformed input is a DwarfError naming the section and
// offset, never a crash or a hang: every loop consumes input or is bounded by a count
// read from (and checked against) the section. The whole table is decoded eagerly by
// parseFrames, so rowAt and unwindStep never throw.
//
// Not supported (reported, not crashed on): DWARF expressions (DW_CFA_def_cfa_expression,
// DW_CFA_expression, DW_CFA_val_expression) make the affected rows `unsupported`, and
// unwindStep refuses them; DW_EH_PE_textrel/datarel/funcrel FDE pointers and segmented
// addresses are DwarfErrors. DW_CFA_AARCH64_negate_ra_state is tracked as `raSigned`
// (unwindStep strips the PAC from the return address assuming 48-bit VAs).

import { DwarfReader as Reader } from './dwarf-reader';

/** How to recover one register in the caller (DWARF 5 §6.4.1). */
export type RegRule =
  | { kind: 'same' }
  | { kind: 'undefined' }
  /** Saved at CFA+offset. */
  | { kind: 'offset'; offset: number }
  /** The value is CFA+offset. */
  | { kind: 'val-offset'; offset: number }
  /** Saved in another register. */
  | { kind: 'register'; reg: number };

export interface CfaRow {
  readonly cfaReg: number;
  readonly cfaOffset: number;
  /** Registers with an explicit rule; a register without one keeps its value ("same"). */
  readonly rules: ReadonlyMap<number, RegRule>;
  /** return-address column (30 on AArch64) */
  readonly raReg: number;
  /**
   * Set when the row depends on a DWARF expression this reader does not evaluate
   * (the CFA, or a register whose rule is then left out of `rules`); unwindStep gives up.
   */
  readonly unsupported?: string;
  /** DW_CFA_AARCH64_negate_ra_state toggled an odd number of times: the return address is PAC-signed. */
  readonly raSigned?: boolean;
}

export interface FrameTable {
  /** The CFI row in effect at pc, or undefined when no FDE covers pc. */
  rowAt(pc: bigint): CfaRow | undefined;
}

const MASK64 = (1n << 64n) - 1n;
/** AArch64 DWARF register numbers go up to ~127 (z/p registers, VG); anything past this is garbage. */
const MAX_REG = 4095;
const MAX_STATE_DEPTH = 1024;
const SP = 31;

// DW_EH_PE_* (LSB 5.0 "DWARF Extensions", .eh_frame pointer encodings).
const PE = {
  absptr: 0x00, uleb128: 0x01, udata2: 0x02, udata4: 0x03, udata8: 0x04,
  sleb128: 0x09, sdata2: 0x0a, sdata4: 0x0b, sdata8: 0x0c,
  pcrel: 0x10, textrel: 0x20, datarel: 0x30, funcrel: 0x40, aligned: 0x50,
  indirect: 0x80, omit: 0xff,
} as const;

/** Internal rule: RegRule plus the expression forms this reader recognises but does not evaluate. */
type Rule = RegRule | { kind: 'expression' } | { kind: 'val-expression' };

interface State {
  cfaReg: number;
  cfaOffset: number;
  cfaExpr: boolean;
  rules: Map<number, Rule>;
  raSigned: boolean;
}

const cloneState = (s: State): State => ({ cfaReg: s.cfaReg, cfaOffset: s.cfaOffset, cfaExpr: s.cfaExpr, rules: new Map(s.rules), raSigned: s.raSigned });

interface Cie {
  readonly offset: number;
  readonly version: number;
  readonly augmentation: string;
  readonly addrSize: number;
  readonly codeAlign: number;
  readonly dataAlign: number;
  readonly raReg: number;
  /** 'z' augmentation: FDEs carry an augmentation-data length. */
  readonly hasAugData: boolean;
  /** DW_EH_PE_* encoding of FDE addresses ('R'); absptr when absent. */
  readonly fdeEnc: number;
  readonly instrStart: number;
  readonly instrEnd: number;
  /** The state after the initial instructions (what DW_CFA_restore returns to). */
  initial?: State;
}

interface Fde {
  readonly start: bigint;
  readonly end: bigint;
  /** Row start addresses, ascending; rows[i] applies from locs[i] up to locs[i+1] (or end). */
  readonly locs: bigint[];
  readonly rows: CfaRow[];
}

/** One section's parse: which of the two formats, where it is loaded (eh_frame). */
interface Section {
  readonly r: Reader;
  readonly eh: boolean;
  readonly addr: bigint | undefined;
  readonly cies: Map<number, Cie>;
}

function hex(n: number | bigint): string { return `0x${n.toString(16)}`; }

/**
 * An encoded pointer (DW_EH_PE_*). `apply` = resolve pc-relative values (FDE
 * addresses); otherwise only the size is honoured (personality routines, ranges).
 */
function readEncoded(sec: Section, enc: number, addrSize: number, apply: boolean): bigint {
  const r = sec.r;
  const at = r.pos;
  if (enc === PE.omit) return 0n;
  const app = enc & 0x70;
  if (app === PE.aligned) {
    const mis = r.pos % addrSize;
    if (mis !== 0) r.skip(addrSize - mis);
  }
  let v: bigint;
  switch (enc & 0x0f) {
    case PE.absptr: v = r.addr(addrSize); break;
    case PE.uleb128: v = r.ulebBig(); break;
    case PE.udata2: v = BigInt(r.u16()); break;
    case PE.udata4: v = BigInt(r.u32()); break;
    case PE.udata8: v = r.u64(); break;
    case PE.sleb128: v = r.slebBig(); break;
    case PE.sdata2: v = BigInt.asIntN(16, BigInt(r.u16())); break;
    case PE.sdata4: v = BigInt.asIntN(32, BigInt(r.u32())); break;
    case PE.sdata8: v = BigInt.asIntN(64, r.u64()); break;
    default: throw r.err(`unknown pointer encoding ${hex(enc)}`, at);
  }
  if (!apply) return v & MASK64;
  if ((enc & PE.indirect) !== 0) r.fail(`indirect pointer encoding ${hex(enc)} for a code address`, at);
  switch (app) {
    case 0: case PE.aligned: break;
    case PE.pcrel:
      if (sec.addr === undefined) throw r.err('pc-relative pointer but the load address of the section is not known', at);
      v += sec.addr + BigInt(at);
      break;
    default: r.fail(`unsupported pointer encoding ${hex(enc)} (text/data/function-relative)`, at);
  }
  return v & MASK64;
}

/** Parse (once) the CIE at `off`. */
function cieAt(sec: Section, off: number, from: number): Cie {
  const cached = sec.cies.get(off);
  if (cached !== undefined) return cached;
  const outer = sec.r;
  if (off < 0 || off + 4 > outer.buf.length) outer.fail(`CIE pointer ${hex(off)} is outside the section`, from);
  const r = new Reader(outer.buf, outer.name, off);
  let length = r.u32();
  let offset64 = false;
  if (length === 0xffffffff) { offset64 = true; const l = r.u64(); if (l > BigInt(r.buf.length)) r.fail(`entry length ${hex(l)} past the end of the section`, off); length = Number(l); }
  else if (length >= 0xfffffff0) r.fail(`reserved length ${hex(length)}`, off);
  const end = r.pos + length;
  if (length === 0 || end > r.buf.length) outer.fail(`CIE pointer ${hex(off)} does not point at a valid entry`, from);
  const lr = new Reader(r.buf, r.name, r.pos, end);
  const id = offset64 ? lr.u64() : BigInt(lr.u32());
  const isCie = sec.eh ? id === 0n : id === (offset64 ? MASK64 : 0xffffffffn);
  if (!isCie) outer.fail(`CIE pointer ${hex(off)} points at an FDE`, from);
  const version = lr.u8();
  if (sec.eh ? version !== 1 && version !== 3 : version !== 1 && version !== 3 && version !== 4) lr.fail(`unsupported CIE version ${version}`, off);
  const augmentation = lr.cstr();
  let addrSize = 8;
  if (version >= 4) {
    addrSize = lr.u8();
    const segSize = lr.u8();
    if (addrSize !== 4 && addrSize !== 8) lr.fail(`unsupported address size ${addrSize} in the CIE`, off);
    if (segSize !== 0) lr.fail(`segmented addresses (segment selector size ${segSize}) are not supported`, off);
  }
  const codeAlign = lr.uleb();
  const dataAlign = lr.sleb();
  const raReg = version === 1 ? lr.u8() : lr.uleb();
  if (raReg > MAX_REG) lr.fail(`return address register ${raReg} out of range`, off);
  let fdeEnc: number = PE.absptr;
  let hasAugData = false;
  if (augmentation.startsWith('z')) {
    hasAugData = true;
    const len = lr.uleb();
    const augEnd = lr.pos + len;
    if (augEnd > end) lr.fail(`augmentation data (${len} bytes) past the end of the CIE`);
    const ar = new Reader(lr.buf, lr.name, lr.pos, augEnd);
    const arSec: Section = { ...sec, r: ar };
    for (const ch of augmentation.slice(1)) {
      if (ch === 'R') fdeEnc = ar.u8();
      else if (ch === 'P') readEncoded(arSec, ar.u8(), addrSize, false); // personality routine (not needed to unwind)
      else if (ch === 'L') ar.u8(); // LSDA encoding (the FDE's augmentation data is skipped whole)
      else if (ch === 'S' || ch === 'B' || ch === 'G') continue; // signal frame, AArch64 PAC B key, MTE tagged frame
      else break; // unknown: the 'z' length lets us skip the rest
    }
    lr.pos = augEnd;
  } else if (augmentation === 'eh') {
    lr.skip(addrSize); // very old GCC: the address of the exception table
  } else if (augmentation !== '' && !/^[SBG]+$/.test(augmentation)) {
    // Without 'z' only flag letters carry no data: 'S' (signal frame, which GNU as writes into
    // .debug_frame too for .cfi_signal_frame), 'B', 'G'. Anything else cannot be skipped safely.
    lr.fail(`unsupported CIE augmentation "${augmentation}"`, off);
  }
  const cie: Cie = { offset: off, version, augmentation, addrSize, codeAlign, dataAlign, raReg, hasAugData, fdeEnc, instrStart: lr.pos, instrEnd: end };
  sec.cies.set(off, cie);
  const init: State = { cfaReg: SP, cfaOffset: 0, cfaExpr: false, rules: new Map(), raSigned: false };
  execute(sec, cie, cie.instrStart, cie.instrEnd, init, undefined);
  cie.initial = init;
  return cie;
}

function materialize(s: State, raReg: number): CfaRow {
  const rules = new Map<number, RegRule>();
  let unsupported: string | undefined = s.cfaExpr ? 'the CFA is a DWARF expression' : undefined;
  for (const [reg, rule] of s.rules) {
    if (rule.kind === 'expression' || rule.kind === 'val-expression') unsupported ??= `register ${reg} is recovered by a DWARF expression`;
    else rules.set(reg, rule);
  }
  const row: { cfaReg: number; cfaOffset: number; rules: Map<number, RegRule>; raReg: number; unsupported?: string; raSigned?: boolean } = { cfaReg: s.cfaReg, cfaOffset: s.cfaOffset, rules, raReg };
  if (unsupported !== undefined) row.unsupported = unsupported;
  if (s.raSigned) row.raSigned = true;
  return row;
}

/**
 * Run a CFA program (§6.4.2) over [start, end). With `out`, rows are emitted as the
 * location advances (FDE); without, only the state is updated (CIE initial instructions).
 */
function execute(sec: Section, cie: Cie, start: number, end: number, st: State, out: { loc: bigint; locs: bigint[]; rows: CfaRow[] } | undefined): void {
  const r = new Reader(sec.r.buf, sec.r.name, start, end);
  const stack: State[] = [];
  const initial = cie.initial;
  const reg = (): number => { const at = r.pos; const n = r.uleb(); if (n > MAX_REG) r.fail(`register ${n} out of range`, at); return n; };
  const factored = (v: number, f: number, at: number): number => { const x = v * f; if (!Number.isSafeInteger(x)) r.fail('offset too large', at); return x; };
  const set = (n: number, rule: Rule): void => { st.rules.set(n, rule); };
  const restore = (n: number): void => {
    const init = initial?.rules.get(n);
    if (init === undefined) st.rules.delete(n); else st.rules.set(n, init);
  };
  const emit = (): void => {
    if (out === undefined) return;
    const row = materialize(st, cie.raReg);
    const last = out.locs.length - 1;
    if (last >= 0 && out.locs[last] === out.loc) out.rows[last] = row;
    else { out.locs.push(out.loc); out.rows.push(row); }
  };
  const advance = (delta: number): void => {
    if (out === undefined) return; // location operations in a CIE have no effect
    emit();
    out.loc = (out.loc + BigInt(delta) * BigInt(cie.codeAlign)) & MASK64;
  };
  while (r.pos < end) {
    const at = r.pos;
    const op = r.u8();
    const high = op & 0xc0, low = op & 0x3f;
    if (high === 0x40) { advance(low); continue; }                                          // DW_CFA_advance_loc
    if (high === 0x80) { set(low, { kind: 'offset', offset: factored(r.uleb(), cie.dataAlign, at) }); continue; } // DW_CFA_offset
    if (high === 0xc0) { restore(low); continue; }                                          // DW_CFA_restore
    switch (op) {
      case 0x00: break;                                                                    // DW_CFA_nop
      case 0x01: {                                                                         // DW_CFA_set_loc
        const loc = sec.eh ? readEncoded({ ...sec, r }, cie.fdeEnc, cie.addrSize, true) : r.addr(cie.addrSize);
        if (out !== undefined) {
          if (loc < out.loc) r.fail('DW_CFA_set_loc moves backwards', at);
          emit();
          out.loc = loc;
        }
        break;
      }
      case 0x02: advance(r.u8()); break;                                                   // DW_CFA_advance_loc1
      case 0x03: advance(r.u16()); break;                                                  // DW_CFA_advance_loc2
      case 0x04: advance(r.u32()); break;                                                  // DW_CFA_advance_loc4
      case 0x05: { const n = reg(); set(n, { kind: 'offset', offset: factored(r.uleb(), cie.dataAlign, at) }); break; } // DW_CFA_offset_extended
      case 0x06: restore(reg()); break;                                                    // DW_CFA_restore_extended
      case 0x07: set(reg(), { kind: 'undefined' }); break;                                 // DW_CFA_undefined
      case 0x08: set(reg(), { kind: 'same' }); break;                                      // DW_CFA_same_value
      case 0x09: { const n = reg(); set(n, { kind: 'register', reg: reg() }); break; }     // DW_CFA_register
      case 0x0a:                                                                           // DW_CFA_remember_state
        if (stack.length >= MAX_STATE_DEPTH) r.fail('DW_CFA_remember_state nested too deeply', at);
        stack.push(cloneState(st));
        break;
      case 0x0b: {                                                                         // DW_CFA_restore_state
        const s = stack.pop();
        if (s === undefined) throw r.err('DW_CFA_restore_state without DW_CFA_remember_state', at);
        // The location is not part of the state; the CFA and register rules are (as GCC's unwinder does).
        st.cfaReg = s.cfaReg; st.cfaOffset = s.cfaOffset; st.cfaExpr = s.cfaExpr; st.rules = s.rules; st.raSigned = s.raSigned;
        break;
      }
      case 0x0c: st.cfaReg = reg(); st.cfaOffset = r.uleb(); st.cfaExpr = false; break;  // DW_CFA_def_cfa
      case 0x0d: st.cfaReg = reg(); st.cfaExpr = false; break;                             // DW_CFA_def_cfa_register
      case 0x0e: st.cfaOffset = r.uleb(); break;                                           // DW_CFA_def_cfa_offset
      case 0x0f: r.skip(r.uleb()); st.cfaExpr = true; break;                               // DW_CFA_def_cfa_expression
      case 0x10: { const n = reg(); r.skip(r.uleb()); set(n, { kind: 'expression' }); break; } // DW_CFA_expression
      case 0x11: { const n = reg(); set(n, { kind: 'offset', offset: factored(r.sleb(), cie.dataAlign, at) }); break; } // DW_CFA_offset_extended_sf
      case 0x12: st.cfaReg = reg(); st.cfaOffset = factored(r.sleb(), cie.dataAlign, at); st.cfaExpr = false; break; // DW_CFA_def_cfa_sf
      case 0x13: st.cfaOffset = factored(r.sleb(), cie.dataAlign, at); break;              // DW_CFA_def_cfa_offset_sf
      case 0x14: { const n = reg(); set(n, { kind: 'val-offset', offset: factored(r.uleb(), cie.dataAlign, at) }); break; } // DW_CFA_val_offset
      case 0x15: { const n = reg(); set(n, { kind: 'val-offset', offset: factored(r.sleb(), cie.dataAlign, at) }); break; } // DW_CFA_val_offset_sf
      case 0x16: { const n = reg(); r.skip(r.uleb()); set(n, { kind: 'val-expression' }); break; } // DW_CFA_val_expression
      case 0x2d: st.raSigned = !st.raSigned; break;                                        // DW_CFA_AARCH64_negate_ra_state (PAC)
      case 0x2e: r.uleb(); break;                                                          // DW_CFA_GNU_args_size
      case 0x2f: { const n = reg(); set(n, { kind: 'offset', offset: factored(-r.uleb(), cie.dataAlign, at) }); break; } // DW_CFA_GNU_negative_offset_extended
      default: r.fail(`unknown call frame instruction ${hex(op)}`, at);
    }
  }
  emit();
}

interface Index {
  readonly fdes: Fde[];
  /** maxEnd[i] = the largest end among fdes[0..i] (for overlapping ranges). */
  readonly maxEnd: bigint[];
}

function parseSection(buf: Uint8Array, name: string, eh: boolean, addr: bigint | undefined): Fde[] {
  const sec: Section = { r: new Reader(buf, name), eh, addr, cies: new Map() };
  const r = sec.r;
  const fdes: Fde[] = [];
  while (r.pos < buf.length) {
    const entry = r.pos;
    let length = r.u32();
    let offset64 = false;
    if (length === 0) {
      if (eh) break; // the .eh_frame zero terminator
      continue;      // .debug_frame: padding
    }
    if (length === 0xffffffff) { offset64 = true; const l = r.u64(); if (l > BigInt(buf.length)) r.fail(`entry length ${hex(l)} past the end of the section`, entry); length = Number(l); }
    else if (length >= 0xfffffff0) r.fail(`reserved length ${hex(length)}`, entry);
    const end = r.pos + length;
    if (end > buf.length) r.fail(`entry claims ${length} bytes, past the end of the section`, entry);
    const idPos = r.pos;
    const lr = new Reader(buf, name, r.pos, end);
    const id = offset64 ? lr.u64() : BigInt(lr.u32());
    const isCie = eh ? id === 0n : id === (offset64 ? MASK64 : 0xffffffffn);
    if (isCie) { cieAt(sec, entry, entry); r.pos = end; continue; }
    // FDE: .debug_frame names its CIE by section offset, .eh_frame by the distance back from the id field.
    const cieOff = eh ? idPos - Number(id) : Number(id);
    if (!Number.isSafeInteger(cieOff) || cieOff < 0 || cieOff >= buf.length) lr.fail(`CIE pointer ${hex(id)} is outside the section`, idPos);
    const cie = cieAt(sec, cieOff, entry);
    const lsec: Section = { ...sec, r: lr };
    const start = eh ? readEncoded(lsec, cie.fdeEnc, cie.addrSize, true) : lr.addr(cie.addrSize);
    const range = eh ? readEncoded(lsec, cie.fdeEnc & 0x0f, cie.addrSize, false) : lr.addr(cie.addrSize);
    if (cie.hasAugData) lr.skip(lr.uleb());
    if (cie.initial === undefined) throw lr.err('FDE refers to a CIE still being parsed', entry);
    const st = cloneState(cie.initial);
    const out = { loc: start, locs: [] as bigint[], rows: [] as CfaRow[] };
    execute(lsec, cie, lr.pos, end, st, out);
    // Discarded functions keep FDEs with a zero range (or address 0 after --gc-sections); they cover nothing.
    if (range > 0n) fdes.push({ start, end: (start + range) & MASK64 || MASK64, locs: out.locs, rows: out.rows });
    r.pos = end;
  }
  return fdes;
}

function buildIndex(fdes: Fde[]): Index {
  fdes.sort((a, b) => (a.start < b.start ? -1 : a.start > b.start ? 1 : 0));
  const maxEnd: bigint[] = [];
  let m = 0n;
  for (const f of fdes) { if (f.end > m) m = f.end; maxEnd.push(m); }
  return { fdes, maxEnd };
}

function lookup(ix: Index, pc: bigint): CfaRow | undefined {
  const { fdes, maxEnd } = ix;
  // Last FDE starting at or before pc, then back through any overlapping ones.
  let lo = 0, hi = fdes.length;
  while (lo < hi) { const mid = (lo + hi) >>> 1; if (fdes[mid].start <= pc) lo = mid + 1; else hi = mid; }
  for (let i = lo - 1; i >= 0 && maxEnd[i] > pc; i--) {
    const f = fdes[i];
    if (pc >= f.end) continue;
    let a = 0, b = f.locs.length;
    while (a < b) { const mid = (a + b) >>> 1; if (f.locs[mid] <= pc) a = mid + 1; else b = mid; }
    // A program that starts with DW_CFA_set_loc past the FDE start leaves a gap: the first row covers it.
    return f.rows[Math.max(a - 1, 0)];
  }
  return undefined;
}

/** sectionAddr: the load address of .eh_frame (needed for pc-relative pointers); .debug_frame has absolute addresses. */
export function parseFrames(s: { debugFrame?: Uint8Array; ehFrame?: Uint8Array; ehFrameAddr?: bigint }): FrameTable {
  // .eh_frame is what the compiler keeps exact for every instruction (asynchronous tables); .debug_frame second.
  const tables: Index[] = [];
  if (s.ehFrame !== undefined) tables.push(buildIndex(parseSection(s.ehFrame, '.eh_frame', true, s.ehFrameAddr)));
  if (s.debugFrame !== undefined) tables.push(buildIndex(parseSection(s.debugFrame, '.debug_frame', false, undefined)));
  return {
    rowAt(pc: bigint): CfaRow | undefined {
      for (const t of tables) { const row = lookup(t, pc & MASK64); if (row !== undefined) return row; }
      return undefined;
    },
  };
}

/** Remove a pointer authentication code (as XPACI does, for a 48-bit VA space). */
function stripPac(a: bigint): bigint {
  return (a & (1n << 55n)) !== 0n ? a | 0xffff_0000_0000_0000n : a & 0x0000_ffff_ffff_ffffn;
}

/**
 * One unwind step: given registers x0..x30 and sp (as bigints) and a memory reader, compute the caller's pc, sp and registers; undefined at the outermost frame / no CFI.
 *
 * `pc` only selects the CFI row. For frames above the innermost one pass the return
 * address minus 4 (the call instruction), so that a call ending its function
 * (noreturn) still finds its own FDE. The result's pc is the return address (PAC
 * stripped when signed); its register 31 is the CFA (the caller's SP); registers
 * without a rule keep their values. Undefined when no FDE covers pc, the row needs a
 * DWARF expression, the CFA register or a saved slot cannot be read, the return address
 * is undefined (DW_CFA_undefined, the outermost frame) or zero, or nothing would change.
 */
export function unwindStep(t: FrameTable, pc: bigint, regs: ReadonlyMap<number, bigint>, read64: (addr: bigint) => bigint | undefined): { pc: bigint; regs: Map<number, bigint> } | undefined {
  const row = t.rowAt(pc);
  if (row === undefined || row.unsupported !== undefined) return undefined;
  const base = regs.get(row.cfaReg);
  if (base === undefined) return undefined;
  const cfa = (base + BigInt(row.cfaOffset)) & MASK64;
  const out = new Map(regs);
  out.set(SP, cfa); // AArch64: the CFA is the SP at the call site
  for (const [reg, rule] of row.rules) {
    switch (rule.kind) {
      case 'same': break;
      case 'undefined': out.delete(reg); break;
      case 'offset': {
        const v = read64((cfa + BigInt(rule.offset)) & MASK64);
        if (v === undefined) return undefined;
        out.set(reg, v & MASK64);
        break;
      }
      case 'val-offset': out.set(reg, (cfa + BigInt(rule.offset)) & MASK64); break;
      case 'register': {
        const v = regs.get(rule.reg);
        if (v === undefined) out.delete(reg); else out.set(reg, v);
        break;
      }
    }
  }
  let ra = out.get(row.raReg);
  if (ra === undefined || ra === 0n) return undefined;
  if (row.raSigned === true) { ra = stripPac(ra); out.set(row.raReg, ra); }
  if (ra === pc && cfa === regs.get(SP)) return undefined;
  return { pc: ra, regs: out };
}
