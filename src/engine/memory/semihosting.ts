// Arm semihosting (Semihosting for AArch32 and AArch64, v2.0) through HLT #0xF000:
// W0 = operation, X1 = parameter (a pointer to a parameter block of 64-bit
// words for most operations). Console I/O only: nvdbg does not give guests
// access to the host file system. Time is derived from retired instructions,
// so output is deterministic.
import type { Core } from '../isa/execute';
import { Stop } from '../isa/execute';

export const enum SemihostOp {
  OPEN = 0x01, CLOSE = 0x02, WRITEC = 0x03, WRITE0 = 0x04, WRITE = 0x05, READ = 0x06, READC = 0x07,
  ISERROR = 0x08, ISTTY = 0x09, SEEK = 0x0a, FLEN = 0x0c, CLOCK = 0x10, TIME = 0x11, ERRNO = 0x13,
  GET_CMDLINE = 0x15, HEAPINFO = 0x16, EXIT = 0x18, EXIT_EXTENDED = 0x20, ELAPSED = 0x30, TICKFREQ = 0x31,
}

const ADP_STOPPED_APPLICATION_EXIT = 0x20026;
/** Ticks per second reported by SYS_TICKFREQ and used by SYS_CLOCK: one tick per instruction at a nominal 100 MIPS. */
export const SEMIHOST_TICKFREQ = 100_000_000;

export interface SemihostEnv {
  /** Console output (stdout of `nvdbg run`, the debug console in the adapter). */
  write(bytes: Uint8Array): void;
  /** Next console input byte, or -1 at end of input. */
  readChar(): number;
  /** Heap and stack for SYS_HEAPINFO: [heapBase, heapLimit, stackBase, stackLimit]. */
  heapInfo(): [number, number, number, number];
  /** The program exits with `code`. */
  exit(code: number): void;
  /** An unsupported call: report it. */
  error(message: string): void;
}

/** Handles open on the console (":tt"); 0-2 are pre-opened as in QEMU 7.2. */
const CONSOLE_HANDLES = new Set([0, 1, 2]);

