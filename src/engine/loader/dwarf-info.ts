// DWARF `.debug_info` reader (DWARF 2-5, §2 "General Description", §3 "Program Scope
// Entries", §4 "Data Object and Object List Entries", §5 "Type Entries", §7 "Data
// Representation"): the subset a source-level debugger needs to show C functions,
// inlined calls and their parameters/locals for GCC-built AArch64 code.
//
// Every read is bounds checked; malformed input (truncated sections, unknown forms,
// references out of range, cycles in type or origin chains, absurd nesting) is a
// DwarfError naming the section offset, never another exception or a hang: loops
// consume input on every iteration and chains/recursion are bounded.

import { DwarfReader as Reader, DwarfError } from './dwarf-reader';

export interface DwarfSections {
  info: Uint8Array;
  abbrev: Uint8Array;
  str?: Uint8Array;
  lineStr?: Uint8Array;
  strOffsets?: Uint8Array;
  addr?: Uint8Array;
  rnglists?: Uint8Array;
  loclists?: Uint8Array;
  ranges?: Uint8Array;
  loc?: Uint8Array;
}

/** A location description: what DW_AT_location / a location-list entry says (subset a debugger needs). */
export type DwarfLocation =
  | { kind: 'reg'; reg: number }                          // DW_OP_reg0..31, DW_OP_regx (value is in the register; 31 = SP)
  | { kind: 'fbreg'; offset: number }                     // DW_OP_fbreg: frame base + offset (memory)
  | { kind: 'breg'; reg: number; offset: number }         // DW_OP_breg0..31, DW_OP_bregx (register + offset, memory)
  | { kind: 'addr'; address: bigint }                     // DW_OP_addr, DW_OP_addrx (memory)
  | { kind: 'value'; value: bigint }                      // DW_OP_lit*, DW_OP_const* + DW_OP_stack_value, DW_AT_const_value (the value itself)
  | { kind: 'implicit-reg'; reg: number; offset: number } // DW_OP_breg + DW_OP_stack_value (value = reg + offset)
  | { kind: 'cfa' }                                       // DW_OP_call_frame_cfa (frame bases)
  | { kind: 'expr'; expr: Uint8Array; addrSize: number; addrIndex: (i: number) => bigint } // any other expression: dwarf-expr.ts evaluates it in a frame
  | { kind: 'unsupported'; why: string };                 // a location this reader does not take (forms, a frame-base list)

interface DwarfRange { low: bigint; high: bigint }

/**
 * A call (DW_TAG_call_site, DW_TAG_GNU_call_site): its return address and, per argument register,
 * the DWARF expression of the value the caller passed (DW_AT_call_value), valid in the caller's
 * frame at the return address. A callee's DW_OP_entry_value of that register is that value.
 */
export interface DwarfCallSite {
  readonly returnPc: bigint;
  readonly params: readonly { readonly reg: number; readonly value: Uint8Array; readonly addrSize: number; readonly addrIndex: (i: number) => bigint }[];
}

export interface DwarfVariable {
  readonly name: string;
  readonly isParameter: boolean;
  /** The type after typedef/const/volatile: a base type's name, '<pointee>*', 'struct x', '<elem>[n]', 'void'. */
  readonly typeName: string;
  readonly byteSize: number;
  readonly signed: boolean;
  /** DW_ATE_* of the base type (4 = float, 5 = signed, 7 = unsigned, ...); 0 for non-base types. */
  readonly encoding: number;
  /** Single location, or a location list: [lowPc, highPc) ranges with their locations (absolute addresses). */
  readonly location: DwarfLocation | { kind: 'list'; entries: { low: bigint; high: bigint; loc: DwarfLocation }[] } | undefined;
  /** The ranges of the innermost enclosing lexical block; undefined = the whole function. */
  readonly scope?: readonly DwarfRange[];
}

export interface DwarfFunction {
  readonly name: string;
  /** Address ranges (low_pc/high_pc or DW_AT_ranges), [low, high). */
  readonly ranges: readonly DwarfRange[];
  readonly frameBase: DwarfLocation | undefined;
  /** Formal parameters and variables of the function (including those in nested lexical blocks), declaration order. */
  readonly variables: readonly DwarfVariable[];
  /** Inlined calls inside it: DW_TAG_inlined_subroutine with the abstract origin's name, its ranges, call file/line, and its own variables. */
  readonly inlined: readonly DwarfFunction[];
  /** Out-of-line functions: the calls they make that DWARF describes (DW_TAG_call_site), for entry values of their callees. */
  readonly callSites?: readonly DwarfCallSite[];
  /** For inlined calls: DW_AT_call_file (an index into the unit's line-table file list), call_line, call_column. */
  readonly callFile?: number;
  readonly callLine?: number;
  readonly callColumn?: number;
}

// ---------------------------------------------------------------------------------------
// Constants (§7.5).

const TAG = {
  array_type: 0x01, class_type: 0x02, enumeration_type: 0x04, formal_parameter: 0x05, lexical_block: 0x0b,
  pointer_type: 0x0f, reference_type: 0x10, compile_unit: 0x11, structure_type: 0x13, subroutine_type: 0x15,
  typedef: 0x16, union_type: 0x17, inlined_subroutine: 0x1d, subrange_type: 0x21, base_type: 0x24,
  call_site: 0x48, call_site_parameter: 0x49, GNU_call_site: 0x4109, GNU_call_site_parameter: 0x410a,
  const_type: 0x26, enumerator: 0x28, subprogram: 0x2e, variable: 0x34, volatile_type: 0x35, restrict_type: 0x37,
  partial_unit: 0x3c, unspecified_type: 0x3b, rvalue_reference_type: 0x42, atomic_type: 0x47, skeleton_unit: 0x4a,
} as const;

