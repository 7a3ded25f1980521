// Source text to statements: `/* */` comments (across lines), `//` comments,
// `#` comment lines, and `;` statement separators — all outside string and
// character literals. Each statement remembers its file, line and column.

export interface SrcLine { readonly text: string; readonly file: string; readonly line: number }

/** Where a statement came from; `origin` is the invoking line of a macro/.irp/.rept expansion. */
export interface Stmt {
  readonly text: string;
  readonly file: string;
  readonly line: number;
  /** 0-based column of the statement text in its line. */
  readonly col0: number;
  readonly origin?: Stmt;
  /** Name of the macro this statement was expanded from, for diagnostics. */
  readonly macro?: string;
}

export function splitLines(text: string, file: string): SrcLine[] {
  const lines = text.split(/\r?\n/);
  if (lines.length > 0 && lines[lines.length - 1] === '') lines.pop();
  return lines.map((t, i) => ({ text: t, file, line: i + 1 }));
}

/** Remove comments (keeping columns: removed text becomes spaces) and split on ';'. */
export function toStatements(lines: readonly SrcLine[]): Stmt[] {
  const out: Stmt[] = [];
  let inBlock = false;
  for (let k = 0; k < lines.length; k++) {
    const l = lines[k];
    let s = l.text;
    let buf = '';
    let start = 0;
    let i = 0;
    if (!inBlock && /^\s*#/.test(s)) continue;
    const push = (): void => {
      if (buf.trim() !== '') out.push({ text: buf, file: l.file, line: l.line, col0: start });
    };
    while (i < s.length) {
      const c = s[i];
      if (inBlock) {
        if (c === '*' && s[i + 1] === '/') { inBlock = false; buf += '  '; i += 2; } else { buf += ' '; i++; }
        continue;
      }
      if (c === '/' && s[i + 1] === '*') { inBlock = true; buf += '  '; i += 2; continue; }
      if (c === '/' && s[i + 1] === '/') break;
      if (c === '"') {
        let j = i + 1;
        for (;;) {
          while (j < s.length && s[j] !== '"') j += s[j] === '\\' ? 2 : 1;
          if (j <= s.length || k + 1 >= lines.length) break;
          // A backslash ending the line inside a string: the string goes on in the next line, and
          // GNU as's scrubber leaves `\\n` in its place (a backslash and an 'n' in the string).
          const bs = s.length - 1;
          s = `${s.slice(0, bs)}\\\\n${lines[++k].text}`;
          j = bs + 2;
        }
        buf += s.slice(i, j + 1);
        i = j + 1;
        continue;
      }
      if (c === "'") {
        // character literal: 'c', '\n' (optional closing quote)
        let j = i + 1;
        if (s[j] === '\\') j += 2; else j += 1;
        // A quote (or quote and backslash) ending the line: its character is the newline, and the
        // statement goes on in the next line (as GNU as's scrubber reads it).
        if (j > s.length && k + 1 < lines.length) s = `${s}\n${lines[++k].text}`;
        if (s[j] === "'") j++;
        buf += s.slice(i, j);
        i = j;
        continue;
      }
      if (c === ';') { push(); buf = ''; i++; start = i; continue; }
      buf += c;
      i++;
    }
    push();
  }
  return out;
}

/** Split a directive's argument text on top-level commas (outside strings and parentheses). */
export function splitArgs(s: string): { text: string; col: number }[] {
  const out: { text: string; col: number }[] = [];
  let depth = 0, st = 0, i = 0;
  while (i < s.length) {
    const c = s[i];
    if (c === '"') { i++; while (i < s.length && s[i] !== '"') i += s[i] === '\\' ? 2 : 1; i++; continue; }
    if (c === "'") { i += s[i + 1] === '\\' ? 3 : 2; if (s[i] === "'") i++; continue; }
    if (c === '(' || c === '[') depth++;
    else if (c === ')' || c === ']') depth--;
    else if (c === ',' && depth === 0) { out.push({ text: s.slice(st, i), col: st }); st = i + 1; }
    i++;
  }
  out.push({ text: s.slice(st), col: st });
  return out.map((a) => {
    const lead = a.text.length - a.text.trimStart().length;
    return { text: a.text.trim(), col: a.col + lead };
  });
}
