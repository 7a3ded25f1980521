// Walker throughput in-process: single-stage 4-level 4K walks and 2-D walks
// (stage 1 four levels under a three-level stage 2), random VAs over 256
// random 2 MiB regions mapped with 4 KiB pages (the perf-anchors bench2 shape).
// One configuration per process (argv[2]: single, twoD, walkerSingle, walkerTwoD),
// as perf-anchors bench2 measures its variants: the JIT's feedback from one
// configuration does not shape the code another one is measured with.
const { Machine, AArch64_FullTranslate, AArch64_S1Walk, emptyTrace, s1Setup, s2Setup, AccessKind, Regime, R, sysRegIndex } = require('../dist/engine.js');

const m = new Machine({ output: () => {}, memoryMiB: 512 });
const mem = m.mem, pe = m.pes[0];
const dv = mem.dv, base = mem.ramBase;
let next = 0x48000000; // table pool
const alloc = () => { const a = next; next += 4096; return a; };
const w64 = (pa, lo, hi) => { dv.setUint32(pa - base, lo >>> 0, true); dv.setUint32(pa - base + 4, hi >>> 0, true); };
const r32 = (pa) => dv.getUint32(pa - base, true);
let seed = 12345;
const rnd = () => { seed = (seed * 1103515245 + 12345) >>> 0; return seed; };

// Stage 1: 48-bit VA, 256 regions of 512 pages each, output PAs in RAM.
const l0 = alloc();
function ensureTable(table, index) {
  const pa = table + index * 8;
  const lo = r32(pa);
  if (lo & 1) return (lo & ~0xfff) >>> 0;
  const t = alloc();
  w64(pa, t | 3, 0);
  return t;
}
const regions = [];
for (let i = 0; i < 256; i++) {
  const vaRegion = (rnd() % 0x7fff) * 0x200000 + 0x100000000; // above 4 GiB
  regions.push(vaRegion);
  const i0 = Math.floor(vaRegion / 2 ** 39) % 512, i1 = Math.floor(vaRegion / 2 ** 30) % 512, i2 = Math.floor(vaRegion / 2 ** 21) % 512;
  const l1 = ensureTable(l0, i0), l2 = ensureTable(l1, i1), l3 = ensureTable(l2, i2);
  for (let p = 0; p < 512; p++) w64(l3 + p * 8, (0x40000000 + ((rnd() % 0x8000) << 12)) | 0x703, 0);
}
// Stage 2: 40-bit IPA from level 1 with 4 KiB pages for all of RAM 0x40000000-0x5fffffff.
next = Math.ceil(next / 8192) * 8192; // 40-bit IPA from level 1: two concatenated tables, 8 KiB aligned
const s2l1 = alloc(); alloc();
for (let ipa = 0x40000000; ipa < 0x60000000; ipa += 0x200000) {
  const s2l2 = ensureTable(s2l1, Math.floor(ipa / 2 ** 30));
  const s2l3 = ensureTable(s2l2, Math.floor(ipa / 2 ** 21) % 512);
  for (let p = 0; p < 512; p++) w64(s2l3 + p * 8, (ipa + p * 4096) | 0x4ff, 0); // S2AP RW, WB, AF, page
}
const set = (name, lo, hi) => pe.sys.set(sysRegIndex(name), lo, hi);
set('MAIR_EL1', 0xff, 0);
set('TCR_EL1', 0x00003510 | (1 << 23), 5); // T0SZ=16, 4K, IPS=40, EPD1
set('TTBR0_EL1', l0, 0);
set('SCTLR_EL1', 1, 0);
set('VTCR_EL2', 0x80023558, 0);
set('VTTBR_EL2', s2l1, 0);
pe.el = 1;
const vas = new Float64Array(1 << 16);
for (let i = 0; i < vas.length; i++) vas[i] = regions[rnd() % 256] + (rnd() % 0x200000);
const vlo = new Int32Array(vas.length), vhi = new Int32Array(vas.length);
for (let i = 0; i < vas.length; i++) { vlo[i] = vas[i] % 4294967296 | 0; vhi[i] = Math.floor(vas[i] / 4294967296); }
const acc = { kind: AccessKind.READ, unpriv: false, pan: false };
function run(label, hcr, n) {
  pe.sys.set(R.HCR_EL2, hcr, 0);
  let sum = 0;
  // The sum of outputs keeps the walks live; a local accumulator, as a closure variable holding a
  // double would be boxed on every iteration.
  const go = (count) => {
    let s = 0;
    for (let i = 0; i < count; i++) {
      const j = i & 0xffff;
      const t = AArch64_FullTranslate(pe, mem, Regime.EL10, vlo[j], vhi[j], acc, true, true, false);
      if (t.fault) throw new Error(`${label}: fault at ${vas[j].toString(16)}: ${JSON.stringify(t.fault)}`);
      s += t.pa;
    }
    return s;
  };
  sum += go(200000);
  const t0 = process.hrtime.bigint();
  sum += go(n);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { rate: n / s, checksum: sum };
}
/** The walker alone (AArch64_S1Walk with prepared parameters, no trace recording, a reused trace as TLB refills have). */
function walker(label, hcr, n) {
  pe.sys.set(R.HCR_EL2, hcr, 0);
  const p1 = s1Setup(pe, Regime.EL10, vlo[0], vhi[0], false);
  const p2 = (hcr & 1) ? s2Setup(pe) : undefined;
  const env = { mem, inspect: true, write: false, ptwDevice: false, record: false };
  const scratch = emptyTrace();
  let sum = 0;
  const go = (count) => {
    let s = 0;
    for (let i = 0; i < count; i++) { const j = i & 0xffff; const t = AArch64_S1Walk(env, p1, vlo[j], vhi[j], p2, scratch); if (t.fault) throw new Error(label); s += t.out; }
    return s;
  };
  sum += go(200000);
  const t0 = process.hrtime.bigint();
  sum += go(n);
  const s = Number(process.hrtime.bigint() - t0) / 1e9;
  return { rate: n / s, checksum: sum };
}
const configs = {
  single: () => run('single-stage', 0x80000000, 2_000_000),
  twoD: () => run('2-D', 0x80000001, 600_000),
  walkerSingle: () => walker('walker single', 0x80000000, 5_000_000),
  walkerTwoD: () => walker('walker 2-D', 0x80000001, 1_000_000),
};
const what = process.argv[2];
if (!(what in configs)) { console.error(`usage: measure-walk.cjs ${Object.keys(configs).join('|')}`); process.exit(2); }
const r = configs[what]();
// The checksum (sum of output addresses) keeps every walk's result in use.
console.log(JSON.stringify({ [what]: r.rate, checksum: r.checksum }));
