// Memory references (DESIGN.md): `pa:0x…` physical, `va:<regime>:0x…` or a bare
// number for a VA in the current regime. `ipa:` needs the host model (nested mode).
export type MemRef = { kind: 'pa'; lo: number; hi: number; text: string } | { kind: 'va'; lo: number; hi: number; text: string };

export function parseMemoryReference(ref: string, offset: number): MemRef | string {
  const t = ref.trim().toLowerCase();
  let kind: 'pa' | 'va' = 'va';
  let num = t;
  if (t.startsWith('pa:')) { kind = 'pa'; num = t.slice(3); }
  else if (t.startsWith('va:')) {
    const parts = t.split(':');
    if (parts.length !== 3 || !['el10', 'el2', 'el20'].includes(parts[1])) return `bad memory reference '${ref}' (expected va:<el10|el2|el20>:0x…)`;
    num = parts[2];
  } else if (t.startsWith('ipa:')) return `'${ref}': IPA references need nested mode (the host model), not in this build`;
  if (!/^(0x[0-9a-f]{1,16}|[0-9]{1,20})$/.test(num)) return `bad memory reference '${ref}'`;
  const v = BigInt.asUintN(64, BigInt(num) + BigInt(Math.trunc(offset)));
  if (kind === 'pa' && v >= 1n << 52n) return `physical address 0x${v.toString(16)} is beyond 52 bits`;
  const lo = Number(v & 0xffffffffn), hi = Number(v >> 32n);
  return { kind, lo: kind === 'pa' ? Number(v) : lo, hi, text: `${kind === 'pa' ? 'pa:' : ''}0x${v.toString(16)}` };
}
