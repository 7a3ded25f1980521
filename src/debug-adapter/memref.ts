// Memory references (DESIGN.md): `pa:0x…` physical, `ipa:<vmid>:0x…` an IPA of the
// stage-2 context with that VMID, `va:<regime>:0x…` or a bare number for a VA in the
// current regime.
export type MemRef = { kind: 'pa'; lo: number; hi: number; text: string } | { kind: 'va'; lo: number; hi: number; text: string }
  | { kind: 'ipa'; vmid: number; ipa: number; text: string };

export function parseMemoryReference(ref: string, offset: number): MemRef | string {
  const t = ref.trim().toLowerCase();
  let kind: 'pa' | 'va' = 'va';
  let num = t;
  if (t.startsWith('pa:')) { kind = 'pa'; num = t.slice(3); }
  else if (t.startsWith('va:')) {
    const parts = t.split(':');
    if (parts.length !== 3 || !['el10', 'el2', 'el20'].includes(parts[1])) return `bad memory reference '${ref}' (expected va:<el10|el2|el20>:0x…)`;
    num = parts[2];
  } else if (t.startsWith('ipa:')) {
    const parts = t.split(':');
    if (parts.length !== 3 || !/^(0x[0-9a-f]{1,4}|[0-9]{1,5})$/.test(parts[1]) || Number(parts[1]) > 0xffff) return `bad memory reference '${ref}' (expected ipa:<vmid>:0x…)`;
    if (!/^(0x[0-9a-f]{1,16}|[0-9]{1,20})$/.test(parts[2])) return `bad memory reference '${ref}'`;
    const v = BigInt(parts[2]) + BigInt(Math.trunc(offset));
    if (v < 0n || v >= 1n << 52n) return `IPA 0x${v.toString(16)} is beyond 52 bits`;
    return { kind: 'ipa', vmid: Number(parts[1]), ipa: Number(v), text: `ipa:${Number(parts[1])}:0x${v.toString(16)}` };
  }
  if (!/^(0x[0-9a-f]{1,16}|[0-9]{1,20})$/.test(num)) return `bad memory reference '${ref}'`;
  const v = BigInt.asUintN(64, BigInt(num) + BigInt(Math.trunc(offset)));
  if (kind === 'pa' && v >= 1n << 52n) return `physical address 0x${v.toString(16)} is beyond 52 bits`;
  const lo = Number(v & 0xffffffffn), hi = Number(v >> 32n);
  return { kind, lo: kind === 'pa' ? Number(v) : lo, hi, text: `${kind === 'pa' ? 'pa:' : ''}0x${v.toString(16)}` };
}