const AT = {
  location: 0x02, name: 0x03, byte_size: 0x0b, low_pc: 0x11, high_pc: 0x12, const_value: 0x1c, upper_bound: 0x2f,
  abstract_origin: 0x31, count: 0x37, declaration: 0x3c, encoding: 0x3e, frame_base: 0x40, specification: 0x47,
  type: 0x49, ranges: 0x55, call_column: 0x57, call_file: 0x58, call_line: 0x59, str_offsets_base: 0x72,
  addr_base: 0x73, rnglists_base: 0x74, call_return_pc: 0x7d, call_value: 0x7e, loclists_base: 0x8c, GNU_call_site_value: 0x2111, GNU_addr_base: 0x2133,
} as const;

const FORM = {
  addr: 0x01, block2: 0x03, block4: 0x04, data2: 0x05, data4: 0x06, data8: 0x07, string: 0x08, block: 0x09,
  block1: 0x0a, data1: 0x0b, flag: 0x0c, sdata: 0x0d, strp: 0x0e, udata: 0x0f, ref_addr: 0x10, ref1: 0x11,
  ref2: 0x12, ref4: 0x13, ref8: 0x14, ref_udata: 0x15, indirect: 0x16, sec_offset: 0x17, exprloc: 0x18,
  flag_present: 0x19, strx: 0x1a, addrx: 0x1b, ref_sup4: 0x1c, strp_sup: 0x1d, data16: 0x1e, line_strp: 0x1f,
  ref_sig8: 0x20, implicit_const: 0x21, loclistx: 0x22, rnglistx: 0x23, ref_sup8: 0x24, strx1: 0x25, strx2: 0x26,
  strx3: 0x27, strx4: 0x28, addrx1: 0x29, addrx2: 0x2a, addrx3: 0x2b, addrx4: 0x2c,
  GNU_addr_index: 0x1f01, GNU_str_index: 0x1f02, GNU_ref_alt: 0x1f20, GNU_strp_alt: 0x1f21,
} as const;

const ATE_signed = 0x05, ATE_signed_char = 0x06, ATE_signed_fixed = 0x0d;

/** Nesting, reference-chain and type-recursion bounds (far beyond what compilers emit). */
const MAX_DEPTH = 256;
const MAX_CHAIN = 64;

const hex = (n: number | bigint): string => `0x${n.toString(16)}`;

// ---------------------------------------------------------------------------------------
// Bounds-checked reader.

// ---------------------------------------------------------------------------------------
// Abbreviations (§7.5.3).

interface AbbrevAttr { readonly at: number; readonly form: number; readonly implicit: bigint }
interface Abbrev { readonly tag: number; readonly children: boolean; readonly attrs: readonly AbbrevAttr[] }

function parseAbbrevs(sec: Uint8Array, offset: number): Map<number, Abbrev> {
  const r = new Reader(sec, '.debug_abbrev', offset);
  const table = new Map<number, Abbrev>();
  for (;;) {
    const at0 = r.pos;
    const code = r.uleb();
    if (code === 0) return table;
    const tag = r.uleb();
    const children = r.u8() !== 0;
    const attrs: AbbrevAttr[] = [];
    for (;;) {
      const at = r.uleb(), form = r.uleb();
      if (at === 0 && form === 0) break;
      attrs.push({ at, form, implicit: form === FORM.implicit_const ? r.slebBig() : 0n });
    }
    if (table.has(code)) throw new DwarfError(`.debug_abbrev: duplicate abbreviation code ${code} at offset ${hex(at0)}`);
    table.set(code, { tag, children, attrs });
  }
}

// ---------------------------------------------------------------------------------------
// Units and DIEs.

interface Unit {
  readonly offset: number;
  readonly end: number;
  readonly version: number;
  readonly addrSize: number;
  readonly is64: boolean;
  base: bigint;
  strOffsetsBase: number;
  addrBase: number;
  rnglistsBase: number;
  loclistsBase: number;
}

/** An attribute value as read; strings, addresses and list references are resolved on use. */
interface Attr {
  readonly form: number;
  /** Constants, addresses, indexes, section offsets; absolute .debug_info offsets for references. */
  readonly num: bigint;
  readonly bytes?: Uint8Array;
  readonly str?: string;
}

interface Die {
  readonly offset: number;
  readonly tag: number;
  readonly unit: Unit;
  readonly attrs: Map<number, Attr>;
  readonly children: Die[];
}

const REF_FORMS: ReadonlySet<number> = new Set([FORM.ref1, FORM.ref2, FORM.ref4, FORM.ref8, FORM.ref_udata, FORM.ref_addr]);
const ADDR_FORMS: ReadonlySet<number> = new Set([FORM.addr, FORM.addrx, FORM.addrx1, FORM.addrx2, FORM.addrx3, FORM.addrx4, FORM.GNU_addr_index]);
const BLOCK_FORMS: ReadonlySet<number> = new Set([FORM.block, FORM.block1, FORM.block2, FORM.block4, FORM.exprloc]);

