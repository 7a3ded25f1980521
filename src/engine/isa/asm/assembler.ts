// The assembler driver: statements -> labels, directives, macro/.irp/.rept
// expansion, conditionals, instructions (encoded after layout, when every
// label has its address), literal pools and data fixups.

import { AsmError, Cursor, EvalEnv, Expr, NotConstant, ParseEnv, Undefined, Value, evalAbs, evaluate, parseExpr, readChar } from './expr';
import { Imm, Operand, parseOperands } from './operands';
import { Stmt, SrcLine, splitArgs, splitLines, toStatements } from './source';
import { Section } from './sections';
import { encoderFor } from './encode';
import { layout, OutputSection } from './layout';
import { Preprocessor, dirname, joinPath } from './cpp';
import { EncCtx } from './enc-util';
import { MacroParam, Problem, bindArgs, parseIrp, parseMacroHead, substitute } from './macro';

export interface Diagnostic { readonly file: string; readonly line: number; readonly column: number; readonly message: string; readonly severity: 'error' | 'warning' }

interface Sym {
  readonly name: string;
  sec: Section | null;
  value: bigint;
  defined: boolean;
  expr?: Expr;
  kind: 'label' | 'equ';
  stmt?: Stmt;
  global: boolean;
  weak: boolean;
  type?: 'func' | 'object';
  size?: Expr;
  busy?: boolean;
  redefinable?: boolean;
}

interface Macro { readonly name: string; readonly params: readonly MacroParam[]; readonly body: readonly Stmt[]; readonly stmt: Stmt }

export interface AssembleOptions {
  /** Run the C preprocessor subset first (default: for paths ending in .S). */
  readonly cpp?: boolean;
  /** Link address of .text (default 0x40080000, as link.ld). */
  readonly base?: bigint;
  readonly maxMacroDepth?: number;
}

const COND_DIRS = new Set(['.if', '.ifdef', '.ifndef', '.ifnotdef', '.ifc', '.ifnc', '.ifeq', '.ifne', '.ifgt', '.ifge', '.iflt', '.ifle', '.ifb', '.ifnb', '.ifeqs', '.ifnes', '.else', '.elseif', '.endif']);
const IGNORED = new Set(['.file', '.ident', '.arch', '.cpu', '.arch_extension', '.loc', '.hidden', '.protected', '.internal', '.type_', '.eabi_attribute', '.variant_pcs', '.cfi_startproc', '.cfi_endproc', '.cfi_def_cfa', '.cfi_offset', '.cfi_def_cfa_offset', '.cfi_restore', '.cfi_sections', '.cfi_adjust_cfa_offset', '.cfi_rel_offset', '.cfi_def_cfa_register', '.cfi_remember_state', '.cfi_restore_state', '.cfi_window_save', '.cfi_negate_ra_state', '.cfi_b_key_frame', '.cfi_signal_frame', '.cfi_undefined', '.cfi_same_value', '.cfi_register', '.cfi_return_column', '.cfi_escape', '.cfi_personality', '.cfi_lsda', '.ascii_', '.nops_']);
const DATA_SIZES: Readonly<Record<string, number>> = {
  '.byte': 1, '.hword': 2, '.short': 2, '.2byte': 2, '.word': 4, '.long': 4, '.int': 4, '.4byte': 4,
  '.quad': 8, '.8byte': 8, '.dword': 8, '.xword': 8,
};

interface Cond { active: boolean; taken: boolean; parent: boolean; stmt: Stmt; elseSeen: boolean }
interface Frame { exit: boolean; readonly depth: number }

export class Assembler {
  readonly diagnostics: Diagnostic[] = [];
  readonly sections: Section[] = [];
  private readonly syms = new Map<string, Sym>();
  private readonly macros = new Map<string, Macro>();
  private readonly localCount = new Map<number, number>();
  private readonly display = new Map<string, string>();
  private cur: Section;
  private prev: Section;
  private readonly stack: Section[] = [];
  private macroCounter = 0;
  private poolCounter = 0;
  private errors = 0;
  private readonly maxDepth: number;
  private readonly includeDepth: string[] = [];
  output: OutputSection[] = [];

  constructor(private readonly read: (path: string) => string | undefined, private readonly opts: AssembleOptions = {}) {
    this.maxDepth = opts.maxMacroDepth ?? 100;
    this.cur = this.section('.text');
    this.section('.data');
    this.section('.bss');
    this.prev = this.cur;
  }

  // ---- diagnostics -------------------------------------------------------------------

