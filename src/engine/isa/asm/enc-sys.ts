// Branches, exception generation, hints, barriers, PSTATE and system register
// access, and the SYS aliases (AT, TLBI, DC, IC) by name.

import { build } from './rows';
import { bareName } from './expr';
import { EncCtx, Encoder, count, fail, reg, imm, ranged, CONDS, condCode } from './enc-util';
import { Imm, Operand } from './operands';
import { sysRegText, sysOp } from '../disasm/sysnames';
import { SYSREG_DEFS } from '../../cpu/sysregs/registry';
import { sysRegKey } from '../../cpu/sysregs/types';
import { systemOperationNames } from '../../cpu/sysaccess';

/** Byte offset from the instruction to a label, checked for alignment and range (bits of the scaled field). */
function branchOffset(m: string, ctx: EncCtx, t: Imm, bits: number): number {
  const off = ctx.offset(t);
  if ((off & 3n) !== 0n) fail(`branch target 0x${((ctx.pc + off) & ((1n << 64n) - 1n)).toString(16)} is not 4-byte aligned`, t.col);
  const lim = 1n << BigInt(bits + 1);
  if (off < -lim || off >= lim) {
    const range = bits + 1 >= 20 ? `+-${2 ** (bits + 1 - 20)} MiB` : `+-${2 ** (bits + 1 - 10)} KiB`;
    fail(`branch target out of range for '${m}' (${range}): offset ${off}`, t.col);
  }
  return Number(off >> 2n) & ((1 << bits) - 1);
}

function hasName(op: Operand | undefined): string | undefined {
  return op !== undefined && op.k === 'imm' && !op.hash ? bareName(op.e)?.toLowerCase() : undefined;
}

const HINT_NAMES: Readonly<Record<string, number>> = {
  nop: 0, yield: 1, wfe: 2, wfi: 3, sev: 4, sevl: 5, dgh: 6, xpaclri: 7, pacia1716: 8, pacib1716: 10, autia1716: 12,
  autib1716: 14, esb: 16, csdb: 20, clearbhb: 22, paciaz: 24, paciasp: 25, pacibz: 26, pacibsp: 27,
  autiaz: 28, autiasp: 29, autibz: 30, autibsp: 31,
};
const BARRIER: Readonly<Record<string, number>> = {
  oshld: 1, oshst: 2, osh: 3, nshld: 5, nshst: 6, nsh: 7, ishld: 9, ishst: 10, ish: 11, ld: 13, st: 14, sy: 15,
};
const PSTATE: Readonly<Record<string, [number, number, boolean]>> = {
  uao: [0, 3, true], pan: [0, 4, true], spsel: [0, 5, true], allint: [1, 0, true], ssbs: [3, 1, true], dit: [3, 2, true],
  tco: [3, 4, true], daifset: [3, 6, false], daifclr: [3, 7, false],
};

let regKeys: Map<string, number> | undefined;
function sysRegKeyByName(name: string): number | undefined {
  if (regKeys === undefined) {
    regKeys = new Map();
    for (const d of SYSREG_DEFS) regKeys.set(d.name.toLowerCase(), sysRegKey(d.op0, d.op1, d.crn, d.crm, d.op2));
    for (let k = 0x8000; k < 0x10000; k++) {
      const n = sysRegText(k, false);
      if (!/^s[0-3]_[0-7]_c/.test(n)) regKeys.set(n, k);
    }
    regKeys.set('dbgdtrtx_el0', sysRegKey(2, 3, 0, 5, 0));
  }
  const s = name.toLowerCase();
  const g = /^s([0-3])_([0-7])_c([0-9]|1[0-5])_c([0-9]|1[0-5])_([0-7])$/.exec(s);
  if (g) return sysRegKey(Number(g[1]), Number(g[2]), Number(g[3]), Number(g[4]), Number(g[5]));
  return regKeys.get(s);
}