function readAttr(r: Reader, u: Unit, form0: number, implicit: bigint): Attr {
  let form = form0;
  for (let hops = 0; form === FORM.indirect; hops++) {
    if (hops > 4) throw new DwarfError(`.debug_info: DW_FORM_indirect chain at offset ${hex(r.pos)}`);
    form = r.uleb();
  }
  const num = (v: bigint): Attr => ({ form, num: v });
  const block = (n: number): Attr => ({ form, num: 0n, bytes: r.bytes(n) });
  const ref = (rel: bigint): Attr => ({ form, num: rel + BigInt(u.offset) });
  switch (form) {
    case FORM.addr: return num(r.uN(u.addrSize));
    case FORM.block2: return block(r.u16());
    case FORM.block4: return block(r.u32());
    case FORM.data1: return num(BigInt(r.u8()));
    case FORM.data2: return num(BigInt(r.u16()));
    case FORM.data4: return num(BigInt(r.u32()));
    case FORM.data8: return num(r.u64());
    case FORM.data16: return block(16);
    case FORM.string: return { form, num: 0n, str: r.cstr() };
    case FORM.block: case FORM.exprloc: return block(r.uleb());
    case FORM.block1: return block(r.u8());
    case FORM.flag: return num(BigInt(r.u8()));
    case FORM.flag_present: return num(1n);
    case FORM.sdata: return num(r.slebBig());
    case FORM.udata: return num(r.ulebBig());
    case FORM.implicit_const: return num(implicit);
    case FORM.strp: case FORM.line_strp: case FORM.sec_offset: case FORM.strp_sup: case FORM.GNU_strp_alt: case FORM.GNU_ref_alt:
      return num(BigInt(r.offset(u.is64)));
    case FORM.ref_addr: return num(u.version <= 2 ? r.uN(u.addrSize) : BigInt(r.offset(u.is64)));
    case FORM.ref1: return ref(BigInt(r.u8()));
    case FORM.ref2: return ref(BigInt(r.u16()));
    case FORM.ref4: return ref(BigInt(r.u32()));
    case FORM.ref8: return ref(r.u64());
    case FORM.ref_udata: return ref(r.ulebBig());
    case FORM.ref_sig8: return num(r.u64());
    case FORM.ref_sup4: return num(BigInt(r.u32()));
    case FORM.ref_sup8: return num(r.u64());
    case FORM.strx: case FORM.addrx: case FORM.loclistx: case FORM.rnglistx: case FORM.GNU_addr_index: case FORM.GNU_str_index:
      return num(r.ulebBig());
    case FORM.strx1: case FORM.addrx1: return num(BigInt(r.u8()));
    case FORM.strx2: case FORM.addrx2: return num(BigInt(r.u16()));
    case FORM.strx3: case FORM.addrx3: return num(BigInt(r.u24()));
    case FORM.strx4: case FORM.addrx4: return num(BigInt(r.u32()));
    default: throw new DwarfError(`.debug_info: unknown form ${hex(form)} at offset ${hex(r.pos)}`);
  }
}

/** Reads every unit's DIE tree; returns the unit roots and an offset -> DIE index. */
function parseUnits(s: DwarfSections): { roots: Die[]; dies: Map<number, Die> } {
  const roots: Die[] = [];
  const dies = new Map<number, Die>();
  const abbrevCache = new Map<number, Map<number, Abbrev>>();
  const r = new Reader(s.info, '.debug_info');
  while (r.pos < s.info.length) {
    const start = r.pos;
    let length = r.u32();
    let is64 = false;
    if (length === 0xffffffff) { is64 = true; length = r.safe(r.u64()); }
    else if (length >= 0xfffffff0) throw new DwarfError(`.debug_info: reserved unit length ${hex(length)} at offset ${hex(start)}`);
    const end = r.pos + length;
    if (end > s.info.length) throw new DwarfError(`.debug_info: unit at offset ${hex(start)} claims ${length} bytes, past the end of the section`);
    const version = r.u16();
    if (version < 2 || version > 5) throw new DwarfError(`.debug_info: unsupported version ${version} in the unit at offset ${hex(start)}`);
    let unitType = 1, addrSize: number, abbrevOffset: number;
    if (version >= 5) {
      unitType = r.u8();
      addrSize = r.u8();
      abbrevOffset = r.offset(is64);
      if (unitType === 4 || unitType === 5) r.skip(8);                        // skeleton / split_compile: dwo_id
      else if (unitType === 2 || unitType === 6) { r.skip(8); r.offset(is64); } // type units: signature, type_offset
      else if (unitType !== 1 && unitType !== 3) throw new DwarfError(`.debug_info: unknown unit type ${hex(unitType)} at offset ${hex(start)}`);
    } else {
      abbrevOffset = r.offset(is64);
      addrSize = r.u8();
    }
    if (addrSize !== 4 && addrSize !== 8) throw new DwarfError(`.debug_info: unsupported address size ${addrSize} in the unit at offset ${hex(start)}`);
    if (r.pos > end) throw new DwarfError(`.debug_info: header of the unit at offset ${hex(start)} is longer than the unit`);
    let abbrevs = abbrevCache.get(abbrevOffset);
    if (abbrevs === undefined) { abbrevs = parseAbbrevs(s.abbrev, abbrevOffset); abbrevCache.set(abbrevOffset, abbrevs); }
    const listHeader = is64 ? 20 : 12;
    const unit: Unit = { offset: start, end, version, addrSize, is64, base: 0n, strOffsetsBase: is64 ? 16 : 8, addrBase: is64 ? 16 : 8, rnglistsBase: listHeader, loclistsBase: listHeader };
    const stack: Die[] = [];
    let root: Die | undefined;
    const ur = new Reader(s.info.subarray(0, end), '.debug_info', r.pos);
    while (ur.pos < end) {
      const off = ur.pos;
      const code = ur.uleb();
      if (code === 0) { stack.pop(); continue; }
      const ab = abbrevs.get(code);
      if (ab === undefined) throw new DwarfError(`.debug_info: unknown abbreviation code ${code} at offset ${hex(off)}`);
      const attrs = new Map<number, Attr>();
      for (const a of ab.attrs) attrs.set(a.at, readAttr(ur, unit, a.form, a.implicit));
      const die: Die = { offset: off, tag: ab.tag, unit, attrs, children: [] };
      dies.set(off, die);
      const parent = stack[stack.length - 1];
      if (parent !== undefined) parent.children.push(die);
      else if (root === undefined) { root = die; if (unitType !== 2 && unitType !== 6) roots.push(die); }
      if (ab.children) {
        if (stack.length >= MAX_DEPTH) throw new DwarfError(`.debug_info: DIEs nested deeper than ${MAX_DEPTH} at offset ${hex(off)}`);
        stack.push(die);
      }
    }
    if (root !== undefined) {
      const num = (at: number): number | undefined => { const a = root?.attrs.get(at); return a === undefined ? undefined : ur.safe(a.num); };
      unit.strOffsetsBase = num(AT.str_offsets_base) ?? unit.strOffsetsBase;
      unit.addrBase = num(AT.addr_base) ?? num(AT.GNU_addr_base) ?? unit.addrBase;
      unit.rnglistsBase = num(AT.rnglists_base) ?? unit.rnglistsBase;
      unit.loclistsBase = num(AT.loclists_base) ?? unit.loclistsBase;
      const low = root.attrs.get(AT.low_pc);
      if (low !== undefined) unit.base = addrValue(s, unit, low);
    }
    r.pos = end;
  }
  return { roots, dies };
}