  diag(stmt: Stmt, col: number, message: string, severity: 'error' | 'warning' = 'error'): void {
    if (severity === 'error') this.errors++;
    const o = stmt.origin;
    if (o !== undefined) {
      this.diagnostics.push({ file: o.file, line: o.line, column: o.col0 + firstNonSpace(o.text) + 1, message: `${message} (in expansion of '${stmt.macro ?? 'macro'}')`, severity });
      return;
    }
    this.diagnostics.push({ file: stmt.file, line: stmt.line, column: stmt.col0 + Math.max(col, 0) + 1, message: this.readable(message), severity });
  }
  private readable(m: string): string { return m.replace(/\u0001L(\d+)\.(\d+)/g, (_a, n: string) => `${n}`); }
  private report(stmt: Stmt, e: unknown, fallbackCol: number): void {
    if (e instanceof Undefined) this.diag(stmt, e.col, `undefined symbol '${this.display.get(e.sym) ?? e.sym}'`);
    else if (e instanceof NotConstant) this.diag(stmt, e.col >= 0 ? e.col : fallbackCol, 'expression is not a constant');
    else if (e instanceof AsmError) this.diag(stmt, e.col >= 0 ? e.col : fallbackCol, e.message);
    else throw e;
  }

  // ---- sections --------------------------------------------------------------------------

  private section(name: string, flags?: string, type?: string): Section {
    let s = this.sections.find((x) => x.name === name);
    if (s === undefined) {
      let code = name.startsWith('.text'), write = name.startsWith('.data') || name.startsWith('.bss'), nobits = name.startsWith('.bss');
      if (flags !== undefined) { code = flags.includes('x'); write = flags.includes('w'); }
      if (type !== undefined) nobits = /nobits/.test(type);
      s = new Section(name, code, write, nobits, this.sections.length);
      this.sections.push(s);
    }
    return s;
  }
  private switchTo(s: Section): void { this.prev = this.cur; this.cur = s; }

  // ---- symbols -------------------------------------------------------------------------------

  private sym(name: string): Sym {
    let s = this.syms.get(name);
    if (s === undefined) {
      s = { name, sec: null, value: 0n, defined: false, kind: 'label', global: false, weak: false };
      this.syms.set(name, s);
    }
    return s;
  }

  readonly evalEnv: EvalEnv = {
    symbol: (name: string, col: number): Value | undefined => {
      const s = this.syms.get(name);
      if (s === undefined || !s.defined) return undefined;
      if (s.expr !== undefined) {
        if (s.busy) throw new AsmError(`symbol '${name}' is defined in terms of itself`, col);
        s.busy = true;
        try { return evaluate(s.expr, this.evalEnv); } finally { s.busy = false; }
      }
      return { v: s.value, sec: s.sec?.ref ?? null };
    },
  };

  private parseEnv(): ParseEnv {
    return {
      localRef: (n: number, forward: boolean): string => {
        const c = this.localCount.get(n) ?? 0;
        const name = `\u0001L${n}.${forward ? c : c - 1}`;
        this.display.set(name, `${n}${forward ? 'f' : 'b'}`);
        return name;
      },
      dot: (): Expr => ({ t: 'loc', sec: this.cur.ref, off: BigInt(this.cur.size) }),
    };
  }

  private defineLabel(name: string, stmt: Stmt, col: number): void {
    let key = name;
    if (/^[0-9]+$/.test(name)) {
      const n = Number(name);
      const c = this.localCount.get(n) ?? 0;
      key = `\u0001L${n}.${c}`;
      this.localCount.set(n, c + 1);
    }
    const s = this.sym(key);
    if (s.defined && !s.redefinable) {
      const where = s.stmt ? ` (first defined at ${s.stmt.file}:${s.stmt.line})` : '';
      this.diag(stmt, col, `symbol '${name}' is already defined${where}`);
      return;
    }
    s.defined = true; s.kind = 'label'; s.sec = this.cur; s.value = BigInt(this.cur.size); s.stmt = stmt; s.expr = undefined;
  }

  private parseExprText(text: string, stmt: Stmt, col: number): Expr | undefined {
    const c = new Cursor(stmt.text, col);
    try {
      const e = parseExpr(c, this.parseEnv());
      if (!c.atEnd() && c.pos < col + text.length) throw new AsmError(`unexpected '${c.peek()}' in expression`, c.pos);
      return e;
    } catch (e) { this.report(stmt, e, col); return undefined; }
  }

  /** Absolute value needed now (pass 1): .if, .rept, .space, .org... */
  private constNow(text: string, stmt: Stmt, col: number): bigint | undefined {
    if (text === '') { this.diag(stmt, col, 'missing expression'); return undefined; }
    const e = this.parseExprText(text, stmt, col);
    if (e === undefined) return undefined;
    try {
      const v = evaluate(e, this.evalEnv);
      if (v.sec !== null) { this.diag(stmt, col, 'expression must be a constant here (it depends on a label address)'); return undefined; }
      return v.v;
    } catch (err) { this.report(stmt, err, col); return undefined; }
  }

