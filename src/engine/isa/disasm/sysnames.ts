// Names for MRS/MSR system registers and SYS operations as objdump 2.40 prints
// them: the nvdbg registry (cpu/sysregs) and systemOperationNames() first,
// corrected to objdump's repertoire (extra names it knows, names it lacks).

import { SYSREG_DEFS } from '../../cpu/sysregs/registry';
import { sysRegKey } from '../../cpu/sysregs/types';
import { systemOperationNames } from '../../cpu/sysaccess';
import { EXTRA_SYSREG_NAMES, GENERIC_IN_OBJDUMP } from './sysreg-extra';

let regNames: Map<number, string> | undefined;

function buildRegNames(): Map<number, string> {
  const m = new Map<number, string>();
  for (const d of SYSREG_DEFS) m.set(sysRegKey(d.op0, d.op1, d.crn, d.crm, d.op2), d.name.toLowerCase());
  for (const tok of EXTRA_SYSREG_NAMES.trim().split(/\s+/)) {
    const [k, name] = tok.split(':');
    m.set(parseInt(k, 16), name);
  }
  for (const k of GENERIC_IN_OBJDUMP) m.delete(k);
  return m;
}

/** `key` = bits [20:5] of an MRS/MSR word (op0:op1:CRn:CRm:op2). */
export function sysRegText(key: number, isWrite: boolean): string {
  regNames ??= buildRegNames();
  // The one encoding with different read and write names (DBGDTRRX_EL0 / DBGDTRTX_EL0).
  if (isWrite && key === sysRegKey(2, 3, 0, 5, 0)) return 'dbgdtrtx_el0';
  const n = regNames.get(key);
  if (n !== undefined) return n;
  return `s${key >>> 14}_${(key >>> 11) & 7}_c${(key >>> 7) & 15}_c${(key >>> 3) & 15}_${key & 7}`;
}

// SYS operations objdump 2.40 names beyond those nvdbg implements (MTE and
// EL3 forms, RME, prediction restriction), as [op1, CRn, CRm, op2, name].
const EXTRA_OPS: readonly (readonly [number, number, number, number, string])[] = [
  [0, 7, 6, 3, 'dc igvac'], [0, 7, 6, 4, 'dc igsw'], [0, 7, 6, 5, 'dc igdvac'], [0, 7, 6, 6, 'dc igdsw'],
  [0, 7, 10, 4, 'dc cgsw'], [0, 7, 10, 6, 'dc cgdsw'], [0, 7, 14, 4, 'dc cigsw'], [0, 7, 14, 6, 'dc cigdsw'],
  [3, 7, 3, 4, 'cfp rctx'], [3, 7, 3, 5, 'dvp rctx'], [3, 7, 3, 7, 'cpp rctx'],
  [3, 7, 4, 3, 'dc gva'], [3, 7, 4, 4, 'dc gzva'],
  [3, 7, 10, 3, 'dc cgvac'], [3, 7, 10, 5, 'dc cgdvac'], [3, 7, 12, 3, 'dc cgvap'], [3, 7, 12, 5, 'dc cgdvap'],
  [3, 7, 13, 3, 'dc cgvadp'], [3, 7, 13, 5, 'dc cgdvadp'], [3, 7, 14, 3, 'dc cigvac'], [3, 7, 14, 5, 'dc cigdvac'],
  [6, 7, 14, 1, 'dc cipapa'], [6, 7, 14, 5, 'dc cigdpapa'],
  [6, 8, 1, 0, 'tlbi alle3os'], [6, 8, 1, 1, 'tlbi vae3os'], [6, 8, 1, 4, 'tlbi paallos'], [6, 8, 1, 5, 'tlbi vale3os'],
  [6, 8, 2, 1, 'tlbi rvae3is'], [6, 8, 2, 5, 'tlbi rvale3is'],
  [6, 8, 3, 0, 'tlbi alle3is'], [6, 8, 3, 1, 'tlbi vae3is'], [6, 8, 3, 5, 'tlbi vale3is'],
  [6, 8, 4, 3, 'tlbi rpaos'], [6, 8, 4, 7, 'tlbi rpalos'], [6, 8, 5, 1, 'tlbi rvae3os'], [6, 8, 5, 5, 'tlbi rvale3os'],
  [6, 8, 6, 1, 'tlbi rvae3'], [6, 8, 6, 5, 'tlbi rvale3'],
  [6, 8, 7, 0, 'tlbi alle3'], [6, 8, 7, 1, 'tlbi vae3'], [6, 8, 7, 4, 'tlbi paall'], [6, 8, 7, 5, 'tlbi vale3'],
];

/** Operations that take no register operand (objdump then ignores Rt). */
const NO_XT = /^(ic iallu|ic ialluis|tlbi (vmalle1|alle1|alle2|alle3|vmalls12e1|paall)(is|os)?)$/;

export interface SysOp { readonly name: string; readonly xt: boolean }
let ops: Map<number, SysOp> | undefined;

function buildOps(): Map<number, SysOp> {
  const m = new Map<number, SysOp>();
  const add = (key: number, name: string): void => { m.set(key, { name, xt: !NO_XT.test(name) }); };
  for (const [k, v] of systemOperationNames()) {
    const name = v.toLowerCase();
    if (name.endsWith('nxs')) continue; // FEAT_XS names: objdump 2.40 prints these as `sys`
    add(k, name);
  }
  for (const [op1, crn, crm, op2, name] of EXTRA_OPS) add(sysRegKey(1, op1, crn, crm, op2), name);
  return m;
}

/** The named operation of a SYS word (`key` as for sysRegText, op0 = 1), if objdump names it. */
export function sysOp(key: number): SysOp | undefined {
  ops ??= buildOps();
  return ops.get(key);
}
