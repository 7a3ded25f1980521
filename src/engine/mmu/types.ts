// Types shared by the VMSAv8-64 walkers, AT and the debugger (WalkTrace).
// Addresses: VAs are (lo, hi) int32 pairs; IPAs and PAs are JS numbers (< 2^52, exact).

/** Translation regimes (Arm ARM D8.1.2). */
export const enum Regime { EL10 = 0, EL2 = 1, EL20 = 2 }
export const REGIME_NAMES = ['el10', 'el2', 'el20'] as const;

/** Fault types of the translation process (Arm ARM "Fault" enumeration, the ones VMSA walks produce). */
export const enum FaultType { NONE = 0, TRANSLATION, ADDRESS_SIZE, ACCESS_FLAG, PERMISSION, SEA_WALK, ALIGNMENT }

export interface WalkFault {
  readonly type: FaultType;
  /** Lookup level (-1..3); 0 for faults before the walk starts. */
  readonly level: number;
  readonly stage: 1 | 2;
  /** A stage-2 fault taken on a stage-1 translation table access. */
  readonly s1ptw: boolean;
  /** IPA that faulted at stage 2 (for HPFAR_EL2). */
  readonly ipa: number;
  readonly write: boolean;
}

/** Fault status code (ESR DFSC/IFSC, PAR_EL1.FST) of a fault: Arm ARM EncodeLDFSC. */
export function encodeFsc(f: WalkFault): number {
  const l = f.level;
  switch (f.type) {
    case FaultType.ADDRESS_SIZE: return l === -1 ? 0x29 : 0x00 | (l & 3);
    case FaultType.TRANSLATION: return l === -1 ? 0x2b : 0x04 | (l & 3);
    case FaultType.ACCESS_FLAG: return 0x08 | (l & 3);
    case FaultType.PERMISSION: return 0x0c | (l & 3);
    case FaultType.SEA_WALK: return l === -1 ? 0x13 : 0x14 | (l & 3);
    case FaultType.ALIGNMENT: return 0x21;
    default: return 0;
  }
}

/** Kinds of descriptor a walk step read. */
export type DescKind = 'invalid' | 'table' | 'block' | 'page' | 'reserved';

/** One descriptor fetch of a walk (DESIGN.md "WalkTrace"). */
export interface WalkStep {
  readonly stage: 1 | 2;
  readonly level: number;
  /** Base of the table being indexed: an IPA for stage-1 tables under stage 2, else a PA. */
  readonly tableAddress: number;
  readonly index: number;
  /** Descriptor address as the walk named it (IPA under stage 2) and the PA actually read. */
  readonly descriptorAddress: number;
  readonly descriptorPa: number;
  /** Descriptor value (lo, hi); both 0 when the fetch itself failed. */
  readonly descLo: number;
  readonly descHi: number;
  readonly kind: DescKind;
  /** The stage-2 walk that translated descriptorAddress (stage-1 steps under stage 2 only). */
  readonly s2?: WalkTrace;
}

/** Stage-1 or stage-2 permissions of a completed walk. */
export interface Permissions {
  /** Privileged/unprivileged read, write, execute (stage 1); r/w/x at stage 2 use pr/pw/px. */
  readonly pr: boolean; readonly pw: boolean; readonly px: boolean;
  readonly ur: boolean; readonly uw: boolean; readonly ux: boolean;
}

/** Permission bits of a walk result (the walkers compute these, then share one Permissions object per value). */
export const enum Perm { PR = 1, PW = 2, PX = 4, UR = 8, UW = 16, UX = 32 }

/** The 64 possible Permissions, indexed by Perm bits: immutable and shared, so a walk allocates none. */
const PERMISSIONS: readonly Permissions[] = Array.from({ length: 64 }, (_, b) => Object.freeze({
  pr: (b & Perm.PR) !== 0, pw: (b & Perm.PW) !== 0, px: (b & Perm.PX) !== 0,
  ur: (b & Perm.UR) !== 0, uw: (b & Perm.UW) !== 0, ux: (b & Perm.UX) !== 0,
}));

/** Permissions for Perm bits (0..63). */
export function permissions(bits: number): Permissions { return PERMISSIONS[bits & 63]; }

/** Memory attributes in MAIR format plus shareability (0 NS, 2 OS, 3 IS). */
export interface MemAttrs { readonly attr: number; readonly sh: number }

/** Every MemAttrs value (attr 0..255, sh 0..3), immutable and shared, so walks and combinations allocate none. */
const MEM_ATTRS: readonly MemAttrs[] = Array.from({ length: 1024 }, (_, i) => Object.freeze({ attr: i >>> 2, sh: i & 3 }));

/** The shared MemAttrs for (attr, sh). */
export function memAttrs(attr: number, sh: number): MemAttrs { return MEM_ATTRS[((attr & 0xff) << 2) | (sh & 3)]; }

export interface WalkTrace {
  readonly stage: 1 | 2;
  readonly regime: Regime;
  readonly inLo: number;
  readonly inHi: number;
  readonly granule: number;
  readonly startLevel: number;
  readonly steps: WalkStep[];
  /** Output address when the walk succeeded (PA for stage 2 / single stage, IPA for stage 1 under stage 2). */
  out: number;
  /** Last level reached and block/page size in bytes. */
  level: number;
  blockSize: number;
  perms?: Permissions;
  attrs?: MemAttrs;
  /** Descriptor leaf (lo, hi) as read. */
  leafLo: number;
  leafHi: number;
  /**
   * FEAT_HAFDBS: the leaf after the hardware Access flag / dirty-state update the access
   * needs, and where it lives; written only once the access passes its permission checks
   * (QEMU 7.2 and AArch64.S1Translate update the descriptor after the permission check).
   */
  updLo?: number;
  updHi?: number;
  updPa?: number;
  updBe?: boolean;
  /** Stage-1 update under stage 2: the descriptor's IPA and whether stage 2 lets the walk write it. */
  updIpa?: number;
  updS2W?: boolean;
  fault?: WalkFault;
  /** Stage-2 translation of the final IPA (two-stage translations). */
  s2final?: WalkTrace;
}