// ---------------------------------------------------------------------------------------
// Attribute resolution.

function section(sec: Uint8Array | undefined, name: string, off: number): Reader {
  if (sec === undefined) throw new DwarfError(`.debug_info refers to ${name}, which the ELF does not have`);
  if (off < 0 || off >= sec.length) throw new DwarfError(`.debug_info: offset ${hex(off)} is outside ${name} (${hex(sec.length)} bytes)`);
  return new Reader(sec, name, off);
}

function safeNum(v: bigint, what: string): number {
  if (v < 0n || v > BigInt(Number.MAX_SAFE_INTEGER)) throw new DwarfError(`.debug_info: ${what} ${hex(v)} out of range`);
  return Number(v);
}

/** The address an attribute of the address class stands for (DW_FORM_addr or an index into .debug_addr). */
function addrValue(s: DwarfSections, u: Unit, a: Attr): bigint {
  if (a.form === FORM.addr) return a.num;
  if (ADDR_FORMS.has(a.form)) return addrIndex(s, u, safeNum(a.num, 'address index'));
  return a.num;
}

function addrIndex(s: DwarfSections, u: Unit, index: number): bigint {
  return section(s.addr, '.debug_addr', u.addrBase + index * u.addrSize).uN(u.addrSize);
}

function stringValue(s: DwarfSections, u: Unit, a: Attr): string {
  if (a.str !== undefined) return a.str;
  switch (a.form) {
    case FORM.strp: return section(s.str, '.debug_str', safeNum(a.num, 'string offset')).cstr();
    case FORM.line_strp: return section(s.lineStr, '.debug_line_str', safeNum(a.num, 'string offset')).cstr();
    case FORM.strx: case FORM.strx1: case FORM.strx2: case FORM.strx3: case FORM.strx4: case FORM.GNU_str_index: {
      const size = u.is64 ? 8 : 4;
      const off = section(s.strOffsets, '.debug_str_offsets', u.strOffsetsBase + safeNum(a.num, 'string index') * size).offset(u.is64);
      return section(s.str, '.debug_str', off).cstr();
    }
    case FORM.strp_sup: case FORM.GNU_strp_alt: return '?';  // in a supplementary object file
    default: throw new DwarfError(`.debug_info: form ${hex(a.form)} is not a string`);
  }
}

interface Ctx {
  readonly s: DwarfSections;
  readonly dies: Map<number, Die>;
  readonly types: Map<number, TypeInfo>;
}

function deref(ctx: Ctx, from: Die, a: Attr): Die | undefined {
  if (!REF_FORMS.has(a.form)) return undefined; // ref_sig8 / supplementary-file references: not followed
  const target = ctx.dies.get(safeNum(a.num, 'reference'));
  if (target === undefined) throw new DwarfError(`.debug_info: reference ${hex(a.num)} from the DIE at offset ${hex(from.offset)} is not a DIE`);
  return target;
}

/** An attribute of `die`, or of what its DW_AT_abstract_origin / DW_AT_specification chain refers to. */
function inherited(ctx: Ctx, die: Die, at: number): { die: Die; attr: Attr } | undefined {
  const seen = new Set<number>();
  let d: Die | undefined = die;
  while (d !== undefined) {
    const a = d.attrs.get(at);
    if (a !== undefined) return { die: d, attr: a };
    if (seen.has(d.offset) || seen.size >= MAX_CHAIN) throw new DwarfError(`.debug_info: cycle in the abstract_origin/specification chain of the DIE at offset ${hex(die.offset)}`);
    seen.add(d.offset);
    const next: Attr | undefined = d.attrs.get(AT.abstract_origin) ?? d.attrs.get(AT.specification);
    d = next === undefined ? undefined : deref(ctx, d, next);
  }
  return undefined;
}

function nameOf(ctx: Ctx, die: Die): string {
  const n = inherited(ctx, die, AT.name);
  return n === undefined ? '' : stringValue(ctx.s, n.die.unit, n.attr);
}

function origin(ctx: Ctx, die: Die): Die | undefined {
  const a = die.attrs.get(AT.abstract_origin);
  return a === undefined ? undefined : deref(ctx, die, a);
}

// ---------------------------------------------------------------------------------------
// Types.

interface TypeInfo { readonly name: string; readonly size: number; readonly signed: boolean; readonly encoding: number }

const VOID: TypeInfo = { name: 'void', size: 0, signed: false, encoding: 0 };

function typeOf(ctx: Ctx, die: Die): TypeInfo {
  const t = inherited(ctx, die, AT.type);
  if (t === undefined) return VOID;
  const target = deref(ctx, t.die, t.attr);
  return target === undefined ? { name: '?', size: 0, signed: false, encoding: 0 } : resolveType(ctx, target, new Set());
}

function constNum(ctx: Ctx, die: Die, at: number): number | undefined {
  const a = die.attrs.get(at);
  if (a === undefined || a.bytes !== undefined || a.str !== undefined || REF_FORMS.has(a.form)) return undefined;
  return a.num > BigInt(Number.MAX_SAFE_INTEGER) || a.num < 0n ? undefined : Number(a.num);
}

