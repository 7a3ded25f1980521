// Macro, .irp and .irpc argument handling as GNU as (binutils 2.40) does it:
// gas/app.c scrubs every line (whitespace in operands is dropped except
// between two symbol characters, and before a quote or a backslash that
// follows one; character constants 'c' become decimal numbers), then
// gas/macro.c splits the arguments (get_any_string: a quoted argument loses
// its quotes, `""` inside it is a literal quote; an unquoted one ends at a
// comma or at whitespace outside brackets) and substitutes `\name`, `&name`,
// `\@` and `\(text)` in the body — inside strings too.

export interface MacroParam { readonly name: string; readonly def: string; readonly req: boolean; readonly vararg: boolean }

export interface Problem { readonly message: string; readonly severity: 'error' | 'warning' }

const isWhite = (c: string | undefined): boolean => c === ' ' || c === '\t' || c === '\r';
const isDigit = (k: number): boolean => k >= 48 && k <= 57;
/** Letters, `_`, `.`, `$` and 8-bit characters. */
const isNameBeginner = (c: string | undefined): boolean => {
  if (c === undefined) return false;
  const k = c.charCodeAt(0);
  return (k >= 65 && k <= 90) || (k >= 97 && k <= 122) || k === 95 || k === 46 || k === 36 || k >= 0x80;
};
const isPartOfName = (c: string | undefined): boolean => c !== undefined && (isNameBeginner(c) || isDigit(c.charCodeAt(0)));
/** app.c symbol_chars (plus 8-bit characters): the same set. */
const isSymbolChar = isPartOfName;
/** macro.c ISSEP (neither alternate nor MRI mode). */
const isSep = (c: string): boolean => c === ' ' || c === '\t' || c === ',' || c === '"' || c === ';' || c === ')' || c === '(';
const isBase = (c: string): boolean => /^[bBqQhHdD]$/.test(c);

const ESCAPES: Readonly<Record<string, number>> = { b: 8, f: 12, n: 10, r: 13, t: 9, "'": 39, '"': 34 };

/**
 * The operand part of a line as app.c leaves it (scrubbing starts in its
 * "operands" state; comments and `;` were handled when the line was split).
 */
export function scrub(s: string): string {
  let out = '';
  // 3: in operands (drop white); 9: after a symbol character; 10: white seen after one
  let state: 3 | 9 | 10 = 3;
  let i = 0;
  while (i < s.length) {
    const c = s[i];
    if (isWhite(c)) {
      while (isWhite(s[i])) i++;
      if (state !== 3) state = 10;
      continue;
    }
    if (c === '"') {
      if (state === 10) out += ' ';
      let j = i + 1;
      while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
      out += s.slice(i, j + 1);
      if (j >= s.length) out += '"';
      i = j + 1;
      state = 9;
      continue;
    }
    if (c === "'") {
      if (state === 10) { out += ' '; state = 3; }
      let v: number;
      i++;
      if (i >= s.length) v = 10; // the end of the line is the character
      else if (s[i] === '\\') { i++; v = i >= s.length ? 92 : ESCAPES[s[i]] ?? s.charCodeAt(i); i++; } else v = s.charCodeAt(i++);
      if (s[i] === "'") i++;
      const d = String(v & 0xff);
      out += d;
      if (d.length > 1) state = 3;
      continue;
    }
    if (isSymbolChar(c)) {
      if (state === 10) out += ' ';
      state = 9;
    } else {
      if (state === 10 && c === '\\') out += ' ';
      state = 3;
    }
    out += c;
    i++;
  }
  return out;
}

export function skipWhite(s: string, i: number): number { while (i < s.length && isWhite(s[i])) i++; return i; }
export function skipComma(s: string, i: number): number {
  i = skipWhite(s, i);
  if (s[i] === ',') i++;
  return skipWhite(s, i);
}

/** macro.c get_token: a name (letters, digits, `_`, `.`, `$`; not starting with a digit). */
export function getToken(s: string, i: number): [string, number] {
  const st = i;
  if (isNameBeginner(s[i])) { i++; while (isPartOfName(s[i])) i++; }
  return [s.slice(st, i), i];
}

