// What the language server says about a word: system registers (encoding, fields and
// their meanings), AT/TLBI operations, instructions (their forms in the encoding table),
// and where labels and macros are defined. Pure functions over the engine's tables.
import { sysRegByName } from '../engine/cpu/sysregs/registry';
import { ENCODINGS } from '../engine/isa/encodings';

export function describeSysReg(word: string): string | undefined {
  const d = sysRegByName(word);
  if (d === undefined) return undefined;
  const fields = d.fields.map((f) => `- \`${f.name}\` [${f.msb === f.lsb ? f.msb : `${f.msb}:${f.lsb}`}] ${f.doc}${f.values !== undefined ? ` (${Object.entries(f.values).map(([v, m]) => `${v}: ${m}`).join('; ')})` : ''}`);
  return [`**${d.name}** — ${d.doc}`, '', `Encoding: op0=${d.op0} op1=${d.op1} CRn=${d.crn} CRm=${d.crm} op2=${d.op2} (\`S${d.op0}_${d.op1}_C${d.crn}_C${d.crm}_${d.op2}\`), ${d.access}, from EL${d.minEl}`, '', ...fields].join('\n');
}

const AT_DOCS: Record<string, string> = {
  S1E1R: 'stage 1, EL1&0 regime (EL2&0 with E2H=TGE=1), privileged read', S1E1W: 'stage 1, EL1&0, privileged write',
  S1E0R: 'stage 1, EL1&0, unprivileged (EL0) read', S1E0W: 'stage 1, EL1&0, unprivileged write',
  S1E1RP: 'stage 1, EL1&0, privileged read honouring PSTATE.PAN (FEAT_PAN2)', S1E1WP: 'stage 1, EL1&0, privileged write honouring PAN',
  S1E2R: 'stage 1, EL2 (or EL2&0 with E2H=1) regime, read', S1E2W: 'stage 1, EL2 regime, write',
  S12E1R: 'stages 1 and 2, EL1&0, privileged read (the final PA)', S12E1W: 'stages 1 and 2, EL1&0, privileged write',
  S12E0R: 'stages 1 and 2, EL1&0, unprivileged read', S12E0W: 'stages 1 and 2, EL1&0, unprivileged write',
};

export function describeSysOp(name: string): string | undefined {
  const [kind, op] = name.split(' ');
  if (kind === 'AT') {
    const d = AT_DOCS[op];
    if (d === undefined) return undefined;
    return `**AT ${op}** — address translation: ${d}. Writes PAR_EL1 (F=0: PA and attributes; F=1: fault status, S, PTW). At virtual EL2 it traps to the host hypervisor (HCR_EL2.AT / NV), which emulates it.`;
  }
  if (kind === 'TLBI') {
    const base = op.replace(/NXS$/, '');
    const scope = /(IS)$/.test(base) ? 'broadcast to the Inner Shareable domain' : /(OS)$/.test(base) ? 'broadcast to the Outer Shareable domain' : 'this PE only';
    const what = /^R?IPAS2/.test(base) ? 'stage-2 entries for an IPA (range)' : /^VMALLS12/.test(base) ? 'all stage 1 and 2 entries of the current VMID' : /^ALLE1/.test(base) ? 'all EL1&0 entries, every VMID'
      : /^VMALLE1/.test(base) ? 'all stage-1 entries of the current VMID' : /^ASIDE1/.test(base) ? 'entries of one ASID' : /E2/.test(base) ? 'EL2 regime entries' : 'entries for a VA';
    return `**TLBI ${op}** — TLB invalidation of ${what}, ${scope}${/NXS$/.test(op) ? ' (nXS)' : ''}. From virtual EL2 it traps (HCR_EL2.TTLB) and the host unmaps shadow stage-2 ranges.`;
  }
  return undefined;
}

export function describeMnemonic(word: string): string | undefined {
  const rows = ENCODINGS.filter((r) => r.mnemonic === word.toLowerCase());
  if (rows.length === 0) return undefined;
  return [`**${word.toLowerCase()}** — ${rows.length} encoding${rows.length === 1 ? '' : 's'} in nvdbg's A64 table:`, '', ...rows.slice(0, 12).map((r) => `- \`${r.id}\` (${r.cls}${r.fields.length > 0 ? `; fields ${r.fields.map((f) => f.name).join(', ')}` : ''}${r.feature !== undefined ? `; ${r.feature}` : ''})`)].join('\n');
}

export interface Definition { readonly name: string; readonly kind: 'label' | 'macro'; readonly line: number; readonly column: number }

/** Labels (`name:`) and macros (`.macro name`) defined in a source text. */
export function definitionsIn(text: string): Definition[] {
  const out: Definition[] = [];
  text.split('\n').forEach((l, i) => {
    const code = l.replace(/\/\/.*$/, '');
    const lab = /^\s*([A-Za-z_.$][\w.$]*):/.exec(code);
    if (lab !== null) out.push({ name: lab[1], kind: 'label', line: i, column: code.indexOf(lab[1]) });
    const mac = /^\s*\.macro\s+([A-Za-z_.$][\w.$]*)/.exec(code);
    if (mac !== null) out.push({ name: mac[1], kind: 'macro', line: i, column: code.indexOf(mac[1], code.indexOf('.macro') + 6) });
  });
  return out;
}
