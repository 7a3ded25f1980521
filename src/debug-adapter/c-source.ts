// What DWARF adds to a program built from C with -g: call-frame unwinding without frame
// pointers (.debug_frame / .eh_frame), function names (inlined calls included) and the
// locals and parameters of each frame where the compiler describes their location.
// Malformed DWARF disables the part it belongs to, with a message; it never stops a session.
import type { ElfImage } from '../engine/loader/elf';
import { DwarfError } from '../engine/loader/dwarf-line';
import { parseDebugInfo, functionsAt, DwarfFunction, DwarfLocation, DwarfVariable } from '../engine/loader/dwarf-info';
import { parseFrames, unwindStep, FrameTable } from '../engine/loader/dwarf-frame';
import { evaluateLocation, ExprContext, ExprPiece } from '../engine/loader/dwarf-expr';

/** A frame as the unwinder found it: its PC and the registers it had (0..30, 31 = SP). */
export interface CFrame { readonly pc: bigint; readonly regs: ReadonlyMap<number, bigint> }

export interface CVariable { readonly name: string; readonly value: string; readonly type: string; readonly isParameter: boolean; readonly address?: bigint }

export class CProgram {
  private constructor(readonly functions: readonly DwarfFunction[], private readonly frames: FrameTable | undefined, readonly problems: readonly string[]) {}

  /** DWARF of `image`, or undefined when it has none; `problems` lists what could not be read. */
  static load(image: ElfImage): CProgram | undefined {
    const problems: string[] = [];
    const sec = (n: string): Uint8Array | undefined => image.section(n)?.data;
    let functions: DwarfFunction[] = [];
    const info = sec('.debug_info'), abbrev = sec('.debug_abbrev');
    if (info !== undefined && abbrev !== undefined) {
      try {
        functions = parseDebugInfo({
          info, abbrev, str: sec('.debug_str'), lineStr: sec('.debug_line_str'), strOffsets: sec('.debug_str_offsets'), addr: sec('.debug_addr'),
          rnglists: sec('.debug_rnglists'), loclists: sec('.debug_loclists'), ranges: sec('.debug_ranges'), loc: sec('.debug_loc'),
        });
      } catch (e) {
        if (!(e instanceof DwarfError)) throw e;
        problems.push(`${e.message}: no locals or function information`);
      }
    }
    let frames: FrameTable | undefined;
    const eh = image.section('.eh_frame'), df = sec('.debug_frame');
    if (eh !== undefined || df !== undefined) {
      try { frames = parseFrames({ debugFrame: df, ehFrame: eh?.data, ehFrameAddr: eh?.addr }); } catch (e) {
        if (!(e instanceof DwarfError)) throw e;
        problems.push(`${e.message}: stack traces use frame pointers only`);
      }
    }
    if (functions.length === 0 && frames === undefined && problems.length === 0) return undefined;
    return new CProgram(functions, frames, problems);
  }

  /** Logical functions at pc, innermost (inlined) first. */
  functionsAt(pc: bigint): DwarfFunction[] { return functionsAt(this.functions, pc); }

  /** The call chain from the live registers, through CFI (at most `max` frames). */
  unwind(pc: bigint, regs: ReadonlyMap<number, bigint>, read64: (a: bigint) => bigint | undefined, exact: ReadonlySet<bigint> = new Set(), max = 32): CFrame[] {
    const out: CFrame[] = [{ pc, regs }];
    if (this.frames === undefined) return out;
    let cur: CFrame = out[0];
    for (let i = 1; i < max; i++) {
      let next: ReturnType<typeof unwindStep>;
      // Above the innermost frame the PC is a return address: its call is the instruction before
      // (so a call that ends a function finds that function's CFI), except where an exception
      // vector's CFI returned the interrupted PC itself (`exact`: the live exceptions' ELRs).
      const at = i === 1 || exact.has(cur.pc) ? cur.pc : cur.pc - 4n;
      try { next = unwindStep(this.frames, at, cur.regs, read64); } catch (e) { if (e instanceof DwarfError) break; throw e; }
      if (next === undefined || next.pc === 0n || (next.pc === cur.pc && next.regs.get(31) === cur.regs.get(31))) break;
      // Return addresses point after the call: the caller's line is the call's.
      cur = { pc: next.pc, regs: next.regs };
      out.push(cur);
    }
    return out;
  }

  /** The canonical frame address at pc with these registers (for DW_OP_call_frame_cfa frame bases). */
  cfa(pc: bigint, regs: ReadonlyMap<number, bigint>): bigint | undefined {
    const row = this.frames?.rowAt(pc);
    if (row === undefined) return undefined;
    const base = regs.get(row.cfaReg);
    return base === undefined ? undefined : BigInt.asUintN(64, base + BigInt(row.cfaOffset));
  }