/** macro.c getstring: one or more "..." with the quotes removed (`""` and `\"` keep a quote). */
function getString(s: string, i: number): [string, number] {
  let out = '';
  while (i < s.length && s[i] === '"') {
    i++;
    let escaped = false;
    while (i < s.length) {
      escaped = s[i - 1] === '\\' ? !escaped : false;
      if (escaped && s[i] === '"') { out += '"'; i++; continue; }
      if (s[i] === '"') {
        i++;
        if (i >= s.length || s[i] !== '"') break;
      }
      out += s[i++];
    }
  }
  return [out, i];
}

/** macro.c get_any_string: one argument value starting at `i`. */
export function getAnyString(s: string, i: number): [string, number] {
  i = skipWhite(s, i);
  if (i >= s.length) return ['', i];
  if (s.length > i + 2 && s[i + 1] === "'" && isBase(s[i])) {
    const st = i;
    while (i < s.length && !isSep(s[i])) i++;
    return [s.slice(st, i), i];
  }
  if (s[i] === '"') return getString(s, i);
  let out = '';
  const br: string[] = [];
  while (i < s.length && (br.length > 0 || !isWhite(s[i])) && s[i] !== ',') {
    const c = s[i];
    if (c === '"' || c === "'") {
      out += s[i++];
      while (i < s.length && s[i] !== c) out += s[i++];
      if (i >= s.length) return [out, i];
    } else if (c === '(' || c === '[') br.push(c);
    else if ((c === ')' && br[br.length - 1] === '(') || (c === ']' && br[br.length - 1] === '[')) br.pop();
    out += c;
    i++;
  }
  return [out, i];
}

/** `.macro` operands: the name and the formal parameters (do_formals). */
export function parseMacroHead(rest: string): { name: string; params: MacroParam[]; problems: Problem[] } {
  const s = scrub(rest);
  const problems: Problem[] = [];
  const params: MacroParam[] = [];
  let [name, i] = getToken(s, skipWhite(s, 0));
  if (name === '') return { name, params, problems: [{ message: "'.macro' needs a name", severity: 'error' }] };
  const cidx = skipWhite(s, i);
  i = skipComma(s, cidx);
  if (i === cidx || i < s.length) {
    i = skipWhite(s, i);
    while (i < s.length) {
      const [pname, j] = getToken(s, i);
      if (pname === '') break;
      i = skipWhite(s, j);
      let req = false, vararg = false, def = '';
      if (s[i] === ':') {
        const [q, k] = getToken(s, skipWhite(s, i + 1));
        if (q === 'req') req = true;
        else if (q === 'vararg') vararg = true;
        else problems.push({ message: q === '' ? `missing parameter qualifier for '${pname}' in macro '${name}'` : `'${q}' is not a valid parameter qualifier for '${pname}' in macro '${name}'`, severity: 'error' });
        i = skipWhite(s, k);
      }
      if (s[i] === '=') {
        [def, i] = getAnyString(s, i + 1);
        i = skipWhite(s, i);
        if (req) { def = ''; problems.push({ message: `pointless default value for required parameter '${pname}' in macro '${name}'`, severity: 'warning' }); }
      }
      if (params.some((p) => p.name === pname)) problems.push({ message: `a parameter named '${pname}' already exists for macro '${name}'`, severity: 'error' });
      else params.push({ name: pname, def, req, vararg });
      if (vararg) break;
      const c = i;
      i = skipComma(s, i);
      if (i !== c && i >= s.length) { i = c; break; }
    }
  } else i = cidx;
  if (i < s.length) problems.push({ message: `bad parameter list for macro '${name}'`, severity: 'error' });
  return { name, params, problems };
}

/**
 * The values of a macro's parameters for one invocation (macro_expand): `values`
 * maps every parameter to its text, the default when the argument is empty;
 * `ok` is false when GNU as does not expand the body at all.
 */