export function semihostingCall(core: Core, env: SemihostEnv): Stop | undefined {
  const x = core.x;
  const op = x[0];
  const pLo = x[2], pHi = x[3];
  const ret = (v: number): undefined => { x[0] = v | 0; x[1] = v < 0 ? -1 : 0; return undefined; };
  const word = (i: number): number | undefined => {
    const t = (pLo >>> 0) + 8 * i;
    const b = core.readVirtual(t | 0, (pHi + Math.floor(t / 4294967296)) | 0, 8);
    if (b === undefined) return undefined;
    const lo = (b[0] | (b[1] << 8) | (b[2] << 16) | (b[3] << 24)) >>> 0;
    const hi = (b[4] | (b[5] << 8) | (b[6] << 16) | (b[7] << 24)) >>> 0;
    return hi * 4294967296 + lo; // exact for addresses and lengths below 2^53
  };
  const bad = (what: string): Stop => { env.error(`semihosting ${what}: parameter block at ${hexAddr(pLo, pHi)} is not readable`); return Stop.ERROR; };
  switch (op) {
    case SemihostOp.WRITEC: {
      const b = core.readVirtual(pLo, pHi, 1);
      if (b === undefined) return bad('SYS_WRITEC');
      env.write(b);
      return undefined;
    }
    case SemihostOp.WRITE0: {
      // The string up to its NUL, read a page at a time (one translation a page); where a whole
      // page's rest cannot be read (it ends in a hole or a device), byte by byte up to the NUL.
      const parts: Uint8Array[] = [];
      let lo = pLo, hi = pHi, total = 0;
      for (;;) {
        const n = 4096 - (lo & 0xfff);
        const b = core.readVirtual(lo, hi, n) ?? core.readVirtual(lo, hi, 1);
        if (b === undefined) return bad('SYS_WRITE0');
        const end = b.indexOf(0);
        parts.push(end < 0 ? b : b.subarray(0, end));
        total += end < 0 ? b.length : end;
        if (end >= 0) break;
        const t = (lo >>> 0) + b.length;
        lo = t | 0; if (t > 0xffffffff) hi = (hi + 1) | 0;
        if (total > 1 << 24) { env.error('semihosting SYS_WRITE0: string longer than 16 MiB (missing NUL?)'); return Stop.ERROR; }
      }
      const out = new Uint8Array(total);
      let o = 0;
      for (const p of parts) { out.set(p, o); o += p.length; }
      env.write(out);
      return undefined;
    }
    case SemihostOp.WRITE: {
      const h = word(0), buf = word(1), len = word(2);
      if (h === undefined || buf === undefined || len === undefined) return bad('SYS_WRITE');
      if (!CONSOLE_HANDLES.has(h)) return ret(len);
      const data = core.readVirtual(buf % 4294967296 | 0, Math.floor(buf / 4294967296) | 0, len);
      if (data === undefined) return ret(len);
      env.write(data);
      return ret(0);
    }
    case SemihostOp.READC: return ret(env.readChar());
    case SemihostOp.READ: {
      const h = word(0), buf = word(1), len = word(2);
      if (h === undefined || buf === undefined || len === undefined) return bad('SYS_READ');
      if (!CONSOLE_HANDLES.has(h)) return ret(-1);
      const bytes: number[] = [];
      while (bytes.length < len) { const c = env.readChar(); if (c < 0) break; bytes.push(c); if (c === 10) break; }
      if (!core.writeVirtual(buf % 4294967296 | 0, Math.floor(buf / 4294967296) | 0, Uint8Array.from(bytes))) return ret(len);
      return ret(len - bytes.length);
    }
    case SemihostOp.OPEN: {
      const name = word(0), mode = word(1), len = word(2);
      if (name === undefined || mode === undefined || len === undefined) return bad('SYS_OPEN');
      const s = core.readVirtual(name % 4294967296 | 0, Math.floor(name / 4294967296) | 0, Math.min(len, 4096));
      const text = s === undefined ? '' : String.fromCharCode(...s);
      if (text === ':tt') return ret(mode < 4 ? 0 : mode < 8 ? 1 : 2);
      return ret(-1); // no host file system access
    }
    case SemihostOp.CLOSE: return ret(0);
    case SemihostOp.ISTTY: { const h = word(0); return ret(h !== undefined && CONSOLE_HANDLES.has(h) ? 1 : 0); }
    case SemihostOp.ISERROR: { const v = word(0); return ret(v !== undefined && v >= 2 ** 63 ? 1 : 0); }
    case SemihostOp.ERRNO: return ret(0);
    case SemihostOp.SEEK: case SemihostOp.FLEN: return ret(-1);
    case SemihostOp.CLOCK: return ret(Math.floor(core.pe.insns / (SEMIHOST_TICKFREQ / 100)));
    case SemihostOp.TIME: return ret(0);
    case SemihostOp.TICKFREQ: return ret(SEMIHOST_TICKFREQ);
    case SemihostOp.ELAPSED: {
      const t = core.pe.insns;
      const b = new Uint8Array(8);
      new DataView(b.buffer).setUint32(0, t % 4294967296, true);
      new DataView(b.buffer).setUint32(4, Math.floor(t / 4294967296), true);
      if (!core.writeVirtual(pLo, pHi, b)) return bad('SYS_ELAPSED');
      return ret(0);
    }
    case SemihostOp.GET_CMDLINE: {
      const buf = word(0), len = word(1);
      if (buf === undefined || len === undefined) return bad('SYS_GET_CMDLINE');
      if (len < 1) return ret(-1);
      core.writeVirtual(buf % 4294967296 | 0, Math.floor(buf / 4294967296) | 0, new Uint8Array(1));
      const b = new Uint8Array(8);
      if (!core.writeVirtual((pLo + 8) | 0, pHi, b)) return bad('SYS_GET_CMDLINE');
      return ret(0);
    }
    case SemihostOp.HEAPINFO: {
      const blk = word(0);
      if (blk === undefined) return bad('SYS_HEAPINFO');
      const vals = env.heapInfo();
      const b = new Uint8Array(32);
      const dv = new DataView(b.buffer);
      vals.forEach((v, i) => { dv.setUint32(8 * i, v % 4294967296, true); dv.setUint32(8 * i + 4, Math.floor(v / 4294967296), true); });
      if (!core.writeVirtual(blk % 4294967296 | 0, Math.floor(blk / 4294967296) | 0, b)) return bad('SYS_HEAPINFO');
      return ret(0);
    }
    case SemihostOp.EXIT: case SemihostOp.EXIT_EXTENDED: {
      // AArch64: X1 points to {reason, subcode}; ApplicationExit carries the exit code.
      const reason = word(0), code = word(1);
      if (reason === undefined || code === undefined) return bad('SYS_EXIT');
      env.exit(reason === ADP_STOPPED_APPLICATION_EXIT ? code % 256 : 1);
      return Stop.EXIT;
    }
    default:
      env.error(`unsupported semihosting operation 0x${(op >>> 0).toString(16)} at PC ${hexAddr(core.pe.pcLo, core.pe.pcHi)}`);
      return Stop.ERROR;
  }
}

function hexAddr(lo: number, hi: number): string {
  return '0x' + (hi >>> 0).toString(16).padStart(8, '0') + (lo >>> 0).toString(16).padStart(8, '0');
}
