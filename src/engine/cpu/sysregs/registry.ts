// System register registry: the full table plus lookups and BigInt-free
// helpers that turn 64-bit values (held as two int32 halves) into fields.

import { SysRegDef, SysRegField, sysRegKey } from './types';
import { ID_DEFS } from './registry-data-id';
import { EL1_DEFS } from './registry-data-el1';
import { EL2_DEFS } from './registry-data-el2';
import { EL12_DEFS, GIC_DEFS } from './registry-data-misc';

export { QEMU_WRITE_MASKS, QEMU_EL12_E2H0_BEHAVIOUR } from './registry-data-misc';
export { QEMU_CCSIDR_VALUES } from './registry-data-id';
export { PAR_EL1_FIELDS, PAR_EL1_FAULT_FIELDS } from './registry-data-el1';
export {
  HCR_EL2_FIELDS, SCTLR_EL2_E2H1_FIELDS, CPTR_EL2_E2H1_FIELDS, TCR_EL2_E2H1_FIELDS, CNTHCTL_EL2_E2H1_FIELDS,
} from './registry-data-el2';
export { TCR_EL1_FIELDS, SCTLR_EL1_FIELDS, EC_VALUES } from './registry-data-common';

/** Every system register an EL0/EL1/EL2 program can name on QEMU 7.2 virt -cpu max (no EL3). */
export const SYSREG_DEFS: readonly SysRegDef[] = [...ID_DEFS, ...EL1_DEFS, ...EL2_DEFS, ...EL12_DEFS, ...GIC_DEFS];

let byKey: Map<number, SysRegDef> | undefined;
let byName: Map<string, SysRegDef> | undefined;

function buildMaps(): void {
  byKey = new Map();
  byName = new Map();
  for (const d of SYSREG_DEFS) {
    byKey.set(sysRegKey(d.op0, d.op1, d.crn, d.crm, d.op2), d);
    byName.set(d.name.toUpperCase(), d);
  }
}

export function sysRegByKey(key: number): SysRegDef | undefined {
  if (!byKey) buildMaps();
  return byKey!.get(key);
}

const GENERIC = /^S([0-3])_([0-7])_C([0-9]|1[0-5])_C([0-9]|1[0-5])_([0-7])$/i;

/** Parse the generic `S<op0>_<op1>_C<n>_C<m>_<op2>` form; undefined if not that form. */
export function parseGenericSysRegName(name: string): number | undefined {
  const m = GENERIC.exec(name.trim());
  if (!m) return undefined;
  return sysRegKey(Number(m[1]), Number(m[2]), Number(m[3]), Number(m[4]), Number(m[5]));
}

/** Case-insensitive lookup by architectural name or generic S<op0>_<op1>_C<n>_C<m>_<op2> name. */
export function sysRegByName(name: string): SysRegDef | undefined {
  if (!byName) buildMaps();
  const d = byName!.get(name.trim().toUpperCase());
  if (d) return d;
  const key = parseGenericSysRegName(name);
  return key === undefined ? undefined : sysRegByKey(key);
}

/** Generic name of an encoding, e.g. S3_4_C1_C1_0. */
export function genericSysRegName(d: Pick<SysRegDef, 'op0' | 'op1' | 'crn' | 'crm' | 'op2'>): string {
  return `S${d.op0}_${d.op1}_C${d.crn}_C${d.crm}_${d.op2}`;
}

// ---------------------------------------------------------------------------
// 64-bit values as [lo, hi] int32 pairs.

/** Parse a hex string ('0x...', underscores allowed) into signed int32 halves [lo, hi], no BigInt. */
export function hexToPair(hex: string): [number, number] {
  let s = hex.trim().toLowerCase().replace(/_/g, '');
  if (s.startsWith('0x')) s = s.slice(2);
  if (s.length === 0 || s.length > 16 || !/^[0-9a-f]+$/.test(s)) throw new Error(`bad 64-bit hex value: ${hex}`);
  s = s.padStart(16, '0');
  return [parseInt(s.slice(8), 16) | 0, parseInt(s.slice(0, 8), 16) | 0];
}

/** Reset value of a register as [lo, hi] int32 halves. */
export function resetPair(def: SysRegDef): [number, number] {
  return hexToPair(def.reset);
}

/** Format [lo, hi] as 0x-prefixed lowercase hex without leading zeros. */
export function pairToHex(lo: number, hi: number): string {
  const h = hi >>> 0;
  const l = lo >>> 0;
  return h === 0 ? `0x${l.toString(16)}` : `0x${h.toString(16)}${l.toString(16).padStart(8, '0')}`;
}

function lowMask(width: number): number {
  return width >= 32 ? 0xffffffff : (1 << width) - 1;
}

/** Extract bits [msb:lsb] of the 64-bit value hi:lo as an unsigned [lo, hi] pair. */
export function extractBits(lo: number, hi: number, msb: number, lsb: number): [number, number] {
  const width = msb - lsb + 1;
  let fLo: number;
  let fHi: number;
  if (lsb >= 32) {
    fLo = hi >>> (lsb - 32);
    fHi = 0;
  } else if (lsb === 0) {
    fLo = lo >>> 0;
    fHi = hi >>> 0;
  } else {
    fLo = ((lo >>> lsb) | (hi << (32 - lsb))) >>> 0;
    fHi = hi >>> lsb;
  }
  if (width <= 32) {
    fLo = (fLo & lowMask(width)) >>> 0;
    fHi = 0;
  } else {
    fHi = (fHi & lowMask(width - 32)) >>> 0;
  }
  return [fLo, fHi];
}

export interface DecodedField {
  readonly name: string;
  readonly msb: number;
  readonly lsb: number;
  readonly doc: string;
  /** Exact numeric value when the field is at most 53 bits wide, otherwise undefined (use hex). */
  readonly value: number | undefined;
  /** The value as 0x-prefixed hex, exact for any width. */
  readonly hex: string;
  /** Meaning from the field's value map, if any. */
  readonly meaning?: string;
}

/** Decode a value (int32 halves lo, hi) into the register's fields; `fields` overrides def.fields for alternative layouts. */
export function decodeSysRegFields(def: Pick<SysRegDef, 'fields'>, lo: number, hi: number, fields?: readonly SysRegField[]): DecodedField[] {
  const out: DecodedField[] = [];
  for (const f of fields ?? def.fields) {
    const [fl, fh] = extractBits(lo, hi, f.msb, f.lsb);
    const width = f.msb - f.lsb + 1;
    const value = width <= 53 ? fh * 4294967296 + fl : undefined;
    const meaning = value !== undefined && f.values ? f.values[value] : undefined;
    out.push({ name: f.name, msb: f.msb, lsb: f.lsb, doc: f.doc, value, hex: pairToHex(fl, fh), ...(meaning !== undefined ? { meaning } : {}) });
  }
  return out;
}

/** `NAME [msb:lsb] = 0x.. (meaning)`; single-bit fields print as `NAME [n]`. */
export function formatField(f: DecodedField): string {
  const range = f.msb === f.lsb ? `[${f.msb}]` : `[${f.msb}:${f.lsb}]`;
  return `${f.name} ${range} = ${f.hex}${f.meaning !== undefined ? ` (${f.meaning})` : ''}`;
}