  private setSymbol(name: string, valueText: string, stmt: Stmt, col: number, kind: 'set' | 'equiv'): void {
    const s = this.sym(name);
    if (s.defined && (kind === 'equiv' || s.kind === 'label')) { this.diag(stmt, 0, `symbol '${name}' is already defined`); return; }
    const e = this.parseExprText(valueText, stmt, col);
    if (e === undefined) return;
    s.kind = 'equ'; s.stmt = stmt; s.redefinable = true;
    try {
      const v = evaluate(e, this.evalEnv);
      s.defined = true; s.expr = undefined; s.sec = v.sec === null ? null : this.sections.find((x) => x.ref === v.sec) ?? null; s.value = v.v;
    } catch (err) {
      if (err instanceof Undefined || err instanceof NotConstant) { s.defined = true; s.expr = e; return; }
      this.report(stmt, err, col);
    }
  }

  // ---- input -------------------------------------------------------------------------------------

  assembleFile(path: string): void {
    const text = this.read(path);
    if (text === undefined) {
      this.diagnostics.push({ file: path, line: 0, column: 0, message: `cannot read '${path}'`, severity: 'error' });
      this.errors++;
      return;
    }
    const useCpp = this.opts.cpp ?? /\.S$/.test(path);
    let lines: SrcLine[];
    if (useCpp) {
      const pp = new Preprocessor(this.read);
      lines = pp.run(path, text);
      for (const d of pp.diags) {
        if (!d.warning) this.errors++;
        this.diagnostics.push({ file: d.file, line: d.line, column: d.column, message: d.message, severity: d.warning ? 'warning' : 'error' });
      }
    } else lines = splitLines(text, path);
    this.includeDepth.push(path);
    this.run(toStatements(lines), { exit: false, depth: 0 });
    this.includeDepth.pop();
  }

  finish(): void {
    for (const s of this.sections) { const save = this.cur; this.cur = s; this.dumpPools(undefined); this.cur = save; }
    this.output = layout(this.sections, this.opts.base ?? 0x40080000n);
    for (const s of this.sections) this.resolve(s);
  }

  get ok(): boolean { return this.errors === 0; }

  // ---- statements ------------------------------------------------------------------------------

  private run(stmts: readonly Stmt[], frame: Frame): void {
    const conds: Cond[] = [];
    const active = (): boolean => conds.length === 0 || conds[conds.length - 1].active;
    for (let i = 0; i < stmts.length && !frame.exit; i++) {
      const st = stmts[i];
      const h = head(st.text);
      if (COND_DIRS.has(h.word.toLowerCase())) { this.conditional(h.word.toLowerCase(), st, h, conds); continue; }
      if (!active()) continue;
      const w = h.word.toLowerCase();
      if (w === '.macro') { i = this.defineMacro(stmts, i, h); continue; }
      if (w === '.rept' || w === '.irp' || w === '.irpc') { i = this.repeat(stmts, i, h, w, frame); continue; }
      if (w === '.endm' || w === '.endr') { this.diag(st, h.col, `'${h.word}' without a matching ${w === '.endm' ? '.macro' : '.rept/.irp'}`); continue; }
      if (w === '.exitm') { if (frame.depth === 0) this.diag(st, h.col, "'.exitm' outside a macro"); else frame.exit = true; continue; }
      this.statement(st, frame);
    }
    for (const c of conds) this.diag(c.stmt, firstNonSpace(c.stmt.text), `unterminated '${head(c.stmt.text).word}' (missing .endif)`);
  }

  private conditional(w: string, st: Stmt, h: Head, conds: Cond[]): void {
    const top = conds[conds.length - 1];
    if (w === '.endif') { if (conds.pop() === undefined) this.diag(st, h.col, "'.endif' without '.if'"); return; }
    if (w === '.else') {
      if (top === undefined) { this.diag(st, h.col, "'.else' without '.if'"); return; }
      if (top.elseSeen) this.diag(st, h.col, "duplicate '.else'");
      top.elseSeen = true; top.active = top.parent && !top.taken; top.taken = true;
      return;
    }
    if (w === '.elseif') {
      if (top === undefined) { this.diag(st, h.col, "'.elseif' without '.if'"); return; }
      if (top.taken || !top.parent) { top.active = false; return; }
      const v = this.constNow(h.rest, st, h.restCol);
      top.active = v !== undefined && v !== 0n; top.taken = top.active;
      return;
    }
    const parent = conds.length === 0 || conds[conds.length - 1].active;
    let v = false;
    if (parent) v = this.evalIf(w, st, h);
    conds.push({ active: parent && v, taken: v, parent, stmt: st, elseSeen: false });
  }