function resolveType(ctx: Ctx, die: Die, visiting: Set<number>): TypeInfo {
  const cached = ctx.types.get(die.offset);
  if (cached !== undefined) return cached;
  if (visiting.has(die.offset) || visiting.size >= MAX_CHAIN) throw new DwarfError(`.debug_info: cycle in the type chain at offset ${hex(die.offset)}`);
  visiting.add(die.offset);
  const next = (): TypeInfo => {
    const a = die.attrs.get(AT.type);
    if (a === undefined) return VOID;
    const target = deref(ctx, die, a);
    return target === undefined ? { name: '?', size: 0, signed: false, encoding: 0 } : resolveType(ctx, target, visiting);
  };
  const name = (): string => { const a = die.attrs.get(AT.name); return a === undefined ? '' : stringValue(ctx.s, die.unit, a); };
  const size = (): number | undefined => constNum(ctx, die, AT.byte_size);
  let t: TypeInfo;
  switch (die.tag) {
    case TAG.typedef: case TAG.const_type: case TAG.volatile_type: case TAG.restrict_type: case TAG.atomic_type:
      t = next(); break;
    case TAG.base_type: {
      const enc = constNum(ctx, die, AT.encoding) ?? 0;
      t = { name: name(), size: size() ?? 0, signed: enc === ATE_signed || enc === ATE_signed_char || enc === ATE_signed_fixed, encoding: enc };
      break;
    }
    case TAG.pointer_type: case TAG.reference_type: case TAG.rvalue_reference_type: {
      const target = next();
      const suffix = die.tag === TAG.pointer_type ? '*' : die.tag === TAG.reference_type ? '&' : '&&';
      const n = target.name.endsWith('()') ? `${target.name.slice(0, -2)} (${suffix})()` : `${target.name}${suffix}`;
      t = { name: n, size: size() ?? die.unit.addrSize, signed: false, encoding: 0 };
      break;
    }
    case TAG.structure_type: case TAG.class_type: case TAG.union_type: case TAG.enumeration_type: {
      const kw = die.tag === TAG.structure_type ? 'struct' : die.tag === TAG.class_type ? 'class' : die.tag === TAG.union_type ? 'union' : 'enum';
      const n = name();
      let signed = false, encoding = 0;
      if (die.tag === TAG.enumeration_type) { const u = next(); signed = u.signed; encoding = u.encoding; }
      t = { name: `${kw} ${n === '' ? '<anonymous>' : n}`, size: size() ?? 0, signed, encoding };
      break;
    }
    case TAG.array_type: {
      const elem = next();
      let dims = '', count = 1;
      for (const c of die.children) {
        if (c.tag !== TAG.subrange_type) continue;
        const n = constNum(ctx, c, AT.count) ?? ((): number | undefined => { const ub = constNum(ctx, c, AT.upper_bound); return ub === undefined ? undefined : ub + 1; })();
        dims += n === undefined ? '[]' : `[${n}]`;
        count *= n ?? 0;
      }
      t = { name: `${elem.name}${dims === '' ? '[]' : dims}`, size: size() ?? count * elem.size, signed: false, encoding: 0 };
      break;
    }
    case TAG.subroutine_type: t = { name: `${next().name}()`, size: 0, signed: false, encoding: 0 }; break;
    case TAG.unspecified_type: t = { name: name() || 'void', size: 0, signed: false, encoding: 0 }; break;
    default: t = { name: name() || '?', size: size() ?? 0, signed: false, encoding: 0 };
  }
  visiting.delete(die.offset);
  ctx.types.set(die.offset, t);
  return t;
}

// ---------------------------------------------------------------------------------------
// Location expressions (§2.5, §2.6).

const OP = { addr: 0x03, const1u: 0x08, const1s: 0x09, const2u: 0x0a, const2s: 0x0b, const4u: 0x0c, const4s: 0x0d, const8u: 0x0e, const8s: 0x0f, constu: 0x10, consts: 0x11, plus_uconst: 0x23, regx: 0x90, fbreg: 0x91, bregx: 0x92, call_frame_cfa: 0x9c, implicit_value: 0x9e, stack_value: 0x9f, addrx: 0xa1, constx: 0xa2, GNU_addr_index: 0xfb, GNU_const_index: 0xfc } as const;

/**
 * Decodes the location description patterns compilers use for simple variables; any
 * other expression is kept for dwarf-expr.ts to evaluate in a frame. An empty
 * expression (optimized out) is undefined.
 */
function decodeExpr(s: DwarfSections, u: Unit, expr: Uint8Array): DwarfLocation | undefined {
  if (expr.length === 0) return undefined;
  const r = new Reader(expr, 'location expression');
  const general = (): DwarfLocation => ({ kind: 'expr', expr, addrSize: u.addrSize, addrIndex: (i) => addrIndex(s, u, i) });
  const op = r.u8();
  let first: DwarfLocation;
  const sx = (v: bigint, bits: number): bigint => BigInt.asIntN(bits, v);
  if (op >= 0x50 && op <= 0x6f) first = { kind: 'reg', reg: op - 0x50 };
  else if (op >= 0x70 && op <= 0x8f) first = { kind: 'breg', reg: op - 0x70, offset: r.sleb() };
  else if (op >= 0x30 && op <= 0x4f) first = { kind: 'value', value: BigInt(op - 0x30) };
  else {
    switch (op) {
      case OP.regx: first = { kind: 'reg', reg: r.uleb() }; break;
      case OP.bregx: { const reg = r.uleb(); first = { kind: 'breg', reg, offset: r.sleb() }; break; }
      case OP.fbreg: first = { kind: 'fbreg', offset: r.sleb() }; break;
      case OP.call_frame_cfa: first = { kind: 'cfa' }; break;
      case OP.addr: first = { kind: 'addr', address: r.uN(u.addrSize) }; break;
      case OP.addrx: case OP.GNU_addr_index: first = { kind: 'addr', address: addrIndex(s, u, r.uleb()) }; break;
      case OP.constx: case OP.GNU_const_index: first = { kind: 'value', value: addrIndex(s, u, r.uleb()) }; break;
      case OP.const1u: first = { kind: 'value', value: r.uN(1) }; break;
      case OP.const1s: first = { kind: 'value', value: sx(r.uN(1), 8) }; break;
      case OP.const2u: first = { kind: 'value', value: r.uN(2) }; break;
      case OP.const2s: first = { kind: 'value', value: sx(r.uN(2), 16) }; break;
      case OP.const4u: first = { kind: 'value', value: r.uN(4) }; break;
      case OP.const4s: first = { kind: 'value', value: sx(r.uN(4), 32) }; break;
      case OP.const8u: first = { kind: 'value', value: r.u64() }; break;
      case OP.const8s: first = { kind: 'value', value: sx(r.u64(), 64) }; break;
      case OP.constu: first = { kind: 'value', value: r.ulebBig() }; break;
      case OP.consts: first = { kind: 'value', value: r.slebBig() }; break;
      case OP.implicit_value: {
        const n = r.uleb();
        const b = r.bytes(n);
        if (n > 8 || r.pos !== expr.length) return general();
        let v = 0n;
        for (let i = n - 1; i >= 0; i--) v = (v << 8n) | BigInt(b[i]);
        return { kind: 'value', value: v };
      }
      default: return general();
    }
  }
  // A constant or address alone is a memory location at that address (§2.6.1.1.2).
  const memory = (l: DwarfLocation): DwarfLocation => (l.kind === 'value' ? { kind: 'addr', address: l.value } : l);
  if (r.pos === expr.length) return memory(first);
  let op2 = r.u8();
  if (op2 === OP.plus_uconst && first.kind === 'breg') {
    first = { kind: 'breg', reg: first.reg, offset: first.offset + r.uleb() };
    if (r.pos === expr.length) return first;
    op2 = r.u8();
  }
  if (op2 === OP.stack_value && r.pos === expr.length) {
    switch (first.kind) {
      case 'value': return first;
      case 'addr': return { kind: 'value', value: first.address };
      case 'breg': return { kind: 'implicit-reg', reg: first.reg, offset: first.offset };
      default: break;
    }
  }
  return general();
}

