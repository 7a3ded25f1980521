// Custom DAP requests of nvdbg (DESIGN.md), typed once here for the adapter,
// the extension and the webview. Addresses and 64-bit values travel as
// '0x…' strings: exact, and JSON has no 64-bit integers.

export type RegimeName = 'el10' | 'el2' | 'el20';

/** `nvdbg/translate`: a what-if translation (inspection only; nothing in the machine changes). */
export interface TranslateArguments {
  /** Virtual address. */
  va: string;
  /** Translation regime; default: the current one of the vCPU. */
  regime?: RegimeName;
  access?: 'read' | 'write' | 'fetch';
  /** Check with EL0 permissions. */
  unprivileged?: boolean;
  /** Apply PSTATE.PAN for privileged data accesses. */
  pan?: boolean;
  /** Register values to use instead of the live ones (e.g. TCR_EL1, TTBR0_EL1, HCR_EL2, SCTLR_EL1). */
  overrides?: Record<string, string>;
  /** vCPU (thread id); default 0. */
  cpu?: number;
}

export interface WalkStepJson {
  stage: 1 | 2; level: number; tableAddress: string; index: number;
  descriptorAddress: string; descriptorPa: string | null; descriptor: string;
  kind: 'invalid' | 'table' | 'block' | 'page' | 'reserved';
  s2?: WalkJson;
}

export interface WalkJson {
  stage: 1 | 2; regime: RegimeName; input: string; granule: number; startLevel: number;
  steps: WalkStepJson[];
  output?: string; level: number; blockSize: string;
  permissions?: string; attributes?: { attr: string; sh: number };
  fault?: { type: string; level: number; stage: 1 | 2; s1ptw: boolean; fsc: string; ipa?: string; text: string };
  finalStage2?: WalkJson;
}

export interface TranslateResponseBody {
  regime: RegimeName;
  stage1: WalkJson | null;
  stage2: WalkJson | null;
  /** Output PA when the translation succeeds. */
  pa: string | null;
  fault: string | null;
  /** The PAR_EL1 an AT with the same access would produce, and its decoding. */
  par: string;
  parText: string;
}

/** `nvdbg/pageTable`: one translation table, paged (lazy trees in the webview). */
export interface PageTableArguments {
  /**
   * Which tables: a stage-1 regime, stage 2 ('s2'), or a shadow stage-2 MMU of the host
   * model ('shadow' with `mmu`). In nested mode the regimes and 's2' are the guest's.
   */
  regime: RegimeName | 's2' | 'shadow';
  /** Shadow MMU index (regime 'shadow'). */
  mmu?: number;
  /** Stage-1 two-range regimes: which TTBR (0 or 1). */
  ttbr?: 0 | 1;
  /** A table's PA and level to list; default: the start table of the regime. */
  table?: string;
  level?: number;
  start?: number;
  count?: number;
  cpu?: number;
}

export interface PageTableEntryJson {
  index: number;
  descriptorPa: string;
  descriptor: string;
  kind: 'invalid' | 'table' | 'block' | 'page' | 'reserved';
  /** Next-level table (kind 'table') or output address (block/page). */
  address?: string;
  /** Input address range this entry covers, relative to the table's base input address. */
  inputOffset: string;
  size: string;
}

export interface PageTableResponseBody {
  table: string; level: number; granule: number; entriesTotal: number;
  entries: PageTableEntryJson[];
  /** Why the regime has no tables to show (stage 1 off, bad configuration). */
  note?: string;
}

/** `nvdbg/shadowMmus`: the host's shadow stage-2 MMUs (nested mode). */
export interface ShadowMmusResponseBody {
  nested: boolean;
  mmus: {
    index: number;
    /** The guest stage-2 context it shadows: VTTBR_EL2 (CnP masked) and VTCR_EL2 as the guest hypervisor wrote them. */
    vttbr: string; vtcr: string;
    /** The host's VMID for this MMU, and the guest VMID (from vttbr). */
    vmid: number; guestVmid: number;
    valid: boolean;
    /** The guest's HCR_EL2.VM when the MMU was taken (nested_stage2_enabled). */
    enabled: boolean;
    refcount: number; pendingUnmap: boolean;
    /** PA of the shadow root table; mapped pages; coalesced ranges L2 IPA -> PA. */
    root: string; pages: number;
    ranges: { ipa: string; pa: string; size: string }[];
  }[];
  note?: string;
}

/** `nvdbg/atWalks`: the most recent AT instructions with their walks, newest first (the 2-D walk view). */
export interface AtWalksArguments { cpu?: number; count?: number }
export interface AtWalkJson {
  /** 'host' = emulated by the host model for a guest hypervisor at vEL2; 'pe' = executed by the PE. */
  source: 'host' | 'pe';
  cpu: number; op: string; va: string; regime: RegimeName;
  par: string | null; parText: string;
  /** Host emulations: fast/slow path and why, the architectural PAR, divergence. */
  path?: string; reason?: string; archPar?: string | null; divergent?: boolean;
  stage1: WalkJson | null; stage2: WalkJson | null;
}
export interface AtWalksResponseBody { walks: AtWalkJson[] }