export function bindArgs(macroName: string, params: readonly MacroParam[], rest: string): { values: Map<string, string>; problems: Problem[]; ok: boolean } {
  const s = scrub(rest);
  const actual = new Map<string, string>();
  const problems: Problem[] = [];
  const err = (message: string): void => { problems.push({ message, severity: 'error' }); };
  let pos = 0, keyword = false, ok = true;
  let i = skipWhite(s, 0);
  while (i < s.length) {
    let scan = i;
    while (scan < s.length && !isSep(s[scan]) && s[scan] !== '=') scan++;
    if (scan < s.length && s[scan] === '=') {
      keyword = true;
      const [kname, j] = getToken(s, i);
      if (s[j] !== '=') { err(`confusion in formal parameters of macro '${macroName}'`); ok = false; break; }
      const p = params.find((q) => q.name === kname);
      const [v, k] = getAnyString(s, j + 1);
      i = k;
      if (p === undefined) err(`parameter named '${kname}' does not exist for macro '${macroName}'`);
      else {
        if ((actual.get(p.name) ?? '') !== '') problems.push({ message: `value for parameter '${p.name}' of macro '${macroName}' was already specified`, severity: 'warning' });
        actual.set(p.name, v);
      }
    } else {
      if (keyword) { err(`can't mix positional and keyword arguments (macro '${macroName}')`); ok = false; break; }
      const p = params[pos++];
      if (p === undefined) { err(`too many arguments for macro '${macroName}'`); ok = false; break; }
      if (p.vararg) { actual.set(p.name, s.slice(i)); i = s.length; } else {
        const [v, k] = getAnyString(s, i);
        actual.set(p.name, v);
        i = k;
      }
    }
    i = skipComma(s, i);
  }
  const values = new Map<string, string>();
  for (const p of params) {
    const a = actual.get(p.name) ?? '';
    if (ok && p.req && a === '') err(`missing required argument '${p.name}' of macro '${macroName}'`);
    values.set(p.name, a !== '' ? a : p.def);
  }
  return { values, problems, ok };
}

/**
 * Substitute parameters in one body line (macro_expand_body): `\name` (a
 * following `'` is dropped, even after a backslash with no name), `&name`
 * (and an optional closing `&`), `\@` (the expansion counter) and `\(text)`
 * (text, verbatim). Unknown names are kept.
 */
export function substitute(line: string, values: ReadonlyMap<string, string>, counter: string): { text: string; error?: string } {
  let out = '';
  let error: string | undefined;
  let i = 0;
  while (i < line.length) {
    const c = line[i];
    if (c === '&') {
      const [t, j] = getToken(line, i + 1);
      const k = line[j] === '&' ? j + 1 : j;
      const v = values.get(t);
      out += v !== undefined ? v : `&${t}${k > j ? '&' : ''}`;
      i = k;
    } else if (c === '\\') {
      i++;
      if (line[i] === '(') {
        const close = line.indexOf(')', i + 1);
        if (close < 0) { out += line.slice(i + 1); i = line.length; error = "missing ')'"; } else { out += line.slice(i + 1, close); i = close + 1; }
      } else if (line[i] === '@') { out += counter; i++; } else if (line[i] === '&') { out += '\\&'; i++; } else {
        const [t, j] = getToken(line, i);
        const k = line[j] === "'" ? j + 1 : j; // even after an empty name: `\'` -> `\`
        const v = values.get(t);
        out += v !== undefined ? v : `\\${t}`;
        i = k;
      }
    } else { out += c; i++; }
  }
  return { text: out, error };
}

/** `.irp` / `.irpc` operands (expand_irp): the parameter name and the values to iterate over. */
export function parseIrp(rest: string, irpc: boolean): { name: string; values: string[] } {
  const s = scrub(rest);
  const [name, j] = getToken(s, skipWhite(s, 0));
  let i = skipComma(s, j);
  if (i >= s.length) return { name, values: [''] };
  const values: string[] = [];
  if (!irpc) {
    while (i < s.length) {
      const [v, k] = getAnyString(s, i);
      values.push(v);
      i = skipComma(s, k);
    }
    return { name, values };
  }
  let inQuotes = false;
  if (s[i] === '"') { inQuotes = true; i++; }
  while (i < s.length) {
    if (s[i] === '"') {
      inQuotes = !inQuotes;
      const nxt = skipWhite(s, i + 1);
      if (nxt >= s.length) break;
    }
    values.push(s[i++]);
    if (!inQuotes) i = skipWhite(s, i);
  }
  return { name, values };
}