type VarLocation = DwarfVariable['location'];
type ListEntry = { low: bigint; high: bigint; loc: DwarfLocation };

/**
 * A DWARF 2-4 address-pair list (.debug_loc, .debug_ranges; §2.6.2, §2.17.3): pairs relative to
 * the unit base, an all-ones first address selecting a new base, (0, 0) ending it; `entry` reads
 * what follows a pair (a location list's expression) and makes the list's element.
 */
function pairList<T>(r: Reader, u: Unit, entry: (low: bigint, high: bigint) => T | undefined): T[] {
  const max = u.addrSize === 8 ? 0xffffffffffffffffn : 0xffffffffn;
  const out: T[] = [];
  let base = u.base;
  for (;;) {
    const lo = r.uN(u.addrSize), hi = r.uN(u.addrSize);
    if (lo === 0n && hi === 0n) return out;
    if (lo === max) { base = hi; continue; }
    const e = entry(base + lo, base + hi);
    if (e !== undefined) out.push(e);
  }
}

/** A DWARF 2-4 .debug_loc list: each pair followed by a 2-byte expression length and the expression. */
function readLoc(s: DwarfSections, u: Unit, off: number): ListEntry[] {
  const r = section(s.loc, '.debug_loc', off);
  return pairList(r, u, (low, high) => {
    const loc = decodeExpr(s, u, r.bytes(r.u16()));
    return loc === undefined ? undefined : { low, high, loc };
  });
}

/** A DWARF 5 .debug_loclists list (§2.6.2, DW_LLE_*). */
function readLoclists(s: DwarfSections, u: Unit, off: number): ListEntry[] {
  const r = section(s.loclists, '.debug_loclists', off);
  const out: ListEntry[] = [];
  let base = u.base;
  const push = (low: bigint, high: bigint): void => {
    const loc = decodeExpr(s, u, r.bytes(r.uleb()));
    if (loc !== undefined) out.push({ low, high, loc });
  };
  for (;;) {
    const at = r.pos;
    const kind = r.u8();
    switch (kind) {
      case 0x00: return out;                                                                  // end_of_list
      case 0x01: base = addrIndex(s, u, r.uleb()); break;                                     // base_addressx
      case 0x02: { const a = addrIndex(s, u, r.uleb()); push(a, addrIndex(s, u, r.uleb())); break; } // startx_endx
      case 0x03: { const a = addrIndex(s, u, r.uleb()); push(a, a + r.ulebBig()); break; }    // startx_length
      case 0x04: { const a = r.ulebBig(); push(base + a, base + r.ulebBig()); break; }        // offset_pair
      case 0x05: push(0n, 0xffffffffffffffffn); break;                                        // default_location
      case 0x06: base = r.uN(u.addrSize); break;                                              // base_address
      case 0x07: { const a = r.uN(u.addrSize); push(a, r.uN(u.addrSize)); break; }            // start_end
      case 0x08: { const a = r.uN(u.addrSize); push(a, a + r.ulebBig()); break; }             // start_length
      case 0x09: r.uleb(); r.uleb(); break;                                                   // GNU view_pair
      default: throw new DwarfError(`.debug_loclists: unknown entry kind ${hex(kind)} at offset ${hex(at)}`);
    }
  }
}

/** The offset of list `index` in a DWARF 5 list section's offset table (relative to the unit's *_base). */
function listIndex(sec: Uint8Array | undefined, name: string, u: Unit, base: number, index: number): number {
  const size = u.is64 ? 8 : 4;
  return base + section(sec, name, base + index * size).offset(u.is64);
}

function locationOf(ctx: Ctx, die: Die, at: number): VarLocation {
  const a = die.attrs.get(at);
  if (a === undefined) return undefined;
  const u = die.unit;
  if (a.bytes !== undefined && BLOCK_FORMS.has(a.form)) return decodeExpr(ctx.s, u, a.bytes);
  let entries: ListEntry[];
  if (a.form === FORM.loclistx) entries = readLoclists(ctx.s, u, listIndex(ctx.s.loclists, '.debug_loclists', u, u.loclistsBase, safeNum(a.num, 'list index')));
  else if (a.form === FORM.sec_offset || (u.version < 4 && (a.form === FORM.data4 || a.form === FORM.data8))) {
    const off = safeNum(a.num, 'location list offset');
    entries = u.version >= 5 ? readLoclists(ctx.s, u, off) : readLoc(ctx.s, u, off);
  } else return { kind: 'unsupported', why: `location form ${hex(a.form)}` };
  return { kind: 'list', entries };
}

