// What the editor evaluates in AArch64 assembly while debugging (no VS Code API here, so
// it is unit-tested): the hoverable expression under the cursor, and the lines after
// `AT ...` + `ISB` where PAR_EL1 holds the AT's result (inline values).
/** A hoverable token: a memory operand, a register field, a system register or a general register. */
const TOKEN = /\[\s*[xw]?\w+\s*(?:,\s*#?-?(?:0x[0-9a-f]+|\d+))?\s*\]|\b[a-z][a-z0-9_]*_el[0-3][0-9]?(?:\.[a-z0-9_]+)?\b|\b(?:[xw](?:[12]?[0-9]|30)|sp|pc|lr|fp|currentel|nzcv|daif)\b/gi;

export function expressionAt(line: string, character: number): { start: number; end: number; text: string } | undefined {
  for (const m of line.matchAll(TOKEN)) {
    const start = m.index ?? 0, end = start + m[0].length;
    if (character >= start && character <= end) return { start, end, text: m[0] };
  }
  return undefined;
}

/** Lines after `at <op>, xN` and the next `isb`: where PAR_EL1 holds the AT's result. */
export function parLines(lines: readonly string[], from: number, to: number): number[] {
  const out: number[] = [];
  let pending = false;
  for (let i = from; i <= to && i < lines.length; i++) {
    const code = lines[i].replace(/\/\/.*$/, '').trim().toLowerCase();
    if (/^(\w+:\s*)?at\s+s1[0-9e]+[rwpa]*\s*,/.test(code) || /^(\w+:\s*)?at\s+s12e[01][rw]\s*,/.test(code)) pending = true;
    else if (pending && /^(\w+:\s*)?isb\b/.test(code)) { out.push(i); pending = false; }
  }
  return out;
}