  /** Locals and parameters of the innermost function at the frame, with values where DWARF locates them. */
  variables(f: CFrame, read: (a: bigint, n: number) => Uint8Array | undefined, caller?: CFrame): CVariable[] {
    const fns = this.functionsAt(f.pc);
    const fn = fns[0];
    if (fn === undefined) return [];
    // Inlined calls take their frame base from the function they are inlined into.
    const outer = fns[fns.length - 1];
    const frameBase = this.locate(outer.frameBase, f, undefined);
    const entry = caller === undefined ? undefined : this.entryValues(caller, read);
    return fn.variables.map((v) => this.variable(v, f, frameBase, read, entry));
  }

  /**
   * Register values at the entry of the function a frame is in, from the call site in its caller
   * (the call whose return address the caller's PC is): each DW_AT_call_value evaluated in the
   * caller's frame, as GDB resolves DW_OP_entry_value.
   */
  private entryValues(caller: CFrame, read: (a: bigint, n: number) => Uint8Array | undefined): (reg: number) => bigint | undefined {
    const fns = this.functionsAt(caller.pc - 4n);
    const site = fns[fns.length - 1]?.callSites?.find((c) => c.returnPc === caller.pc);
    return (reg) => {
      const p = site?.params.find((x) => x.reg === reg);
      if (p === undefined) return undefined;
      const outer = fns[fns.length - 1];
      const ctx: ExprContext = {
        reg: (n) => caller.regs.get(n), read, frameBase: () => this.locate(outer.frameBase, caller, undefined), cfa: () => this.cfa(caller.pc, caller.regs),
        addrIndex: p.addrIndex, addrSize: p.addrSize,
      };
      let r;
      try { r = evaluateLocation(p.value, ctx); } catch (e) { if (e instanceof DwarfError) return undefined; throw e; }
      // DW_AT_call_value is a DWARF expression: its value is the stack top (an "address" result), a register's or an implicit value.
      if (r.kind !== 'location') return undefined;
      switch (r.loc.kind) {
        case 'memory': return r.loc.address;
        case 'value': return r.loc.value;
        case 'register': return caller.regs.get(r.loc.reg);
        default: return undefined;
      }
    };
  }