// ---------------------------------------------------------------------------------------
// Address ranges.

/** A DWARF 2-4 .debug_ranges list. */
function readRanges(s: DwarfSections, u: Unit, off: number): DwarfRange[] {
  return pairList(section(s.ranges, '.debug_ranges', off), u, (low, high) => ({ low, high }));
}

/** A DWARF 5 .debug_rnglists list (DW_RLE_*). */
function readRnglists(s: DwarfSections, u: Unit, off: number): DwarfRange[] {
  const r = section(s.rnglists, '.debug_rnglists', off);
  const out: DwarfRange[] = [];
  let base = u.base;
  for (;;) {
    const at = r.pos;
    const kind = r.u8();
    switch (kind) {
      case 0x00: return out;                                                                                   // end_of_list
      case 0x01: base = addrIndex(s, u, r.uleb()); break;                                                      // base_addressx
      case 0x02: { const a = addrIndex(s, u, r.uleb()); out.push({ low: a, high: addrIndex(s, u, r.uleb()) }); break; } // startx_endx
      case 0x03: { const a = addrIndex(s, u, r.uleb()); out.push({ low: a, high: a + r.ulebBig() }); break; }   // startx_length
      case 0x04: { const a = r.ulebBig(); out.push({ low: base + a, high: base + r.ulebBig() }); break; }      // offset_pair
      case 0x05: base = r.uN(u.addrSize); break;                                                               // base_address
      case 0x06: { const a = r.uN(u.addrSize); out.push({ low: a, high: r.uN(u.addrSize) }); break; }          // start_end
      case 0x07: { const a = r.uN(u.addrSize); out.push({ low: a, high: a + r.ulebBig() }); break; }           // start_length
      default: throw new DwarfError(`.debug_rnglists: unknown entry kind ${hex(kind)} at offset ${hex(at)}`);
    }
  }
}

function rangesOf(ctx: Ctx, die: Die): DwarfRange[] | undefined {
  const u = die.unit;
  const low = die.attrs.get(AT.low_pc);
  if (low !== undefined) {
    const lo = addrValue(ctx.s, u, low);
    const high = die.attrs.get(AT.high_pc);
    if (high === undefined) return [{ low: lo, high: lo + 1n }];
    const hi = ADDR_FORMS.has(high.form) ? addrValue(ctx.s, u, high) : lo + high.num;
    return [{ low: lo, high: hi }];
  }
  const rg = die.attrs.get(AT.ranges);
  if (rg === undefined) return undefined;
  if (rg.form === FORM.rnglistx) return readRnglists(ctx.s, u, listIndex(ctx.s.rnglists, '.debug_rnglists', u, u.rnglistsBase, safeNum(rg.num, 'range list index')));
  const off = safeNum(rg.num, 'range list offset');
  return u.version >= 5 ? readRnglists(ctx.s, u, off) : readRanges(ctx.s, u, off);
}

// ---------------------------------------------------------------------------------------
// Functions and their variables.

function makeVariable(ctx: Ctx, die: Die, scope: DwarfRange[] | undefined): DwarfVariable {
  const t = typeOf(ctx, die);
  let location = locationOf(ctx, die, AT.location);
  if (location === undefined) {
    const cv = die.attrs.get(AT.const_value);
    if (cv !== undefined) {
      if (cv.bytes === undefined && cv.str === undefined) {
        let v = cv.num;
        const width = cv.form === FORM.data1 ? 8 : cv.form === FORM.data2 ? 16 : cv.form === FORM.data4 ? 32 : cv.form === FORM.data8 ? 64 : 0;
        if (t.signed && width > 0) v = BigInt.asIntN(width, v);
        location = { kind: 'value', value: v };
      } else location = { kind: 'unsupported', why: 'DW_AT_const_value block' };
    }
  }
  const v: DwarfVariable = { name: nameOf(ctx, die), isParameter: die.tag === TAG.formal_parameter, typeName: t.name, byteSize: t.size, signed: t.signed, encoding: t.encoding, location };
  return scope === undefined ? v : { ...v, scope };
}

function isDeclaration(die: Die): boolean {
  const d = die.attrs.get(AT.declaration);
  return d !== undefined && d.num !== 0n;
}

interface Collected { vars: { die: Die; v: DwarfVariable }[]; blocks: Map<number, DwarfRange[] | undefined>; inlined: DwarfFunction[] }

/** Parameters/variables (through lexical blocks) and inlined calls directly inside `die`. */
function collect(ctx: Ctx, die: Die, scope: DwarfRange[] | undefined, out: Collected, depth: number): void {
  for (const c of die.children) {
    switch (c.tag) {
      case TAG.formal_parameter: case TAG.variable:
        if (!isDeclaration(c)) out.vars.push({ die: c, v: makeVariable(ctx, c, scope) });
        break;
      case TAG.lexical_block: {
        const inner = rangesOf(ctx, c) ?? scope;
        const o = c.attrs.get(AT.abstract_origin);
        if (o !== undefined) out.blocks.set(safeNum(o.num, 'reference'), inner);
        collect(ctx, c, inner, out, depth + 1);
        break;
      }
      case TAG.inlined_subroutine: out.inlined.push(makeFunction(ctx, c, depth + 1)); break;
      default: break; // nested subprograms are listed at the top level; types, call sites, labels: not needed
    }
  }
}

/** The variable DIEs of an abstract instance tree in declaration order, with their enclosing abstract block (or undefined). */
function abstractVars(die: Die, block: number | undefined, out: { die: Die; block: number | undefined }[]): void {
  for (const c of die.children) {
    if ((c.tag === TAG.formal_parameter || c.tag === TAG.variable) && !isDeclaration(c)) out.push({ die: c, block });
    else if (c.tag === TAG.lexical_block) abstractVars(c, c.offset, out);
  }
}

