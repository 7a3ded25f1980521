// Physical address space: RAM regions (typed arrays) and an MMIO bus.
// Physical addresses are JS numbers: exact up to 2^53, and the PE implements
// at most 52 PA bits. An access that hits neither RAM nor a device is reported
// as a bus error, which the PE turns into a synchronous external abort.

/** A memory-mapped device; offsets are relative to the device base. */
export interface MmioDevice {
  readonly name: string;
  readonly base: number;
  readonly size: number;
  /** Read `bytes` (1, 2, 4 or 8) at offset; 8-byte reads return lo and put hi in `hi`. */
  read(offset: number, bytes: number): number;
  write(offset: number, bytes: number, lo: number, hi: number): void;
}

export const PAGE_CODE = 1, PAGE_WATCH = 2, PAGE_JOURNAL = 4;

export interface RamRegion { readonly base: number; readonly size: number }

/**
 * What a translation table walk needs from memory: RAM as typed views plus the store
 * hooks (time-travel journal, decoded-code invalidation). PhysicalMemory is one; the
 * host model's view of a guest's physical memory behind its own stage 2 is another.
 */
export interface WalkMemory {
  readonly ramBase: number;
  readonly ramSize: number;
  readonly ram32: Int32Array;
  readonly dv: DataView;
  readonly pageFlags: Uint8Array;
  willStore(ramOffset: number, bytes: number): void;
  invalidateCode(ramOffset: number): void;
}

/**
 * A guest's physical address space placed at `offset` bytes into `parent`'s RAM (the host
 * model's stage 2 for L1 with an IPA offset): guest PA `ramBase + x` is host RAM offset
 * `offset + x`. Walks through it read and update the same bytes as the PE does.
 */
export class OffsetMemory implements WalkMemory {
  readonly ramBase: number;
  readonly ram32: Int32Array;
  readonly dv: DataView;
  readonly pageFlags: Uint8Array;
  constructor(private readonly parent: PhysicalMemory, private readonly offset: number, readonly ramSize: number) {
    if (offset % 4096 !== 0 || offset + ramSize > parent.ramSize) throw new Error('engine: guest memory view outside RAM');
    this.ramBase = parent.ramBase;
    this.ram32 = new Int32Array(parent.ram.buffer, offset, ramSize >>> 2);
    this.dv = new DataView(parent.ram.buffer, offset, ramSize);
    this.pageFlags = parent.pageFlags.subarray(offset >>> 12);
  }
  willStore(o: number, bytes: number): void { this.parent.willStore(o + this.offset, bytes); }
  invalidateCode(o: number): void { this.parent.invalidateCode(o + this.offset); }
}

export class PhysicalMemory implements WalkMemory {
  /** Main RAM (QEMU virt: 0x40000000). The interpreter's fast path indexes these views directly. */
  readonly ramBase: number;
  readonly ramSize: number;
  readonly ramEnd: number;
  readonly ram: Uint8Array;
  readonly ram32: Int32Array;
  readonly dv: DataView;
  private readonly devices: MmioDevice[] = [];
  /** False until something writes RAM: a fresh ArrayBuffer is already zero, so reset can skip clearing it. */
  ramTouched = false;
  /** High half of the last 8-byte MMIO read. */
  hi = 0;
  /**
   * Decoded-instruction caches per 4 KiB RAM page (shared by all PEs): op
   * numbers, 0 = not decoded. A store into a page clears its cache in place,
   * so every PE holding a reference re-decodes (self-modifying code).
   */
  readonly codePages: (Uint8Array | undefined)[];

  constructor(ramBase: number, ramSize: number) {
    if (ramSize % 4096 !== 0 || ramSize <= 0) throw new Error(`RAM size must be a positive multiple of 4 KiB, got ${ramSize}`);
    this.ramBase = ramBase;
    this.ramSize = ramSize;
    this.ramEnd = ramBase + ramSize;
    const buf = new ArrayBuffer(ramSize);
    this.ram = new Uint8Array(buf);
    this.ram32 = new Int32Array(buf);
    this.dv = new DataView(buf);
    this.codePages = new Array<Uint8Array | undefined>(ramSize >>> 12).fill(undefined);
    this.pageFlags = new Uint8Array(ramSize >>> 12);
  }

  /** Per RAM page: PAGE_CODE (a decode cache exists) | PAGE_WATCH (a watchpoint overlaps). Stores test one byte. */
  readonly pageFlags: Uint8Array;
  private readonly watches: { start: number; end: number; id: number }[] = [];
  /** Called when a guest store touches a watched range (PA of the store). */
  onWatch: ((pa: number, bytes: number, id: number) => void) | undefined;

  /**
   * A guest store of `bytes` at RAM offset `o` is about to touch a flagged page: keep the
   * page's pre-image for the time-travel journal, invalidate decoded code, check watchpoints.
   */
  willStore(o: number, bytes: number): void {
    if ((this.pageFlags[o >>> 12] & PAGE_JOURNAL) !== 0) this.journalPage(o >>> 12);
    if ((this.pageFlags[(o + bytes - 1) >>> 12] & PAGE_JOURNAL) !== 0) this.journalPage((o + bytes - 1) >>> 12);
    this.invalidateCode(o);
    this.invalidateCode(o + bytes - 1);
    if ((this.pageFlags[o >>> 12] & PAGE_WATCH) !== 0 || (this.pageFlags[(o + bytes - 1) >>> 12] & PAGE_WATCH) !== 0) {
      const pa = o + this.ramBase;
      for (const w of this.watches) if (pa < w.end && w.start < pa + bytes) { this.onWatch?.(pa, bytes, w.id); break; }
    }
  }

