// The generic timers as software sees them (Arm ARM D11.2.4 "The AArch64 view of the timers"):
// TVAL is CVAL minus the timer's count as a signed 32-bit value, writing TVAL sets CVAL, and
// CTL.ISTATUS is computed: the timer is enabled and its count has reached CVAL. Interrupts are
// not modelled, so a met condition is only visible in ISTATUS. Shared by the PE's registers
// (sysaccess.ts) and the host model's virtual EL2 file (host/host.ts), each with its own storage.
import { SYSREG_DEFS } from './sysregs/registry';

/** Register storage: a SysRegFile (the PE's, or a vCPU's virtual EL2 file). */
export interface TimerFile {
  lo(i: number): number;
  hi(i: number): number;
  set(i: number, lo: number, hi: number): void;
}

const index = (name: string): number => SYSREG_DEFS.findIndex((d) => d.name === name);

/** One timer's registers and whether it counts the virtual count. */
export interface TimerRegs { readonly ctl: number; readonly cval: number; readonly tval: number; readonly virt: boolean }

/**
 * The four EL1/EL2 timers of a PE without EL3. The EL2 virtual timer (FEAT_VHE) compares against
 * the count with no virtual offset (QEMU 7.2 applies CNTVOFF_EL2 to the EL1 virtual timer only).
 */
export const TIMERS: readonly TimerRegs[] = [
  { ctl: index('CNTP_CTL_EL0'), cval: index('CNTP_CVAL_EL0'), tval: index('CNTP_TVAL_EL0'), virt: false },
  { ctl: index('CNTV_CTL_EL0'), cval: index('CNTV_CVAL_EL0'), tval: index('CNTV_TVAL_EL0'), virt: true },
  { ctl: index('CNTHP_CTL_EL2'), cval: index('CNTHP_CVAL_EL2'), tval: index('CNTHP_TVAL_EL2'), virt: false },
  { ctl: index('CNTHV_CTL_EL2'), cval: index('CNTHV_CVAL_EL2'), tval: index('CNTHV_TVAL_EL2'), virt: false },
];
const CNTVOFF_EL2 = index('CNTVOFF_EL2');

/** Per register index: the timer whose CTL or TVAL register it is. */
const TIMER_OF: readonly (TimerRegs | undefined)[] = SYSREG_DEFS.map((_, i) => TIMERS.find((t) => t.ctl === i || t.tval === i));

/** The timer whose CTL or TVAL register `idx` is, if any. */
export function timerOf(idx: number): TimerRegs | undefined { return TIMER_OF[idx]; }

const M64 = (1n << 64n) - 1n;
const u64 = (lo: number, hi: number): bigint => (BigInt(hi >>> 0) << 32n) | BigInt(lo >>> 0);

/** The count timer `t` compares against: the physical counter, less CNTVOFF_EL2 for the EL1 virtual timer. */
function timerCount(f: TimerFile, t: TimerRegs, counter: number): bigint {
  const c = BigInt(counter);
  return t.virt ? (c - u64(f.lo(CNTVOFF_EL2), f.hi(CNTVOFF_EL2))) & M64 : c;
}

/**
 * MRS of timer `t`'s CTL or TVAL register `idx` (file `f`, counter value `counter`): [lo, hi].
 * TVAL = (CVAL - count)[31:0], bits [63:32] RES0; CTL with ISTATUS = ENABLE and count >= CVAL
 * (ISTATUS reads 0 while the timer is disabled, as QEMU 7.2 gives it).
 */
export function timerRead(f: TimerFile, t: TimerRegs, idx: number, counter: number): [number, number] {
  const count = timerCount(f, t, counter);
  const cval = u64(f.lo(t.cval), f.hi(t.cval));
  if (idx === t.tval) return [Number((cval - count) & 0xffffffffn) | 0, 0];
  const ctl = f.lo(t.ctl) & 3;
  const met = (ctl & 1) === 1 && count >= cval;
  return [ctl | (met ? 4 : 0), 0];
}

/** MSR of timer `t`'s CTL or TVAL register `idx`: CTL keeps ENABLE and IMASK; TVAL sets CVAL = count + SignExtend(TVAL[31:0]). */
export function timerWrite(f: TimerFile, t: TimerRegs, idx: number, lo: number, counter: number): void {
  if (idx === t.ctl) { f.set(t.ctl, lo & 3, 0); return; }
  const cval = (timerCount(f, t, counter) + BigInt(lo | 0)) & M64;
  f.set(t.cval, Number(cval & 0xffffffffn) | 0, Number(cval >> 32n) | 0);
}