let opKeys: Map<string, { key: number; xt: boolean }> | undefined;
function sysOpByName(name: string): { key: number; xt: boolean } | undefined {
  if (opKeys === undefined) {
    opKeys = new Map();
    for (let k = 0x4000; k < 0x8000; k++) {
      const o = sysOp(k);
      if (o !== undefined) opKeys.set(o.name, { key: k, xt: o.xt });
    }
    for (const [k, v] of systemOperationNames()) {
      const n = v.toLowerCase();
      if (!opKeys.has(n)) opKeys.set(n, { key: k, xt: !/^tlbi (vmalle1|alle1|alle2|vmalls12e1)(is|os)?nxs$/.test(n) });
    }
  }
  return opKeys.get(name);
}

function crName(m: string, op: Operand, what: string): number {
  const n = hasName(op);
  const g = n === undefined ? null : /^c([0-9]|1[0-5])$/.exec(n);
  if (g === null) return fail(`expected ${what} (C0-C15) in '${m}'`, op.col);
  return Number(g[1]);
}

function sysFields(key: number): Record<string, number> {
  return { op1: (key >>> 11) & 7, CRn: (key >>> 7) & 15, CRm: (key >>> 3) & 15, op2: key & 7 };
}

export const SYS: Readonly<Record<string, Encoder>> = {};
const S = SYS as Record<string, Encoder>;

