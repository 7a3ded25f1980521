// The subset of the C preprocessor that hypervisor `.S` files use: #define
// (object- and function-like), #undef, #include "...", #if/#ifdef/#ifndef/
// #elif/#else/#endif with defined() and integer arithmetic, #error/#warning.
// Output keeps one entry per source line (file and line preserved), so
// diagnostics and the line map point at the original text. Unknown `#...`
// lines pass through (GNU as reads them as comments).

import { SrcLine, splitLines } from './source';

export interface CppDiag { readonly file: string; readonly line: number; readonly column: number; readonly message: string; readonly warning?: boolean }

interface Def { readonly params?: readonly string[]; readonly body: string }

interface Cond { active: boolean; taken: boolean; parent: boolean; line: number; file: string }

export function dirname(p: string): string { const i = p.lastIndexOf('/'); return i < 0 ? '' : p.slice(0, i + 1); }

export function joinPath(dir: string, p: string): string {
  if (p.startsWith('/')) return p;
  const parts: string[] = [];
  for (const seg of (dir + p).split('/')) {
    if (seg === '..' && parts.length > 0 && parts[parts.length - 1] !== '..' && parts[parts.length - 1] !== '') parts.pop();
    else if (seg !== '.') parts.push(seg);
  }
  return parts.join('/');
}

const IDRE = /[A-Za-z_][A-Za-z0-9_]*/y;

export class Preprocessor {
  readonly defs = new Map<string, Def>();
  readonly diags: CppDiag[] = [];
  constructor(private readonly read: (path: string) => string | undefined) {}

