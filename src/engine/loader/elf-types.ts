// ELF64 constants and the parsed-image shapes used by the loader (elf.ts).
// Numbers come from the System V gABI and the AArch64 ELF psABI.

export const EI_NIDENT = 16;
export const ELFCLASS32 = 1;
export const ELFCLASS64 = 2;
export const ELFDATA2LSB = 1;
export const ELFDATA2MSB = 2;
export const EV_CURRENT = 1;

export const ET_NONE = 0;
export const ET_REL = 1;
export const ET_EXEC = 2;
export const ET_DYN = 3;
export const ET_CORE = 4;

export const EM_AARCH64 = 183;

export const EHDR_SIZE = 64;
export const PHDR_SIZE = 56;
export const SHDR_SIZE = 64;
export const SYM_SIZE = 24;

export const PT_LOAD = 1;
export const PT_INTERP = 3;
/** e_phnum value meaning "the real count is in section 0's sh_info". */
export const PN_XNUM = 0xffff;

export const PF_X = 1;
export const PF_W = 2;
export const PF_R = 4;

export const SHT_NULL = 0;
export const SHT_SYMTAB = 2;
export const SHT_STRTAB = 3;
export const SHT_NOBITS = 8;
export const SHT_DYNSYM = 11;

export const SHN_UNDEF = 0;
export const SHN_LORESERVE = 0xff00;
export const SHN_ABS = 0xfff1;
export const SHN_COMMON = 0xfff2;
export const SHN_XINDEX = 0xffff;

export const STT_NOTYPE = 0;
export const STT_OBJECT = 1;
export const STT_FUNC = 2;
export const STT_SECTION = 3;
export const STT_FILE = 4;

export const STB_LOCAL = 0;
export const STB_GLOBAL = 1;
export const STB_WEAK = 2;
export const STB_GNU_UNIQUE = 10;

/** Physical addresses must fit the 52-bit PA space the emulator models. */
export const MAX_PADDR_BITS = 52;

/** A PT_LOAD segment. `data` aliases the input bytes (no copy). */
export interface ElfSegment {
  /** Program header index, as printed by `readelf -l`; used in error messages. */
  readonly index: number;
  readonly paddr: number;
  readonly vaddr: bigint;
  /** File bytes, length p_filesz; the rest up to memsz is zero-filled by the loader. */
  readonly data: Uint8Array;
  readonly memsz: number;
  /** PF_R=4, PF_W=2, PF_X=1. */
  readonly flags: number;
}

export type ElfSymbolType = 'func' | 'object' | 'notype' | 'section' | 'file' | 'other';
export type ElfSymbolBind = 'local' | 'global' | 'weak';

export interface ElfSymbol {
  readonly name: string;
  readonly value: bigint;
  readonly size: number;
  readonly type: ElfSymbolType;
  readonly bind: ElfSymbolBind;
  /** st_shndx (SHN_ABS = 0xfff1 etc. kept as-is; SHN_XINDEX resolved). */
  readonly sectionIndex: number;
}

export interface ElfSection {
  readonly name: string;
  readonly type: number;
  readonly flags: bigint;
  readonly addr: bigint;
  readonly offset: number;
  readonly size: number;
  /** File bytes (aliases the input); empty for SHT_NOBITS and SHT_NULL. */
  readonly data: Uint8Array;
}

export interface ElfImage {
  /** 'dyn' = ET_DYN, loaded at its link addresses without relocation. */
  readonly kind: 'exec' | 'dyn';
  readonly entry: bigint;
  readonly segments: readonly ElfSegment[];
  readonly symbols: readonly ElfSymbol[];
  readonly sections: readonly ElfSection[];
  section(name: string): ElfSection | undefined;
}

export interface RamRegion {
  readonly base: number;
  readonly size: number;
}
