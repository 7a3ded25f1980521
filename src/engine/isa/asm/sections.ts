// Sections being assembled: a growable byte buffer, alignment, the
// instructions and data fixups waiting for the final layout, literal pools
// and the line records for the line map.

import { Expr, SecRef } from './expr';
import { Operand } from './operands';
import { Stmt } from './source';

export interface PendingInsn {
  readonly off: number;
  readonly mnemonic: string;
  readonly ops: Operand[];
  readonly stmt: Stmt;
  readonly mcol: number;
}
export interface Fixup { readonly off: number; readonly size: number; readonly e: Expr; readonly stmt: Stmt; readonly col: number }

export interface PoolEntry { readonly e: Expr; readonly key: string; label: string }
export interface Pool { readonly size: number; entries: PoolEntry[] }

export class Section {
  readonly ref: SecRef;
  bytes = new Uint8Array(256);
  size = 0;
  align = 0;
  readonly insns: PendingInsn[] = [];
  readonly fixups: Fixup[] = [];
  readonly pools = new Map<number, Pool>();
  /** (offset, file, line) for instructions and data, in offset order. */
  readonly lines: { off: number; file: string; line: number }[] = [];
  constructor(readonly name: string, readonly code: boolean, readonly write: boolean, readonly nobits: boolean, readonly index: number) {
    this.ref = { name };
  }
  private grow(n: number): void {
    if (this.size + n <= this.bytes.length) return;
    let cap = this.bytes.length * 2;
    while (cap < this.size + n) cap *= 2;
    const b = new Uint8Array(cap);
    b.set(this.bytes.subarray(0, this.size));
    this.bytes = b;
  }
  /** Append n bytes of `fill` (0 by default); returns the offset. */
  reserve(n: number, fill = 0): number {
    const off = this.size;
    if (!this.nobits) {
      this.grow(n);
      if (fill !== 0) this.bytes.fill(fill, off, off + n);
    }
    this.size += n;
    return off;
  }
  put(off: number, v: bigint, size: number): void {
    if (this.nobits) return;
    for (let i = 0; i < size; i++) this.bytes[off + i] = Number((v >> BigInt(8 * i)) & 0xffn);
  }
  putWord(off: number, w: number): void {
    if (this.nobits) return;
    this.bytes[off] = w & 0xff; this.bytes[off + 1] = (w >>> 8) & 0xff;
    this.bytes[off + 2] = (w >>> 16) & 0xff; this.bytes[off + 3] = (w >>> 24) & 0xff;
  }
  recordAlign(p2: number): void { if (p2 > this.align) this.align = p2; }
  /** Pad to a 2^p2 boundary: code sections get zeros up to a word, then NOPs (as GNU as does). */
  alignTo(p2: number, fill: number | undefined, max?: number): void {
    const a = 2 ** p2;
    const pad = (a - (this.size % a)) % a;
    this.recordAlign(p2);
    if (pad === 0 || (max !== undefined && pad > max)) return;
    if (fill === undefined && this.code) {
      const z = pad % 4;
      this.reserve(z);
      for (let i = 0; i < (pad - z) / 4; i++) this.putWord(this.reserve(4), 0xd503201f);
      return;
    }
    this.reserve(pad, fill ?? 0);
  }
  data(): Uint8Array { return this.nobits ? new Uint8Array(0) : this.bytes.slice(0, this.size); }
}