  run(path: string, text: string, depth = 0): SrcLine[] {
    const out: SrcLine[] = [];
    const lines = splitLines(text, path);
    const conds: Cond[] = [];
    const active = (): boolean => conds.length === 0 || conds[conds.length - 1].active;
    for (let i = 0; i < lines.length; i++) {
      let l = lines[i];
      // Line continuations.
      let txt = l.text;
      while (txt.endsWith('\\') && i + 1 < lines.length) { txt = txt.slice(0, -1) + lines[++i].text; }
      l = { ...l, text: txt };
      const m = /^\s*#\s*([a-z]+)\b(.*)$/.exec(txt);
      if (m === null) {
        out.push(active() ? { ...l, text: this.expand(txt, l) } : { ...l, text: '' });
        continue;
      }
      const [, dir, restRaw] = m;
      const rest = restRaw.replace(/\/\*.*?\*\//g, ' ').replace(/\/\/.*$/, '').trim();
      const col = txt.indexOf(dir) + 1;
      const err = (message: string, warning = false): void => { this.diags.push({ file: l.file, line: l.line, column: col, message, warning }); };
      switch (dir) {
        case 'if': case 'ifdef': case 'ifndef': {
          const parent = active();
          let v = false;
          if (parent) {
            if (dir === 'if') v = this.evalIf(rest, l, err);
            else v = this.defs.has(rest.split(/\s+/)[0]) === (dir === 'ifdef');
          }
          conds.push({ active: parent && v, taken: v, parent, line: l.line, file: l.file });
          break;
        }
        case 'elif': {
          const c = conds[conds.length - 1];
          if (c === undefined) { err('#elif without #if'); break; }
          if (c.taken || !c.parent) c.active = false;
          else { const v = this.evalIf(rest, l, err); c.active = v; c.taken = v; }
          break;
        }
        case 'else': {
          const c = conds[conds.length - 1];
          if (c === undefined) { err('#else without #if'); break; }
          c.active = c.parent && !c.taken; c.taken = true;
          break;
        }
        case 'endif':
          if (conds.pop() === undefined) err('#endif without #if');
          break;
        default:
          if (!active()) break;
          if (dir === 'define') this.define(rest, err);
          else if (dir === 'undef') this.defs.delete(rest.trim());
          else if (dir === 'include') {
            const q = /^"([^"]+)"|^<([^>]+)>/.exec(rest);
            if (q === null) { err('#include expects "FILE"'); break; }
            const name = q[1] ?? q[2];
            const p = joinPath(dirname(path), name);
            const t = this.read(p);
            if (t === undefined) { err(`include file '${name}' not found`); break; }
            if (depth > 32) { err('#include nested too deeply'); break; }
            out.push({ ...l, text: '' });
            out.push(...this.run(p, t, depth + 1));
            continue;
          } else if (dir === 'error') err(`#error ${rest}`);
          else if (dir === 'warning') err(`#warning ${rest}`, true);
          // #pragma, #line and unknown directives: ignored
          break;
      }
      out.push({ ...l, text: '' });
    }
    for (const c of conds) this.diags.push({ file: c.file, line: c.line, column: 1, message: 'unterminated #if' });
    return out;
  }

  private define(rest: string, err: (m: string) => void): void {
    const m = /^([A-Za-z_][A-Za-z0-9_]*)(\(([^)]*)\))?\s*(.*)$/.exec(rest);
    if (m === null) { err('#define expects a macro name'); return; }
    const params = m[2] === undefined ? undefined : m[3].split(',').map((s) => s.trim()).filter((s) => s !== '');
    this.defs.set(m[1], { params, body: m[4].trim() });
  }

  /** Macro-expand a line (outside string literals), rescanning replaced text. */
  expand(text: string, l: SrcLine, hide: ReadonlySet<string> = new Set(), depth = 0): string {
    if (this.defs.size === 0 || depth > 64) return text;
    let out = '';
    let i = 0;
    while (i < text.length) {
      const c = text[i];
      if (c === '"' || (c === "'" && !/[A-Za-z0-9_]/.test(text[i - 1] ?? ''))) {
        let j = i + 1;
        while (j < text.length && text[j] !== c) j += text[j] === '\\' ? 2 : 1;
        if (c === "'" && j - i > 3) { out += c; i++; continue; }
        out += text.slice(i, j + 1); i = j + 1; continue;
      }
      if (c === '/' && text[i + 1] === '/') { out += text.slice(i); break; }
      if (/[0-9]/.test(c)) { const m = /^[0-9A-Za-z_.]+/.exec(text.slice(i))!; out += m[0]; i += m[0].length; continue; }
      IDRE.lastIndex = i;
      const m = IDRE.exec(text);
      if (m === null || m.index !== i) { out += c; i++; continue; }
      const name = m[0];
      i += name.length;
      const d = this.defs.get(name);
      if (d === undefined || hide.has(name)) { out += name; continue; }
      if (d.params === undefined) {
        out += this.expand(d.body, l, new Set([...hide, name]), depth + 1);
        continue;
      }
      let j = i;
      while (text[j] === ' ' || text[j] === '\t') j++;
      if (text[j] !== '(') { out += name; continue; }
      const args: string[] = [];
      let lvl = 0, st = j + 1, k = j + 1;
      for (; k < text.length; k++) {
        const ch = text[k];
        if (ch === '(') lvl++;
        else if (ch === ')') { if (lvl === 0) break; lvl--; }
        else if (ch === ',' && lvl === 0) { args.push(text.slice(st, k).trim()); st = k + 1; }
      }
      args.push(text.slice(st, k).trim());
      i = k + 1;
      const ex = args.map((a) => this.expand(a, l, hide, depth + 1));
      let body = d.body;
      // # stringify and ## paste (simple forms)
      body = body.replace(/#\s*([A-Za-z_][A-Za-z0-9_]*)/g, (all, p: string) => {
        const idx = d.params!.indexOf(p);
        return idx >= 0 && !all.startsWith('##') ? JSON.stringify(args[idx] ?? '') : all;
      });
      body = body.replace(/[A-Za-z_][A-Za-z0-9_]*/g, (p) => { const idx = d.params!.indexOf(p); return idx >= 0 ? (ex[idx] ?? '') : p; });
      body = body.replace(/\s*##\s*/g, '');
      out += this.expand(body, l, new Set([...hide, name]), depth + 1);
    }
    return out;
  }

  private evalIf(rest: string, l: SrcLine, err: (m: string) => void): boolean {
    let s = rest.replace(/defined\s*\(\s*([A-Za-z_][A-Za-z0-9_]*)\s*\)|defined\s+([A-Za-z_][A-Za-z0-9_]*)/g,
      (_a, x: string | undefined, y: string | undefined) => (this.defs.has((x ?? y)!) ? ' 1 ' : ' 0 '));
    s = this.expand(s, l);
    s = s.replace(/[A-Za-z_][A-Za-z0-9_]*/g, '0').replace(/([0-9]+)[uUlL]+/g, '$1');
    try {
      return new CExpr(s).parse() !== 0n;
    } catch (e) {
      err(`bad #if expression: ${(e as Error).message}`);
      return false;
    }
  }
}