S.b = (m, ops, ctx, col) => { count(m, ops, col, 1); return build('B', { imm26: branchOffset(m, ctx, imm(m, ops, 0), 26) }); };
S.bl = (m, ops, ctx, col) => { count(m, ops, col, 1); return build('BL', { imm26: branchOffset(m, ctx, imm(m, ops, 0), 26) }); };
for (const c of [...CONDS, 'hs', 'lo']) {
  S[`b.${c}`] = (m, ops, ctx, col) => {
    count(m, ops, col, 1);
    return build('B_cond', { imm19: branchOffset(m, ctx, imm(m, ops, 0), 19), cond: condCode(c)! });
  };
}
for (const c of ['cbz', 'cbnz']) {
  S[c] = (m, ops, ctx, col) => {
    count(m, ops, col, 2);
    const rt = reg(m, ops, 0);
    return build(m.toUpperCase(), { sf: rt.x ? 1 : 0, imm19: branchOffset(m, ctx, imm(m, ops, 1), 19), Rt: rt.n });
  };
}
for (const c of ['tbz', 'tbnz']) {
  S[c] = (m, ops, ctx, col) => {
    count(m, ops, col, 3);
    const rt = reg(m, ops, 0);
    const b = ranged(ctx, imm(m, ops, 1), 0, rt.x ? 63 : 31, 'bit number');
    return build(m.toUpperCase(), { b5: b >>> 5, b40: b & 31, imm14: branchOffset(m, ctx, imm(m, ops, 2), 14), Rt: rt.n });
  };
}
S.br = (m, ops, _c, col) => { count(m, ops, col, 1); return build('BR', { Rn: reg(m, ops, 0, { width: 'x' }).n }); };
S.blr = (m, ops, _c, col) => { count(m, ops, col, 1); return build('BLR', { Rn: reg(m, ops, 0, { width: 'x' }).n }); };
S.ret = (m, ops, _c, col) => { count(m, ops, col, 0, 1); return build('RET', { Rn: ops.length ? reg(m, ops, 0, { width: 'x' }).n : 30 }); };
S.eret = (m, ops, _c, col) => { count(m, ops, col, 0); return build('ERET', {}); };
for (const e of ['svc', 'hvc', 'smc', 'brk', 'hlt']) {
  S[e] = (m, ops, ctx, col) => { count(m, ops, col, 1); return build(m.toUpperCase(), { imm16: ranged(ctx, imm(m, ops, 0), 0, 0xffff) }); };
}
S.udf = (m, ops, ctx, col) => { count(m, ops, col, 1); return ranged(ctx, imm(m, ops, 0), 0, 0xffff); };
for (const [h, n] of Object.entries(HINT_NAMES)) {
  S[h] = (m, ops, _c, col) => { count(m, ops, col, 0); return build('HINT', { CRm: n >>> 3, op2: n & 7 }); };
}
S.hint = (m, ops, ctx, col) => { count(m, ops, col, 1); const n = ranged(ctx, imm(m, ops, 0), 0, 127); return build('HINT', { CRm: n >>> 3, op2: n & 7 }); };
S.bti = (m, ops, _c, col) => {
  count(m, ops, col, 0, 1);
  const t = ops.length ? hasName(ops[0]) : '';
  const v = ({ '': 32, c: 34, j: 36, jc: 38 } as Record<string, number>)[t ?? 'x'];
  if (v === undefined) fail(`'bti' target must be c, j or jc`, ops[0].col);
  return build('HINT', { CRm: v >>> 3, op2: v & 7 });
};
for (const [p, n] of [['psb', 17], ['tsb', 18]] as const) {
  S[p] = (m, ops, _c, col) => {
    count(m, ops, col, 1);
    if (hasName(ops[0]) !== 'csync') fail(`'${m}' takes the operand 'csync'`, ops[0].col);
    return build('HINT', { CRm: n >>> 3, op2: n & 7 });
  };
}
function barrierArg(m: string, ops: Operand[], ctx: EncCtx, col: number, names: boolean): number {
  count(m, ops, col, names ? 1 : 0, 1);
  if (ops.length === 0) return 15;
  const n = hasName(ops[0]);
  if (n !== undefined) {
    const v = BARRIER[n];
    if (v === undefined || (!names && n !== 'sy')) return fail(`unknown barrier option '${n}' for '${m}'`, ops[0].col);
    return v;
  }
  return ranged(ctx, imm(m, ops, 0), 0, 15, 'barrier option');
}
S.dsb = (m, ops, ctx, col) => build('DSB', { CRm: barrierArg(m, ops, ctx, col, true) });
S.dmb = (m, ops, ctx, col) => build('DMB', { CRm: barrierArg(m, ops, ctx, col, true) });
S.isb = (m, ops, ctx, col) => build('ISB', { CRm: barrierArg(m, ops, ctx, col, false) });
S.clrex = (m, ops, ctx, col) => { count(m, ops, col, 0, 1); return build('CLREX', { CRm: ops.length ? ranged(ctx, imm(m, ops, 0), 0, 15) : 15 }); };
S.ssbb = (m, ops, _c, col) => { count(m, ops, col, 0); return build('DSB', { CRm: 0 }); };
S.pssbb = (m, ops, _c, col) => { count(m, ops, col, 0); return build('DSB', { CRm: 4 }); };
S.sb = (m, ops, _c, col) => { count(m, ops, col, 0); return build('SB', {}); };
for (const [n, op2] of [['cfinv', 0], ['xaflag', 1], ['axflag', 2]] as const) {
  S[n] = (m, ops, _c, col) => { count(m, ops, col, 0); return build('MSR_imm', { op1: 0, CRm: 0, op2 }); };
}
for (const n of ['smstart', 'smstop']) {
  S[n] = (m, ops, _c, col) => {
    count(m, ops, col, 0, 1);
    const t = ops.length ? hasName(ops[0]) : '';
    const base = t === 'sm' ? 2 : t === 'za' ? 4 : t === '' ? 6 : -1;
    if (base < 0) fail(`'${m}' takes sm or za`, ops[0].col);
    return build('MSR_imm', { op1: 3, CRm: base + (m === 'smstart' ? 1 : 0), op2: 3 });
  };
}
S.msr = (m, ops, ctx, col) => {
  count(m, ops, col, 2);
  const name = hasName(ops[0]);
  if (name === undefined) return fail(`first operand of 'msr' must be a system register or PSTATE field name`, ops[0].col);
  if (ops[1].k === 'imm') {
    const p = PSTATE[name];
    const g = /^s0_([0-7])_c4_c([0-9]|1[0-5])_([0-7])$/.exec(name);
    if (p === undefined && g === null) return fail(`'${name}' is not a PSTATE field (pan, spsel, daifset, ...)`, ops[0].col);
    const v = ranged(ctx, imm(m, ops, 1), 0, p !== undefined && p[2] ? 1 : 15);
    if (p !== undefined) return build('MSR_imm', { op1: p[0], CRm: v, op2: p[1] });
    return build('MSR_imm', { op1: Number(g![1]), CRm: v, op2: Number(g![3]) });
  }
  const key = sysRegKeyByName(name);
  const rt = reg(m, ops, 1, { width: 'x' });
  if (key !== undefined && key >>> 14 === 0 && ((key >>> 7) & 15) === 4 && rt.n === 31) {
    // s0_<op1>_c4_c<m>_<op2>, xzr: the MSR (immediate) space written generically
    return build('MSR_imm', { op1: (key >>> 11) & 7, CRm: (key >>> 3) & 15, op2: key & 7 });
  }
  if (key === undefined || key < 0x8000) return fail(`unknown system register '${name}'`, ops[0].col);
  return build('MSR_reg', { o0: (key >>> 14) & 1, ...sysFields(key), Rt: rt.n });
};
S.mrs = (m, ops, _c, col) => {
  count(m, ops, col, 2);
  const rt = reg(m, ops, 0, { width: 'x' });
  const name = hasName(ops[1]);
  const key = name === undefined ? undefined : sysRegKeyByName(name === 'dbgdtrtx_el0' ? '' : name);
  if (key === undefined || key < 0x8000) return fail(name === undefined ? `second operand of 'mrs' must be a system register name` : `unknown system register '${name}'`, ops[1].col);
  return build('MRS', { o0: (key >>> 14) & 1, ...sysFields(key), Rt: rt.n });
};
S.sys = (m, ops, ctx, col) => {
  count(m, ops, col, 4, 5);
  const op1 = ranged(ctx, imm(m, ops, 0), 0, 7, 'op1');
  const crn = crName(m, ops[1], 'Cn'), crm = crName(m, ops[2], 'Cm');
  const op2 = ranged(ctx, imm(m, ops, 3), 0, 7, 'op2');
  const rt = ops.length === 5 ? reg(m, ops, 4, { width: 'x' }).n : 31;
  return build('SYS', { op1, CRn: crn, CRm: crm, op2, Rt: rt });
};
S.sysl = (m, ops, ctx, col) => {
  count(m, ops, col, 5);
  const rt = reg(m, ops, 0, { width: 'x' }).n;
  const op1 = ranged(ctx, imm(m, ops, 1), 0, 7, 'op1');
  const crn = crName(m, ops[2], 'Cn'), crm = crName(m, ops[3], 'Cm');
  const op2 = ranged(ctx, imm(m, ops, 4), 0, 7, 'op2');
  return build('SYSL', { op1, CRn: crn, CRm: crm, op2, Rt: rt });
};
for (const k of ['at', 'tlbi', 'dc', 'ic', 'cfp', 'dvp', 'cpp']) {
  S[k] = (m, ops, _c, col) => {
    count(m, ops, col, 1, 2);
    const n = hasName(ops[0]);
    const o = n === undefined ? undefined : sysOpByName(`${m} ${n}`);
    if (o === undefined) return fail(n === undefined ? `first operand of '${m}' must be an operation name` : `unknown ${m} operation '${n}'`, ops[0].col);
    if (o.xt && ops.length !== 2) fail(`'${m} ${n}' needs a register operand`, col);
    if (!o.xt && ops.length !== 1) fail(`'${m} ${n}' takes no register operand`, ops[1].col);
    const rt = ops.length === 2 ? reg(m, ops, 1, { width: 'x' }).n : 31;
    return build('SYS', { ...sysFields(o.key), Rt: rt });
  };
}
