// Shadow stage-2 MMUs (KVM arch/arm64/kvm/nested.c): per guest-hypervisor stage-2
// context (VTTBR with CnP masked, VTCR, VM) the host keeps real stage-2 tables that map
// L2 IPA -> PA, built lazily on stage-2 faults. The PE walks them like any stage 2, so
// the tables live in host-reserved RAM the guest's stage 2 never maps.
import { PhysicalMemory } from '../memory/bus';

/** The host's VTCR_EL2 for shadow tables: 4K granule, 48-bit IPA, start level 0, PS 48 bits, WB cacheable, inner shareable. */
export const HOST_VTCR = (16 /* T0SZ */) | (2 << 6 /* SL0: level 0 */) | (1 << 8) | (1 << 10) | (3 << 12) | (5 << 16) | (1 << 31);

/** struct kvm_s2_mmu, the NV fields. */
export class ShadowS2Mmu {
  /** Guest VTTBR with CnP cleared (lo, hi); hi bit 31 of `valid` false = never used. */
  tlbVttbrLo = 0; tlbVttbrHi = 0;
  tlbVtcr = 0;
  /** The guest's HCR_EL2.VM when the MMU was taken (nested_stage2_enabled). */
  nestedStage2Enabled = false;
  valid = false;
  pendingUnmap = false;
  refcnt = 0;
  /** Root table PA, 0 when no table is allocated. */
  root = 0;
  /** Mapped L2 IPA pages (page number -> PA page number), the debugger's "mapped ranges". */
  readonly pages = new Map<number, number>();
  /** The guest's stage-2 leaf level of each mapped page (KVM keeps it in the shadow PTE's software bits). */
  readonly levels = new Map<number, number>();
  constructor(readonly index: number, readonly vmid: number) {}

  /** The physical VTTBR_EL2 that loads this MMU (__load_stage2): VMID and root table. */
  vttbr(): [number, number] { return [this.root | 0, ((this.vmid << 16) | Math.floor(this.root / 2 ** 32)) | 0]; }
  /** VMID of the guest context (get_vmid(tlb_vttbr)). */
  guestVmid(): number { return (this.tlbVttbrHi >>> 16) & 0xff; }
}

/** Page allocator for the host's own tables in the reserved RAM tail. */
export class HostPages {
  private next: number;
  private readonly free: number[] = [];
  constructor(private readonly mem: PhysicalMemory, readonly base: number, readonly size: number) { this.next = base; }
  alloc(): number {
    const pa = this.free.pop() ?? this.next;
    if (pa === this.next) {
      if (this.next + 4096 > this.base + this.size) throw new Error('engine: host memory for shadow stage-2 tables exhausted');
      this.next += 4096;
    }
    const o = pa - this.mem.ramBase;
    if (this.mem.pageFlags[o >>> 12] !== 0) this.mem.willStore(o, 4096);
    this.mem.ram.fill(0, o, o + 4096);
    return pa;
  }
  release(pa: number): void { this.free.push(pa); }
  reset(): void { this.next = this.base; this.free.length = 0; }
  save(): { next: number; free: number[] } { return { next: this.next, free: [...this.free] }; }
  restore(s: { next: number; free: number[] }): void { this.next = s.next; this.free.splice(0, this.free.length, ...s.free); }
}

/** Leaf attributes a shadow entry carries: L1's stage-2 MemAttr, SH, S2AP and XN (kvm_s2_trans). */
export interface ShadowAttrs { readonly memAttr: number; readonly sh: number; readonly s2ap: number; readonly xn: number }

const DESC_TABLE = 3, AF = 1 << 10;

/** Write a 64-bit little-endian descriptor into host RAM (host tables are never big-endian). */
function put64(mem: PhysicalMemory, pa: number, lo: number, hi: number): void {
  const o = pa - mem.ramBase;
  if (mem.pageFlags[o >>> 12] !== 0) mem.willStore(o, 8); // time-travel journal, decoded-code invalidation
  mem.dv.setInt32(o, lo, true); mem.dv.setInt32(o + 4, hi, true);
}
function get64(mem: PhysicalMemory, pa: number): [number, number] {
  const o = pa - mem.ramBase;
  return [mem.dv.getInt32(o, true), mem.dv.getInt32(o + 4, true)];
}