  private variable(v: DwarfVariable, f: CFrame, frameBase: bigint | undefined, read: (a: bigint, n: number) => Uint8Array | undefined,
    entry?: (reg: number) => bigint | undefined): CVariable {
    let loc: DwarfLocation | undefined;
    const l = v.location;
    if (l !== undefined && l.kind === 'list') loc = l.entries.find((e) => f.pc >= e.low && f.pc < e.high)?.loc;
    else loc = l;
    const type = v.typeName;
    const base = { name: v.name, type, isParameter: v.isParameter };
    if (loc === undefined) return { ...base, value: '<optimized out>' };
    switch (loc.kind) {
      case 'reg': {
        const r = f.regs.get(loc.reg);
        return { ...base, value: r === undefined ? '<register unavailable in this frame>' : formatValue(r, v) };
      }
      case 'value': return { ...base, value: formatValue(loc.value, v) };
      case 'implicit-reg': {
        const r = f.regs.get(loc.reg);
        return { ...base, value: r === undefined ? '<unavailable>' : formatValue(BigInt.asUintN(64, r + BigInt(loc.offset)), v) };
      }
      case 'unsupported': return { ...base, value: `<location not supported: ${loc.why}>` };
      case 'cfa': return { ...base, value: '<location is the frame address>' };
      case 'expr': return { ...base, ...this.evaluated(loc, v, f, frameBase, read, entry) };
      default: {
        const addr = this.locate(loc, f, frameBase);
        if (addr === undefined) return { ...base, value: '<unavailable>' };
        const bytes = read(addr, Math.min(Math.max(v.byteSize, 1), 8));
        if (bytes === undefined) return { ...base, value: `<unreadable at 0x${addr.toString(16)}>`, address: addr };
        let x = 0n;
        for (let i = bytes.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]);
        return { ...base, value: formatValue(x, v), address: addr };
      }
    }
  }

  /** The context a DWARF expression evaluates in: the frame's registers, memory, frame base and CFA. */
  private exprContext(loc: Extract<DwarfLocation, { kind: 'expr' }>, f: CFrame, frameBase: bigint | undefined, read: (a: bigint, n: number) => Uint8Array | undefined,
    entry?: (reg: number) => bigint | undefined): ExprContext {
    return {
      reg: (n) => f.regs.get(n), read, frameBase: () => frameBase, cfa: () => this.cfa(f.pc, f.regs),
      addrIndex: loc.addrIndex, addrSize: loc.addrSize, entryValue: entry,
    };
  }

  /**
   * A variable whose location is a general DWARF expression (dwarf-expr.ts): a memory location is
   * read, a register or implicit value taken as it is, and the pieces of a composite put together
   * (little-endian) when they make a scalar of at most 8 bytes.
   */
  private evaluated(loc: Extract<DwarfLocation, { kind: 'expr' }>, v: DwarfVariable, f: CFrame, frameBase: bigint | undefined,
    read: (a: bigint, n: number) => Uint8Array | undefined, entry?: (reg: number) => bigint | undefined): { value: string; address?: bigint } {
    let r;
    try { r = evaluateLocation(loc.expr, this.exprContext(loc, f, frameBase, read, entry)); } catch (e) {
      if (e instanceof DwarfError) return { value: `<bad location expression: ${e.message}>` };
      throw e;
    }
    if (r.kind === 'unavailable') return { value: r.why.startsWith('DW_OP_') ? `<location not supported: ${r.why}>` : `<unavailable: ${r.why}>` };
    const size = Math.min(Math.max(v.byteSize, 1), 8);
    const parts = r.kind === 'location' ? [{ size, loc: r.loc }] : r.pieces;
    const bytes: number[] = [];
    for (const p of parts) {
      const b = this.pieceBytes(p.loc, p.size, f, read);
      if (typeof b === 'string') return { value: b };
      bytes.push(...b);
    }
    if (bytes.length > 8) return { value: `<${bytes.length}-byte composite value>` };
    let x = 0n;
    for (let i = bytes.length - 1; i >= 0; i--) x = (x << 8n) | BigInt(bytes[i]);
    const address = r.kind === 'location' && r.loc.kind === 'memory' ? r.loc.address : undefined;
    return { value: formatValue(x, v), address };
  }

  /** The `size` bytes one piece of a location holds (little-endian), or why they cannot be had. */
  private pieceBytes(p: ExprPiece, size: number, f: CFrame, read: (a: bigint, n: number) => Uint8Array | undefined): number[] | string {
    const le = (x: bigint): number[] => Array.from({ length: size }, (_, i) => Number((x >> BigInt(8 * i)) & 0xffn));
    switch (p.kind) {
      case 'memory': {
        const b = read(p.address, size);
        return b === undefined ? `<unreadable at 0x${p.address.toString(16)}>` : [...b];
      }
      case 'register': { const x = f.regs.get(p.reg); return x === undefined ? '<register unavailable in this frame>' : le(x); }
      case 'value': return le(p.value);
      case 'bytes': return Array.from({ length: size }, (_, i) => p.bytes[i] ?? 0);
      case 'undefined': return '<optimized out>';
    }
  }

  /** The address a memory location names (fbreg, breg, addr), or the frame base itself (cfa). */
  private locate(loc: DwarfLocation | undefined, f: CFrame, frameBase: bigint | undefined): bigint | undefined {
    if (loc === undefined) return undefined;
    switch (loc.kind) {
      case 'cfa': return this.cfa(f.pc, f.regs);
      case 'fbreg': return frameBase === undefined ? undefined : BigInt.asUintN(64, frameBase + BigInt(loc.offset));
      case 'breg': { const r = f.regs.get(loc.reg); return r === undefined ? undefined : BigInt.asUintN(64, r + BigInt(loc.offset)); }
      case 'addr': return loc.address;
      case 'expr': {
        // A frame base given by an expression: the address it computes.
        try {
          const r = evaluateLocation(loc.expr, this.exprContext(loc, f, frameBase, () => undefined));
          return r.kind === 'location' && r.loc.kind === 'memory' ? r.loc.address : undefined;
        } catch (e) {
          if (e instanceof DwarfError) return undefined;
          throw e;
        }
      }
      default: return undefined;
    }
  }
}

/** A value of a base type: decimal for integers (signed where the type is), hex alongside. */
export function formatValue(raw: bigint, v: Pick<DwarfVariable, 'byteSize' | 'signed' | 'typeName'>): string {
  const bits = BigInt(Math.min(Math.max(v.byteSize, 1), 8) * 8);
  const u = BigInt.asUintN(Number(bits), raw);
  if (v.typeName.endsWith('*')) return `0x${u.toString(16)}`;
  const n = v.signed ? BigInt.asIntN(Number(bits), u) : u;
  return v.byteSize === 1 && u >= 32n && u < 127n ? `${n} '${String.fromCharCode(Number(u))}'` : `${n} (0x${u.toString(16)})`;
}