/** C integer expression evaluator (BigInt, 64-bit), used by #if. */
class CExpr {
  private p = 0;
  constructor(private readonly s: string) {}
  parse(): bigint {
    const v = this.cond();
    this.ws();
    if (this.p < this.s.length) throw new Error(`unexpected '${this.s[this.p]}'`);
    return v;
  }
  private ws(): void { while (this.s[this.p] === ' ' || this.s[this.p] === '\t') this.p++; }
  private eat(t: string): boolean {
    this.ws();
    if (this.s.startsWith(t, this.p)) {
      // do not split a longer operator
      const nx = this.s[this.p + t.length];
      if ((t === '<' || t === '>') && (nx === '=' || nx === t)) return false;
      if ((t === '&' || t === '|') && nx === t) return false;
      if (t === '!' && nx === '=') return false;
      if (t === '=' && nx === '=') return false;
      this.p += t.length;
      return true;
    }
    return false;
  }
  private cond(): bigint {
    const c = this.bin(0);
    if (this.eat('?')) {
      const a = this.cond();
      if (!this.eat(':')) throw new Error("missing ':'");
      const b = this.cond();
      return c !== 0n ? a : b;
    }
    return c;
  }
  private static readonly OPS: readonly (readonly string[])[] = [['||'], ['&&'], ['|'], ['^'], ['&'], ['==', '!='], ['<=', '>=', '<', '>'], ['<<', '>>'], ['+', '-'], ['*', '/', '%']];
  private bin(i: number): bigint {
    if (i >= CExpr.OPS.length) return this.unary();
    let a = this.bin(i + 1);
    for (;;) {
      const op = CExpr.OPS[i].find((o) => this.eat(o));
      if (op === undefined) return a;
      const b = this.bin(i + 1);
      a = BigInt.asIntN(64, CExpr.apply(op, a, b));
    }
  }
  private static apply(op: string, a: bigint, b: bigint): bigint {
    switch (op) {
      case '||': return a !== 0n || b !== 0n ? 1n : 0n;
      case '&&': return a !== 0n && b !== 0n ? 1n : 0n;
      case '|': return a | b; case '^': return a ^ b; case '&': return a & b;
      case '==': return a === b ? 1n : 0n; case '!=': return a !== b ? 1n : 0n;
      case '<': return a < b ? 1n : 0n; case '>': return a > b ? 1n : 0n;
      case '<=': return a <= b ? 1n : 0n; case '>=': return a >= b ? 1n : 0n;
      case '<<': return a << b; case '>>': return a >> b;
      case '+': return a + b; case '-': return a - b; case '*': return a * b;
      case '/': if (b === 0n) throw new Error('division by zero'); return a / b;
      default: if (b === 0n) throw new Error('division by zero'); return a % b;
    }
  }
  private unary(): bigint {
    if (this.eat('!')) return this.unary() === 0n ? 1n : 0n;
    if (this.eat('~')) return ~this.unary();
    if (this.eat('-')) return -this.unary();
    if (this.eat('+')) return this.unary();
    if (this.eat('(')) { const v = this.cond(); if (!this.eat(')')) throw new Error("missing ')'"); return v; }
    this.ws();
    const m = /^(0[xX][0-9a-fA-F]+|0[0-7]*|[1-9][0-9]*)/.exec(this.s.slice(this.p));
    if (m === null) throw new Error(this.p >= this.s.length ? 'missing operand' : `unexpected '${this.s[this.p]}'`);
    this.p += m[0].length;
    const t = m[0];
    return t.length > 1 && t[0] === '0' && !/^0[xX]/.test(t) ? BigInt('0o' + t.slice(1)) : BigInt(t);
  }
}