  /** Pre-images of pages first written since the journal was (re)armed: page index -> 4 KiB copy. */
  journal: Map<number, Uint8Array> | undefined;

  private journalPage(p: number): void {
    this.pageFlags[p] &= ~PAGE_JOURNAL;
    if (this.journal !== undefined && !this.journal.has(p)) this.journal.set(p, this.ram.slice(p << 12, (p + 1) << 12));
  }

  /** Start a new journal: every page's next first write saves its pre-image there. */
  armJournal(j: Map<number, Uint8Array>): void {
    this.journal = j;
    for (let p = 0; p < this.pageFlags.length; p++) this.pageFlags[p] |= PAGE_JOURNAL;
  }

  /** Put saved pre-images back (time travel); decoded code on those pages is dropped. */
  restorePages(j: Map<number, Uint8Array>): void {
    for (const [p, bytes] of j) { this.ram.set(bytes, p << 12); this.invalidateCode(p << 12); }
  }

  /** Replace the watched physical ranges (data breakpoints); ranges outside RAM are ignored. */
  setWatches(ranges: readonly { start: number; bytes: number; id: number }[]): void {
    for (let p = 0; p < this.pageFlags.length; p++) this.pageFlags[p] &= ~PAGE_WATCH;
    this.watches.length = 0;
    for (const r of ranges) {
      if (!this.isRam(r.start, r.bytes)) continue;
      this.watches.push({ start: r.start, end: r.start + r.bytes, id: r.id });
      for (let o = r.start - this.ramBase; o < r.start - this.ramBase + r.bytes; o += 4096) this.pageFlags[o >>> 12] |= PAGE_WATCH;
      this.pageFlags[(r.start - this.ramBase + r.bytes - 1) >>> 12] |= PAGE_WATCH;
    }
  }

  /** Forget decoded instructions of the RAM page containing `ramOffset`. */
  invalidateCode(ramOffset: number): void {
    const c = this.codePages[ramOffset >>> 12];
    if (c !== undefined) c.fill(0);
  }

  regions(): RamRegion[] { return [{ base: this.ramBase, size: this.ramSize }]; }

  addDevice(d: MmioDevice): void {
    for (const o of this.devices) {
      if (d.base < o.base + o.size && o.base < d.base + d.size) throw new Error(`device ${d.name} overlaps ${o.name}`);
    }
    this.devices.push(d);
  }

  device(pa: number): MmioDevice | undefined {
    for (const d of this.devices) if (pa >= d.base && pa < d.base + d.size) return d;
    return undefined;
  }

  isRam(pa: number, bytes: number): boolean { return pa >= this.ramBase && pa + bytes <= this.ramEnd; }

  /**
   * Slow-path read of `bytes` at `pa` (RAM or MMIO). Returns the low 32 bits and
   * sets `hi` for 8-byte reads; returns undefined on a bus error.
   */
  read(pa: number, bytes: number): number | undefined {
    if (this.isRam(pa, bytes)) {
      const o = pa - this.ramBase;
      switch (bytes) {
        case 1: return this.ram[o];
        case 2: return this.dv.getUint16(o, true);
        case 4: return this.dv.getInt32(o, true);
        default: this.hi = this.dv.getInt32(o + 4, true); return this.dv.getInt32(o, true);
      }
    }
    const d = this.device(pa);
    if (d === undefined || pa + bytes > d.base + d.size) return undefined;
    const v = d.read(pa - d.base, bytes);
    if (bytes === 8) this.hi = this.lastDeviceHi(d);
    return v;
  }

  private lastDeviceHi(d: MmioDevice): number { return (d as MmioDevice & { hi?: number }).hi ?? 0; }

  /** Slow-path write; returns false on a bus error. */
  write(pa: number, bytes: number, lo: number, hi: number): boolean {
    if (this.isRam(pa, bytes)) {
      const o = pa - this.ramBase;
      if ((this.pageFlags[o >>> 12] | this.pageFlags[(o + bytes - 1) >>> 12]) !== 0) this.willStore(o, bytes);
      switch (bytes) {
        case 1: this.ram[o] = lo; break;
        case 2: this.dv.setUint16(o, lo, true); break;
        case 4: this.dv.setInt32(o, lo, true); break;
        default: this.dv.setInt32(o, lo, true); this.dv.setInt32(o + 4, hi, true);
      }
      return true;
    }
    const d = this.device(pa);
    if (d === undefined || pa + bytes > d.base + d.size) return false;
    d.write(pa - d.base, bytes, lo, hi);
    return true;
  }

  /** Copy bytes into RAM (loader, debugger writes); false if any byte is outside RAM. */
  writeBytes(pa: number, data: Uint8Array): boolean {
    if (!this.isRam(pa, data.length)) return false;
    const o = pa - this.ramBase;
    for (let p = o >>> 12; data.length > 0 && p <= (o + data.length - 1) >>> 12; p++) if ((this.pageFlags[p] & PAGE_JOURNAL) !== 0) this.journalPage(p);
    this.ram.set(data, pa - this.ramBase);
    for (let p = o >>> 12; data.length > 0 && p <= (o + data.length - 1) >>> 12; p++) this.invalidateCode(p << 12);
    return true;
  }

  /** Read bytes from RAM (debugger, semihosting); undefined if outside RAM. */
  readBytes(pa: number, len: number): Uint8Array | undefined {
    if (!this.isRam(pa, len)) return undefined;
    return this.ram.slice(pa - this.ramBase, pa - this.ramBase + len);
  }
}
