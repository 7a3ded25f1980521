// Fault status codes and abort syndromes (Arm ARM D23.2.41 ESR_ELx ISS
// encodings for Data/Instruction Aborts). Faults are values that the
// interpreter turns into exceptions; nothing here throws.

/** DFSC/IFSC values (ISS[5:0]). */
export const enum FSC {
  ADDR_SIZE_L0 = 0x00, TRANSLATION_L0 = 0x04, ACCESS_L0 = 0x08, PERMISSION_L0 = 0x0c,
  SEA = 0x10, SEA_TTW_L0 = 0x14, ALIGNMENT = 0x21,
}

/** Memory access kinds (bit set). */
export const enum Acc {
  READ = 1,
  WRITE = 2,
  /** Exclusive, acquire/release or atomic: alignment is checked whatever the memory type. */
  ALIGNED = 4,
  /** LDTR/STTR: permission checks as EL0. */
  UNPRIV = 8,
  FETCH = 16,
  /** Atomic read-modify-write: faults report WnR=1 (QEMU reports the store side). */
  RMW = 32,
  /** DC ZVA / cache maintenance: CM=1 in the syndrome. */
  CM = 64,
}

/** Data Abort ISS without instruction syndrome (ISV=0): WnR, CM, S1PTW, EA, FnV and the FSC. */
export function dataAbortIss(fsc: number, write: boolean, cm: boolean, s1ptw: boolean, ea: boolean, fnv: boolean): number {
  return (fnv ? 1 << 10 : 0) | (ea ? 1 << 9 : 0) | (cm ? 1 << 8 : 0) | (s1ptw ? 1 << 7 : 0) | (write && !cm ? 1 << 6 : 0) | (cm && write ? 1 << 6 : 0) | (fsc & 0x3f);
}