function makeFunction(ctx: Ctx, die: Die, depth: number): DwarfFunction {
  if (depth > MAX_DEPTH) throw new DwarfError(`.debug_info: inlined calls nested deeper than ${MAX_DEPTH} at offset ${hex(die.offset)}`);
  const out: Collected = { vars: [], blocks: new Map(), inlined: [] };
  collect(ctx, die, undefined, out, depth);
  let variables: DwarfVariable[] = out.vars.map((x) => x.v);
  // A concrete instance (out-of-line or inlined) of an abstract one: report the variables in
  // declaration order, including those the optimizer removed (no location).
  const abs = origin(ctx, die);
  if (abs !== undefined) {
    const decl: { die: Die; block: number | undefined }[] = [];
    abstractVars(abs, undefined, decl);
    const byOrigin = new Map<number, DwarfVariable>();
    const rest: DwarfVariable[] = [];
    for (const x of out.vars) {
      const o = x.die.attrs.get(AT.abstract_origin);
      if (o !== undefined && REF_FORMS.has(o.form)) byOrigin.set(Number(o.num), x.v);
      else rest.push(x.v);
    }
    variables = [];
    for (const d of decl) {
      const concrete = byOrigin.get(d.die.offset);
      if (concrete !== undefined) { variables.push(concrete); byOrigin.delete(d.die.offset); continue; }
      if (d.block !== undefined && !out.blocks.has(d.block)) continue; // its whole block was optimized away
      const v = makeVariable(ctx, d.die, d.block === undefined ? undefined : out.blocks.get(d.block));
      variables.push({ ...v, location: undefined });
    }
    variables.push(...byOrigin.values(), ...rest);
  }
  const fb = locationOf(ctx, die, AT.frame_base);
  const num = (at: number): number | undefined => constNum(ctx, die, at);
  const f: DwarfFunction = {
    name: nameOf(ctx, die),
    ranges: rangesOf(ctx, die) ?? [],
    frameBase: fb?.kind === 'list' ? { kind: 'unsupported', why: 'frame base location list' } : fb,
    variables,
    inlined: out.inlined,
  };
  if (die.tag !== TAG.inlined_subroutine) {
    const sites: DwarfCallSite[] = [];
    callSites(ctx, die, sites, depth);
    return sites.length > 0 ? { ...f, callSites: sites } : f;
  }
  return { ...f, callFile: num(AT.call_file), callLine: num(AT.call_line), callColumn: num(AT.call_column) };
}

/** The call sites inside a function, through its lexical blocks and inlined calls (not nested functions). */
function callSites(ctx: Ctx, die: Die, out: DwarfCallSite[], depth: number): void {
  if (depth > MAX_DEPTH) throw new DwarfError(`.debug_info: DIEs nested deeper than ${MAX_DEPTH} at offset ${hex(die.offset)}`);
  for (const c of die.children) {
    if (c.tag === TAG.call_site || c.tag === TAG.GNU_call_site) {
      // DWARF 5 names the return address; the GNU extension's DW_AT_low_pc is the return address too.
      const rp = c.attrs.get(AT.call_return_pc) ?? c.attrs.get(AT.low_pc);
      if (rp === undefined) continue;
      const u = c.unit;
      const params = c.children.flatMap((p) => {
        if (p.tag !== TAG.call_site_parameter && p.tag !== TAG.GNU_call_site_parameter) return [];
        const loc = p.attrs.get(AT.location)?.bytes;
        const value = (p.attrs.get(AT.call_value) ?? p.attrs.get(AT.GNU_call_site_value))?.bytes;
        // The argument register: DW_OP_reg0..31 (DW_OP_regx rarely for arguments).
        if (loc === undefined || value === undefined || loc.length !== 1 || loc[0] < 0x50 || loc[0] > 0x6f) return [];
        return [{ reg: loc[0] - 0x50, value, addrSize: u.addrSize, addrIndex: (i: number) => addrIndex(ctx.s, u, i) }];
      });
      out.push({ returnPc: addrValue(ctx.s, u, rp), params });
    } else if (c.tag !== TAG.subprogram) callSites(ctx, c, out, depth + 1);
  }
}

/** Every function with code (DW_TAG_subprogram with low_pc/high_pc or DW_AT_ranges) in every compilation unit. */
export function parseDebugInfo(s: DwarfSections): DwarfFunction[] {
  const { roots, dies } = parseUnits(s);
  const ctx: Ctx = { s, dies, types: new Map() };
  const fns: DwarfFunction[] = [];
  const visit = (die: Die, depth: number): void => {
    if (depth > MAX_DEPTH) throw new DwarfError(`.debug_info: DIEs nested deeper than ${MAX_DEPTH} at offset ${hex(die.offset)}`);
    if (die.tag === TAG.subprogram && !isDeclaration(die) && (die.attrs.has(AT.low_pc) || die.attrs.has(AT.ranges))) fns.push(makeFunction(ctx, die, 0));
    for (const c of die.children) if (c.tag !== TAG.inlined_subroutine) visit(c, depth + 1);
  };
  for (const root of roots) if (root.tag === TAG.compile_unit || root.tag === TAG.partial_unit || root.tag === TAG.skeleton_unit) visit(root, 0);
  return fns;
}

const contains = (f: DwarfFunction, pc: bigint): boolean => f.ranges.some((r) => r.low <= pc && pc < r.high);

/** Innermost function (inlined first) containing pc, outermost last: the logical frames at pc. */
export function functionsAt(fns: readonly DwarfFunction[], pc: bigint): DwarfFunction[] {
  const outer = fns.find((f) => contains(f, pc));
  if (outer === undefined) return [];
  const chain: DwarfFunction[] = [outer];
  for (let f: DwarfFunction | undefined = outer; f !== undefined && chain.length <= MAX_DEPTH;) {
    f = f.inlined.find((g) => contains(g, pc));
    if (f !== undefined) chain.push(f);
  }
  return chain.reverse();
}
