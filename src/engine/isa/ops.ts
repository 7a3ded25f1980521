// Dense operation numbers for the interpreter's switch (perf-anchors §2.2: a
// switch over small integers lets V8 build a jump table). One number may serve
// several encoding rows whose semantics differ only in fields the execute code
// reads from the word itself. 0 means "not decoded yet" in the decode cache.
export const enum Op {
  NONE = 0,
  UNDEF,
  // data processing, immediate
  ADR, ADRP, ADD_IMM, ADDS_IMM, SUB_IMM, SUBS_IMM, AND_IMM, ORR_IMM, EOR_IMM, ANDS_IMM,
  MOVN, MOVZ, MOVK, SBFM, BFM, UBFM, EXTR,
  // branches, exceptions, system
  B_COND, SVC, HVC, SMC, BRK, HLT, HINT, CLREX, BARRIER, MSR_IMM, SYS, SYSL, MSR_REG, MRS,
  BR, BLR, RET, ERET, B, BL, CBZ, CBNZ, TBZ, TBNZ,
  // loads and stores
  STXR, LDXR, STXP, LDXP, STLR, LDAR, CAS, CASP, LDOP, SWP, LDR_LIT, PRFM,
  LDSTP_OFF, LDSTP_POST, LDSTP_PRE, LDST_UIMM, LDST_REG, LDST_UNSCALED, LDST_POST, LDST_PRE,
  LDST_UNPRIV, LDST_RCPC,
  // data processing, register
  LOGIC_SHIFT, ADDSUB_SHIFT, ADDSUB_EXT, ADC_SBC, CCMP, CSEL, MADD, MADDL, MULH, DIV, SHIFTV,
  CRC32, RBIT, REV, CLZ, CLS,
  COUNT,
}
