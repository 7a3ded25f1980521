// Human descriptions of exception syndromes for traces and the debugger.
const EC_NAMES: Record<number, string> = {
  0x00: 'UNDEFINED instruction', 0x01: 'WFI/WFE trapped', 0x0e: 'illegal execution state', 0x15: 'SVC',
  0x16: 'HVC', 0x17: 'SMC', 0x18: 'MSR/MRS/system instruction trapped', 0x1a: 'ERET trapped',
  0x20: 'instruction abort from a lower EL', 0x21: 'instruction abort, same EL', 0x22: 'PC alignment fault',
  0x24: 'data abort from a lower EL', 0x25: 'data abort, same EL', 0x26: 'SP alignment fault', 0x3c: 'BRK',
};

const FSC_NAMES: Record<number, string> = {
  0x10: 'synchronous external abort', 0x21: 'alignment fault', 0x30: 'TLB conflict abort',
};

export function fscName(fsc: number): string {
  const level = fsc & 3;
  switch (fsc & 0x3c) {
    case 0x00: return `address size fault, level ${level}`;
    case 0x04: return `translation fault, level ${level}`;
    case 0x08: return `access flag fault, level ${level}`;
    case 0x0c: return `permission fault, level ${level}`;
    case 0x14: return `synchronous external abort on table walk, level ${level}`;
    default: return FSC_NAMES[fsc] ?? `fault status 0x${fsc.toString(16)}`;
  }
}

export function describeException(ec: number, esr: number): string {
  const name = EC_NAMES[ec] ?? `EC 0x${ec.toString(16)}`;
  if (ec >= 0x20 && ec <= 0x25 && ec !== 0x22 && ec !== 0x23) {
    const wnr = ec >= 0x24 && ((esr >>> 6) & 1) === 1 ? ' (write)' : ec >= 0x24 ? ' (read)' : '';
    return `${name}: ${fscName(esr & 0x3f)}${wnr}`;
  }
  if (ec === 0x15 || ec === 0x16 || ec === 0x17 || ec === 0x3c) return `${name} #0x${(esr & 0xffff).toString(16)}`;
  return name;
}
