// The one bounds-checked reader every DWARF section parser uses (.debug_line, .debug_info
// and friends, .debug_frame/.eh_frame): little-endian integers, LEB128, strings. Every
// overrun or oversized value is a DwarfError naming the section and the offset.

export class DwarfError extends Error {}

/** UTF-8 to a string (file and symbol names); malformed sequences become U+FFFD. The engine has no TextDecoder. */
export function utf8(b: Uint8Array, start = 0, end = b.length): string {
  let out = '';
  for (let i = start; i < end;) {
    const c = b[i];
    const n = c < 0x80 ? 0 : c >= 0xf0 && c < 0xf8 ? 3 : c >= 0xe0 ? 2 : c >= 0xc0 ? 1 : -1;
    let ok = n >= 0 && i + n < end;
    for (let k = 1; ok && k <= n; k++) ok = (b[i + k] & 0xc0) === 0x80;
    if (!ok) { out += '\ufffd'; i++; continue; }
    let cp = n === 0 ? c : c & (0x3f >> n);
    for (let k = 1; k <= n; k++) cp = (cp << 6) | (b[i + k] & 0x3f);
    out += String.fromCodePoint(cp);
    i += n + 1;
  }
  return out;
}

const MAX_SAFE = BigInt(Number.MAX_SAFE_INTEGER);

/** Sequential little-endian reader over [pos, end) of one section. */
export class DwarfReader {
  pos: number;
  constructor(readonly buf: Uint8Array, readonly name: string, pos = 0, readonly end = buf.length) {
    if (pos < 0 || pos > end || end > buf.length) throw new DwarfError(`${name}: offset 0x${pos.toString(16)} is outside the section (0x${buf.length.toString(16)} bytes)`);
    this.pos = pos;
  }
  err(msg: string, at = this.pos): DwarfError { return new DwarfError(`${this.name}: ${msg} at offset 0x${at.toString(16)}`); }
  fail(msg: string, at = this.pos): never { throw this.err(msg, at); }
  private need(n: number): void { if (this.pos + n > this.end) this.fail(`truncated (needs ${n} more bytes)`); }
  u8(): number { this.need(1); return this.buf[this.pos++]; }
  u16(): number { this.need(2); const v = this.buf[this.pos] | (this.buf[this.pos + 1] << 8); this.pos += 2; return v; }
  u24(): number { this.need(3); const v = this.buf[this.pos] | (this.buf[this.pos + 1] << 8) | (this.buf[this.pos + 2] << 16); this.pos += 3; return v; }
  u32(): number { this.need(4); const v = (this.buf[this.pos] | (this.buf[this.pos + 1] << 8) | (this.buf[this.pos + 2] << 16)) + this.buf[this.pos + 3] * 0x1000000; this.pos += 4; return v; }
  u64(): bigint { const lo = BigInt(this.u32()); return (BigInt(this.u32()) << 32n) | lo; }
  /** An unsigned value of `size` bytes (1, 2, 4 or 8). */
  uN(size: number): bigint {
    switch (size) {
      case 1: return BigInt(this.u8());
      case 2: return BigInt(this.u16());
      case 4: return BigInt(this.u32());
      case 8: return this.u64();
      default: return this.fail(`unsupported size ${size}`);
    }
  }
  /** A section offset (4 bytes, or 8 in the 64-bit DWARF format) as a safe number. */
  offset(is64: boolean): number { return is64 ? this.safe(this.u64()) : this.u32(); }
  safe(v: bigint, at = this.pos): number {
    if (v > MAX_SAFE || v < -MAX_SAFE) this.fail(`value 0x${v.toString(16)} too large`, at);
    return Number(v);
  }
  ulebBig(): bigint {
    let v = 0n, shift = 0n;
    for (;;) {
      const b = this.u8();
      if (shift < 64n) v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if ((b & 0x80) === 0) return v & 0xffffffffffffffffn;
      if (shift > 70n) this.fail('LEB128 too long');
    }
  }
  slebBig(): bigint {
    let v = 0n, shift = 0n, b: number;
    do {
      b = this.u8();
      if (shift < 64n) v |= BigInt(b & 0x7f) << shift;
      shift += 7n;
      if (shift > 70n) this.fail('LEB128 too long');
    } while ((b & 0x80) !== 0);
    if ((b & 0x40) !== 0 && shift < 64n) v -= 1n << shift;
    return BigInt.asIntN(64, v);
  }
  /** LEB128 that must fit a safe integer (counts, offsets, register numbers, line advances). */
  uleb(): number { const at = this.pos; return this.safe(this.ulebBig(), at); }
  sleb(): number { const at = this.pos; return this.safe(this.slebBig(), at); }
  cstr(): string {
    const start = this.pos;
    while (this.pos < this.end && this.buf[this.pos] !== 0) this.pos++;
    if (this.pos >= this.end) this.fail('unterminated string', start);
    const s = utf8(this.buf, start, this.pos);
    this.pos++;
    return s;
  }
  /** A target address of `size` bytes (4 or 8). */
  addr(size: number): bigint { return size === 8 ? this.u64() : BigInt(this.u32()); }
  bytes(n: number): Uint8Array { this.need(n); const b = this.buf.subarray(this.pos, this.pos + n); this.pos += n; return b; }
  skip(n: number): void { this.need(n); this.pos += n; }
}