/** Descriptor attribute bits of a stage-2 leaf (MemAttr, S2AP, SH, AF, XN). */
function leafBits(pa: number, a: ShadowAttrs, page: boolean): [number, number] {
  const lo = (pa % 2 ** 32) | (page ? 3 : 1) | (a.memAttr << 2) | (a.s2ap << 6) | (a.sh << 8) | AF;
  const hi = Math.floor(pa / 2 ** 32) | (a.xn << (53 - 32));
  return [lo | 0, hi | 0];
}

/** Walk (allocating tables) from `root` down to `level` and return the PA of the entry for `ipaPage`. */
function entryFor(mem: PhysicalMemory, alloc: HostPages, root: number, ipaPage: number, level: number): number {
  let table = root;
  for (let l = 0; l < level; l++) {
    const idx = Math.floor(ipaPage / 2 ** (9 * (3 - l))) % 512;
    const dpa = table + idx * 8;
    const [lo, hi] = get64(mem, dpa);
    if ((lo & 3) === DESC_TABLE) { table = (lo >>> 12) * 4096 + (hi & 0xffff) * 2 ** 32; continue; }
    const t = alloc.alloc();
    put64(mem, dpa, (t % 2 ** 32 | DESC_TABLE) | 0, Math.floor(t / 2 ** 32));
    table = t;
  }
  return table + (Math.floor(ipaPage / 2 ** (9 * (3 - level))) % 512) * 8;
}

/** Map one 4K page L2 IPA -> PA in `mmu`'s tables (kvm_pgtable_stage2_map at PAGE_SIZE). */
export function shadowMapPage(mem: PhysicalMemory, alloc: HostPages, mmu: ShadowS2Mmu, ipaPage: number, paPage: number, a: ShadowAttrs): void {
  if (mmu.root === 0) mmu.root = alloc.alloc();
  const [lo, hi] = leafBits(paPage * 4096, a, true);
  put64(mem, entryFor(mem, alloc, mmu.root, ipaPage, 3), lo, hi);
  mmu.pages.set(ipaPage, paPage);
}

/** Map a 2 MiB block IPA -> PA in the tables at `root` (the host's own stage 2 for L1). */
export function hostMapBlock(mem: PhysicalMemory, alloc: HostPages, root: number, ipa: number, pa: number, a: ShadowAttrs): void {
  const [lo, hi] = leafBits(pa, a, false);
  put64(mem, entryFor(mem, alloc, root, ipa / 4096, 2), lo, hi);
}

/** Unmap every page of `mmu` in [ipaPage, ipaPage + pages) (kvm_stage2_unmap_range); returns the count. */
export function shadowUnmapRange(mem: PhysicalMemory, mmu: ShadowS2Mmu, ipaPage: number, pages: number): number {
  let n = 0;
  for (const p of [...mmu.pages.keys()]) {
    if (p < ipaPage || p >= ipaPage + pages) continue;
    const leaf = leafPa(mem, mmu, p);
    if (leaf !== undefined) put64(mem, leaf, 0, 0);
    mmu.pages.delete(p);
    mmu.levels.delete(p);
    n++;
  }
  return n;
}

/** Drop every mapping and table of `mmu` (the recycle path: pending_unmap completed). */
export function shadowUnmapAll(mem: PhysicalMemory, alloc: HostPages, mmu: ShadowS2Mmu): number {
  const n = mmu.pages.size;
  if (mmu.root !== 0) freeTables(mem, alloc, mmu.root, 0);
  mmu.root = 0;
  mmu.pages.clear();
  mmu.levels.clear();
  return n;
}

function freeTables(mem: PhysicalMemory, alloc: HostPages, table: number, level: number): void {
  if (level < 3) {
    for (let i = 0; i < 512; i++) {
      const [lo, hi] = get64(mem, table + i * 8);
      if ((lo & 3) === DESC_TABLE) freeTables(mem, alloc, (lo >>> 12) * 4096 + (hi & 0xffff) * 2 ** 32, level + 1);
    }
  }
  alloc.release(table);
}

function leafPa(mem: PhysicalMemory, mmu: ShadowS2Mmu, ipaPage: number): number | undefined {
  let table = mmu.root;
  if (table === 0) return undefined;
  for (let level = 0; level < 3; level++) {
    const idx = Math.floor(ipaPage / 2 ** (9 * (3 - level))) % 512;
    const [lo, hi] = get64(mem, table + idx * 8);
    if ((lo & 3) !== DESC_TABLE) return undefined;
    table = (lo >>> 12) * 4096 + (hi & 0xffff) * 2 ** 32;
  }
  return table + (ipaPage % 512) * 8;
}