  private evalIf(w: string, st: Stmt, h: Head): boolean {
    switch (w) {
      case '.ifdef': case '.ifndef': case '.ifnotdef': {
        const s = this.syms.get(h.rest.trim());
        const d = s !== undefined && s.defined;
        return w === '.ifdef' ? d : !d;
      }
      case '.ifb': return h.rest.trim() === '';
      case '.ifnb': return h.rest.trim() !== '';
      case '.ifc': case '.ifnc': case '.ifeqs': case '.ifnes': {
        const a = splitArgs(h.rest);
        const unq = (s: string): string => (s.startsWith('"') && s.endsWith('"') ? s.slice(1, -1) : s);
        const eq = a.length >= 2 && unq(a[0].text) === unq(a[1].text);
        return w === '.ifc' || w === '.ifeqs' ? eq : !eq;
      }
      default: {
        const v = this.constNow(h.rest.trim(), st, h.restCol);
        if (v === undefined) return false;
        const s = BigInt.asIntN(64, v);
        switch (w) {
          case '.ifeq': return s === 0n;
          case '.ifgt': return s > 0n;
          case '.ifge': return s >= 0n;
          case '.iflt': return s < 0n;
          case '.ifle': return s <= 0n;
          default: return s !== 0n; // .if .ifne
        }
      }
    }
  }

  /** Statements from i+1 to the matching end directive; returns [body, index of end]. */
  private collect(stmts: readonly Stmt[], i: number, open: RegExp, close: string): [Stmt[], number] {
    let depth = 1;
    for (let j = i + 1; j < stmts.length; j++) {
      const w = head(stmts[j].text).word.toLowerCase();
      if (open.test(w)) depth++;
      else if (w === close && --depth === 0) return [stmts.slice(i + 1, j), j];
    }
    return [stmts.slice(i + 1), -1];
  }

  private defineMacro(stmts: readonly Stmt[], i: number, h: Head): number {
    const st = stmts[i];
    const [body, end] = this.collect(stmts, i, /^\.macro$/, '.endm');
    if (end < 0) { this.diag(st, h.col, `unterminated '.macro' (missing .endm)`); return stmts.length; }
    const { name, params, problems } = parseMacroHead(h.rest);
    this.problems(st, h.restCol, problems);
    if (name === '') return end;
    const key = name.toLowerCase();
    if (this.macros.has(key)) this.diag(st, h.restCol, `macro '${name}' is already defined`);
    else this.macros.set(key, { name, params, body, stmt: st });
    return end;
  }

  private problems(st: Stmt, col: number, ps: readonly Problem[]): void {
    for (const p of ps) this.diag(st, col, p.message, p.severity);
  }

