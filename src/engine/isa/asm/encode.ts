// The instruction encoder: mnemonic -> encoder over parsed operands.

import { Encoder } from './enc-util';
import { DP } from './enc-dp';
import { SYS } from './enc-sys';
import { MEM } from './enc-mem';

const ALL: Readonly<Record<string, Encoder>> = { ...DP, ...SYS, ...MEM };

/** The encoder for a (lower-case) mnemonic, if it is an instruction nvdbg assembles. */
export function encoderFor(m: string): Encoder | undefined {
  return Object.prototype.hasOwnProperty.call(ALL, m) ? ALL[m] : undefined;
}

export function mnemonics(): string[] { return Object.keys(ALL); }