  /**
   * A body with parameters substituted, as statements attributed to `origin`.
   * A substituted line is split again (a `;` or comment in an argument acts as
   * in GNU as, which reads the expansion as source). Undefined after an error.
   */
  private expandBody(body: readonly Stmt[], values: ReadonlyMap<string, string>, counter: string, st: Stmt, col: number, macro: string): Stmt[] | undefined {
    const origin = st.origin ?? st;
    const out: Stmt[] = [];
    for (const b of body) {
      const r = substitute(b.text, values, counter);
      if (r.error !== undefined) { this.diag(st, col, r.error); return undefined; }
      if (r.text === b.text || !/;|\/[/*]|^\s*#/.test(r.text)) { out.push({ ...b, text: r.text, origin, macro }); continue; }
      for (const x of toStatements([{ text: r.text, file: b.file, line: b.line }])) out.push({ ...x, col0: b.col0 + x.col0, origin, macro });
    }
    return out;
  }

  private repeat(stmts: readonly Stmt[], i: number, h: Head, w: string, frame: Frame): number {
    const st = stmts[i];
    const [body, end] = this.collect(stmts, i, /^\.(rept|irp|irpc)$/, '.endr');
    if (end < 0) { this.diag(st, h.col, `unterminated '${w}' (missing .endr)`); return stmts.length; }
    const macro = st.macro ?? w;
    if (w === '.rept') {
      const n = this.constNow(h.rest.trim(), st, h.restCol);
      if (n === undefined) return end;
      if (n > 1000000n) { this.diag(st, h.restCol, `.rept count ${n} is too large`); return end; }
      const origin = st.origin ?? st;
      const exp = body.map((b) => ({ ...b, origin, macro }));
      for (let k = 0n; k < BigInt.asIntN(64, n) && !frame.exit; k++) this.run(exp, frame);
      return end;
    }
    // GNU as: each value is substituted like a macro argument (\@ is the
    // number of macro expansions so far).
    const { name, values } = parseIrp(h.rest, w === '.irpc');
    if (name === '') { this.diag(st, h.restCol, `'${w}' needs a parameter name`); return end; }
    for (const v of values) {
      if (frame.exit) break;
      const exp = this.expandBody(body, new Map([[name, v]]), String(this.macroCounter), st, h.restCol, macro);
      if (exp === undefined) break;
      this.run(exp, frame);
    }
    return end;
  }

  private expandMacro(m: Macro, st: Stmt, h: Head, frame: Frame): void {
    if (frame.depth >= this.maxDepth) { this.diag(st, h.col, `macro recursion depth exceeded (${this.maxDepth}) expanding '${m.name}'`); return; }
    const { values, problems, ok } = bindArgs(m.name, m.params, h.rest);
    this.problems(st, h.restCol, problems);
    if (!ok) return;
    const counter = String(this.macroCounter++);
    const body = this.expandBody(m.body, values, counter, st, h.restCol, m.name);
    if (body !== undefined) this.run(body, { exit: false, depth: frame.depth + 1 });
  }

  private statement(st: Stmt, frame: Frame): void {
    let h = head(st.text);
    // Labels
    for (;;) {
      const m = /^\s*([A-Za-z_.$][\w.$]*|[0-9]+):/.exec(st.text.slice(h.start));
      if (m === null) break;
      const col = h.start + m[0].indexOf(m[1]);
      this.defineLabel(m[1], st, col);
      h = head(st.text, h.start + m[0].length);
    }
    if (h.word === '') return;
    // sym = expr
    const eq = /^\s*=(?!=)\s*/.exec(st.text.slice(h.col + h.word.length));
    if (eq !== null && /^[A-Za-z_.$][\w.$]*$/.test(h.word)) {
      const vcol = h.col + h.word.length + eq[0].length;
      this.setSymbol(h.word, st.text.slice(vcol).trim(), st, vcol, 'set');
      return;
    }
    const w = h.word.toLowerCase();
    if (w.startsWith('.') && this.directive(w, st, h, frame)) return;
    const mac = this.macros.get(w);
    if (mac !== undefined) { this.expandMacro(mac, st, h, frame); return; }
    this.instruction(w, st, h);
  }

  // ---- instructions ----------------------------------------------------------------------------

  private instruction(m: string, st: Stmt, h: Head): void {
    const enc = encoderFor(m);
    if (enc === undefined) {
      this.diag(st, h.col, m.startsWith('.') ? `unknown directive '${h.word}'` : `unknown mnemonic '${h.word}'`);
      return;
    }
    if (this.cur.nobits) { this.diag(st, h.col, `instruction in a section without contents ('${this.cur.name}')`); return; }
    let ops: Operand[];
    try {
      ops = parseOperands(st.text, h.restCol, this.parseEnv());
    } catch (e) { this.report(st, e, h.restCol); return; }
    // ldr Rt, =value: literal pool
    if (ops.length === 2 && ops[1].k === 'lit') {
      const rt = ops[0];
      if (!/^ldr(sw)?$/.test(m) || rt.k !== 'reg') { this.diag(st, ops[1].col, `'=' literal operands are only allowed in 'ldr'`); return; }
      const size = rt.x && m === 'ldr' ? 8 : 4;
      const label = this.poolEntry(size, ops[1].e, st.text.slice(ops[1].col + 1).trim());
      ops = [rt, { k: 'imm', e: { t: 'sym', name: label, col: ops[1].col }, hash: false, col: ops[1].col } satisfies Imm];
    }
    this.cur.recordAlign(2);
    const off = this.cur.reserve(4);
    this.cur.insns.push({ off, mnemonic: m, ops, stmt: st, mcol: h.col });
    this.lineRecord(off, st);
  }

  private lineRecord(off: number, st: Stmt): void {
    const o = st.origin ?? st;
    this.cur.lines.push({ off, file: o.file, line: o.line });
  }

  private poolEntry(size: number, e: Expr, text: string): string {
    let key = `e:${text}`;
    try { const v = evaluate(e, this.evalEnv); if (v.sec === null) key = `c:${size === 4 ? v.v & 0xffffffffn : v.v}`; } catch { /* symbolic */ }
    let pool = this.cur.pools.get(size);
    if (pool === undefined) { pool = { size, entries: [] }; this.cur.pools.set(size, pool); }
    const hit = pool.entries.find((p) => p.key === key);
    if (hit !== undefined) return hit.label;
    const label = `\u0001P${this.poolCounter++}`;
    pool.entries.push({ e, key, label });
    return label;
  }

  private dumpPools(st: Stmt | undefined): void {
    for (const size of [4, 8]) {
      const pool = this.cur.pools.get(size);
      if (pool === undefined || pool.entries.length === 0) continue;
      this.cur.alignTo(size === 4 ? 2 : 3, 0);
      for (const p of pool.entries) {
        const s = this.sym(p.label);
        s.defined = true; s.sec = this.cur; s.value = BigInt(this.cur.size);
        const off = this.cur.reserve(size);
        this.cur.fixups.push({ off, size, e: p.e, stmt: st ?? { text: '', file: '', line: 0, col0: 0 }, col: 0 });
      }
      pool.entries = [];
    }
  }

  // ---- directives ---------------------------------------------------------------------------------

  /** Returns false when `w` is not a directive (so a macro or unknown name is tried). */
  private directive(w: string, st: Stmt, h: Head, frame: Frame): boolean {
    const rest = h.rest, rc = h.restCol;
    const args = (): { text: string; col: number }[] => (rest.trim() === '' ? [] : splitArgs(rest).map((a) => ({ text: a.text, col: rc + a.col })));
    const size = DATA_SIZES[w];
    if (size !== undefined) { this.data(size, args(), st); return true; }
    switch (w) {
      case '.inst':
        for (const a of args()) {
          this.cur.recordAlign(2);
          const e = this.parseExprText(a.text, st, a.col);
          if (e === undefined) continue;
          const off = this.cur.reserve(4);
          this.cur.fixups.push({ off, size: 4, e, stmt: st, col: a.col });
          this.lineRecord(off, st);
        }
        return true;
      case '.ascii': case '.asciz': case '.string': this.strings(w !== '.ascii', rest, rc, st); return true;
      case '.zero': case '.skip': case '.space': {
        const a = args();
        const n = this.constNow(a[0]?.text ?? '', st, a[0]?.col ?? rc);
        const fill = a[1] === undefined ? 0n : this.constNow(a[1].text, st, a[1].col);
        if (n === undefined || fill === undefined) return true;
        if (BigInt.asIntN(64, n) < 0n) { this.diag(st, a[0].col, `negative size ${BigInt.asIntN(64, n)}`); return true; }
        if (n > 1n << 30n) { this.diag(st, a[0].col, `size ${n} is too large`); return true; }
        this.cur.reserve(Number(n), Number(fill & 0xffn));
        return true;
      }
      case '.fill': {
        const a = args();
        const n = this.constNow(a[0]?.text ?? '', st, a[0]?.col ?? rc);
        const sz = a[1] === undefined ? 1n : this.constNow(a[1].text, st, a[1].col);
        const v = a[2] === undefined ? 0n : this.constNow(a[2].text, st, a[2].col);
        if (n === undefined || sz === undefined || v === undefined) return true;
        if (n > 1n << 28n) { this.diag(st, a[0].col, `repeat count ${n} is too large`); return true; }
        const s = Math.min(Number(sz), 8);
        for (let k = 0n; k < n; k++) {
          const off = this.cur.reserve(Number(sz));
          this.cur.put(off, v & 0xffffffffn, Math.min(s, 4));
        }
        return true;
      }
      case '.align': case '.p2align': case '.balign': {
        const a = args();
        const n = this.constNow(a[0]?.text ?? '', st, a[0]?.col ?? rc);
        if (n === undefined) return true;
        let p2: number;
        if (w === '.balign') {
          if (n === 0n) return true;
          if ((n & (n - 1n)) !== 0n) { this.diag(st, a[0].col, `alignment ${n} is not a power of 2`); return true; }
          p2 = n.toString(2).length - 1;
        } else {
          if (n > 16n) { this.diag(st, a[0].col, `alignment 2^${n} is too large`); return true; }
          p2 = Number(n);
        }
        const fill = a[1] !== undefined && a[1].text !== '' ? this.constNow(a[1].text, st, a[1].col) : undefined;
        const max = a[2] !== undefined ? this.constNow(a[2].text, st, a[2].col) : undefined;
        this.cur.alignTo(p2, fill === undefined ? undefined : Number(fill & 0xffn), max === undefined ? undefined : Number(max));
        return true;
      }
      case '.org': {
        const a = args();
        const e = this.parseExprText(a[0]?.text ?? '', st, a[0]?.col ?? rc);
        if (e === undefined) return true;
        try {
          const v = evaluate(e, this.evalEnv);
          if (v.sec !== null && v.sec !== this.cur.ref) { this.diag(st, a[0].col, '.org target is in another section'); return true; }
          const t = Number(v.v);
          if (t < this.cur.size) { this.diag(st, a[0].col, `.org cannot move backwards (from ${this.cur.size} to ${t})`); return true; }
          const fill = a[1] === undefined ? 0n : this.constNow(a[1].text, st, a[1].col) ?? 0n;
          this.cur.reserve(t - this.cur.size, Number(fill & 0xffn));
        } catch (err) { this.report(st, err, rc); }
        return true;
      }
      case '.ltorg': case '.pool': this.dumpPools(st); return true;
      case '.text': this.switchTo(this.section('.text')); return true;
      case '.data': this.switchTo(this.section('.data')); return true;
      case '.bss': this.switchTo(this.section('.bss')); return true;
      case '.section': case '.pushsection': {
        const a = args();
        const name = (a[0]?.text ?? '').replace(/^"|"$/g, '');
        if (name === '') { this.diag(st, rc, `'${w}' needs a section name`); return true; }
        const flags = a[1]?.text.replace(/^"|"$/g, '');
        const type = a[2]?.text;
        if (w === '.pushsection') this.stack.push(this.cur);
        this.switchTo(this.section(name, flags, type));
        return true;
      }
      case '.popsection': {
        const s = this.stack.pop();
        if (s === undefined) this.diag(st, h.col, "'.popsection' without '.pushsection'"); else this.switchTo(s);
        return true;
      }
      case '.previous': this.switchTo(this.prev); return true;
      case '.global': case '.globl': case '.weak': case '.local':
        for (const a of args()) {
          const s = this.sym(a.text);
          if (w === '.local') s.global = false; else s.global = true;
          if (w === '.weak') s.weak = true;
        }
        return true;
      case '.type': {
        const a = args();
        const s = this.sym(a[0]?.text ?? '');
        const t = (a[1]?.text ?? '').replace(/^[@%#]/, '');
        if (t === 'function') s.type = 'func'; else if (t === 'object') s.type = 'object';
        return true;
      }
      case '.size': {
        const a = args();
        if (a.length < 2) { this.diag(st, rc, "'.size' expects a symbol and an expression"); return true; }
        const e = this.parseExprText(a[1].text, st, a[1].col);
        if (e !== undefined) this.sym(a[0].text).size = e;
        return true;
      }
      case '.equ': case '.set': case '.equiv': case '.eqv': {
        const a = splitArgs(rest);
        if (a.length < 2 || !/^[A-Za-z_.$][\w.$]*$/.test(a[0].text)) { this.diag(st, rc, `'${w}' expects a symbol and an expression`); return true; }
        const vcol = rc + a[1].col;
        this.setSymbol(a[0].text, st.text.slice(vcol).trim(), st, vcol, w === '.equiv' ? 'equiv' : 'set');
        return true;
      }
      case '.include': {
        const m = /^\s*"([^"]*)"/.exec(rest);
        if (m === null) { this.diag(st, rc, "'.include' expects \"FILE\""); return true; }
        const from = (st.origin ?? st).file;
        const cands = [joinPath(dirname(from), m[1]), joinPath(dirname(this.includeDepth[0] ?? ''), m[1]), m[1]];
        const p = cands.find((c) => this.read(c) !== undefined);
        if (p === undefined) { this.diag(st, rc + rest.indexOf('"'), `include file '${m[1]}' not found`); return true; }
        if (this.includeDepth.length > 32) { this.diag(st, rc, 'includes nested too deeply'); return true; }
        this.includeDepth.push(p);
        this.run(toStatements(splitLines(this.read(p)!, p)), { exit: false, depth: frame.depth });
        this.includeDepth.pop();
        return true;
      }
      case '.err': this.diag(st, h.col, '.err encountered'); return true;
      case '.error': case '.warning': case '.print': {
        const c = new Cursor(rest);
        c.ws();
        const msg = c.peek() === '"' ? this.readString(c) ?? rest.trim() : rest.trim();
        if (w === '.print') return true;
        this.diag(st, h.col, msg === '' ? `${w} directive invoked in source file` : msg, w === '.error' ? 'error' : 'warning');
        return true;
      }
      case '.purgem': this.macros.delete(rest.trim().toLowerCase()); return true;
      case '.end': frame.exit = true; return true;
      default:
        if (IGNORED.has(w) || w.startsWith('.cfi_')) return true;
        return false;
    }
  }

  private data(size: number, args: { text: string; col: number }[], st: Stmt): void {
    for (const a of args) {
      if (size === 1 && a.text.startsWith('"')) { this.strings(false, a.text, a.col, st); continue; }
      const e = this.parseExprText(a.text, st, a.col);
      if (e === undefined) continue;
      const off = this.cur.reserve(size);
      let done = false;
      try {
        const v = evaluate(e, this.evalEnv);
        if (v.sec === null) { this.checkFits(v.v, size, st, a.col); this.cur.put(off, v.v, size); done = true; }
      } catch (err) {
        if (!(err instanceof Undefined || err instanceof NotConstant)) { this.report(st, err, a.col); done = true; }
      }
      if (!done) this.cur.fixups.push({ off, size, e, stmt: st, col: a.col });
    }
  }

  private checkFits(v: bigint, size: number, st: Stmt, col: number): void {
    if (size >= 8) return;
    const s = BigInt.asIntN(64, v);
    if (s >= -(1n << BigInt(8 * size)) && s < 1n << BigInt(8 * size)) return;
    this.diag(st, col, `value 0x${v.toString(16)} does not fit in ${size} byte${size > 1 ? 's' : ''}`);
  }

  private readString(c: Cursor): string | undefined {
    if (!c.eat('"')) return undefined;
    let s = '';
    while (c.pos < c.s.length && c.s[c.pos] !== '"') s += String.fromCharCode(readChar(c));
    if (c.s[c.pos] !== '"') return undefined;
    c.pos++;
    return s;
  }

  private strings(zero: boolean, rest: string, rc: number, st: Stmt): void {
    const c = new Cursor(st.text, rc);
    for (;;) {
      c.ws();
      const col = c.pos;
      const s = this.readString(c);
      if (s === undefined) { this.diag(st, col, 'expected a string in double quotes'); return; }
      const off = this.cur.reserve(s.length + (zero ? 1 : 0));
      for (let k = 0; k < s.length; k++) this.cur.bytes[off + k] = s.charCodeAt(k) & 0xff;
      if (this.cur.nobits) { this.diag(st, col, 'data in a section without contents'); return; }
      if (c.atEnd()) return;
      c.eat(',');
    }
  }

  // ---- final resolution ---------------------------------------------------------------------------------

  private resolve(s: Section): void {
    const base = s.ref.base ?? 0n;
    for (const f of s.fixups) {
      try {
        const v = evalAbs(f.e, this.evalEnv, f.col);
        this.checkFits(v, f.size, f.stmt, f.col);
        s.put(f.off, v, f.size);
      } catch (err) { this.report(f.stmt, err, f.col); }
    }
    for (const p of s.insns) {
      const ctx: EncCtx = {
        pc: base + BigInt(p.off),
        value: (op: Imm): bigint => evalAbs(op.e, this.evalEnv, op.col),
        offset: (op: Imm): bigint => {
          const v = evaluate(op.e, this.evalEnv);
          if (v.sec === null) return BigInt.asIntN(64, v.v);
          if (v.sec.base === undefined) throw new NotConstant(op.col);
          return BigInt.asIntN(64, v.sec.base + v.v - (base + BigInt(p.off)));
        },
      };
      try {
        const enc = encoderFor(p.mnemonic)!;
        s.putWord(p.off, enc(p.mnemonic, p.ops, ctx, p.mcol));
      } catch (err) { this.report(p.stmt, err, p.mcol); }
    }
  }

  /** Symbols with final values (labels and .equ/.set constants; internal labels excluded). */
  symbolTable(): { name: string; value: bigint; section?: string; global: boolean; weak: boolean; type: 'func' | 'object' | 'notype'; size: number }[] {
    const out: { name: string; value: bigint; section?: string; global: boolean; weak: boolean; type: 'func' | 'object' | 'notype'; size: number }[] = [];
    for (const s of this.syms.values()) {
      if (!s.defined || s.name.startsWith('\u0001')) continue;
      let value: bigint, section: string | undefined;
      try {
        const v = this.evalEnv.symbol(s.name, 0)!;
        value = v.sec === null ? v.v : (v.sec.base ?? 0n) + v.v;
        section = v.sec === null ? undefined : v.sec.name;
      } catch { continue; }
      let size = 0;
      if (s.size !== undefined) { try { size = Number(evalAbs(s.size, this.evalEnv, 0)); } catch { size = 0; } }
      out.push({ name: s.name, value: value & ((1n << 64n) - 1n), section, global: s.global, weak: s.weak, type: s.type ?? 'notype', size });
    }
    return out;
  }

  undefinedGlobals(): string[] { return [...this.syms.values()].filter((s) => s.global && !s.defined).map((s) => s.name); }
}

interface Head { word: string; col: number; rest: string; restCol: number; start: number }

function firstNonSpace(s: string): number { const m = /\S/.exec(s); return m ? m.index : 0; }

/** First word of a statement (from `from`) and the rest. */
function head(text: string, from = 0): Head {
  const m = /^(\s*)([A-Za-z_.$][\w.$]*|[0-9]+(?=:))?/.exec(text.slice(from))!;
  const col = from + m[1].length;
  const word = m[2] ?? '';
  const restCol = col + word.length;
  return { word, col, rest: text.slice(restCol), restCol, start: from };
}
