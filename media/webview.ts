// The nvdbg webview (runs in the webview's browser context; bundled by esbuild into
// media/webview.js). It renders the 2-D nested walk of an AT, the page-table tree with the
// walked descriptors highlighted, the shadow stage-2 MMUs and what-if translations. All
// data arrives from the extension, which gets it through the adapter's custom requests.
import type { AtWalkJson, PageTableResponseBody, ShadowMmusResponseBody, TranslateResponseBody } from '../src/debug-adapter/protocol';
import { walkGrid, walkedDescriptors, coalesce, hex, decodeDescriptor, WalkCell } from './model';

interface VsApi { postMessage(m: unknown): void; getState(): unknown; setState(s: unknown): void }
declare function acquireVsCodeApi(): VsApi;
const vscode = acquireVsCodeApi();

type Tab = 'walk' | 'tables' | 'mmus' | 'translate';
interface UiState { tab: Tab; walk: number; regime: string; ttbr: number; mmu: number; va: string; search: string; focus: string }
const state: UiState = { tab: 'walk', walk: 0, regime: 'el10', ttbr: 0, mmu: 0, va: '', search: '', focus: '', ...(vscode.getState() as Partial<UiState> | undefined) };
/** Numbers in hexadecimal (default) or decimal ("nvdbg: Toggle Hex/Decimal"). */
let hexMode = true;
const num = (h: string | null | undefined): string => (h === null || h === undefined ? '' : hexMode || !/^0x[0-9a-f]+$/i.test(h) ? h : BigInt(h).toString());
/** Descriptors found by "search by address" in the page-table tab. */
let searchHits = new Set<string>();
/** Entries shown per table (grows with "more"). */
const PAGE = 512;
const shown = new Map<string, number>();
let walks: AtWalkJson[] = [];
let mmus: ShadowMmusResponseBody | undefined;
const tables = new Map<string, PageTableResponseBody | string>();
let translated: TranslateResponseBody | string | undefined;
/** The memory view: bytes around a descriptor the user clicked (readMemory on its pa: reference). */
let memory: { ref: string; address: string; data: string; focus: number } | string | undefined;

const $ = <T extends HTMLElement>(id: string): T => document.getElementById(id) as T;
function el(tag: string, attrs: Record<string, string> = {}, ...kids: (Node | string)[]): HTMLElement {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  for (const k of kids) e.append(k);
  return e;
}
const save = (): void => vscode.setState(state);

function cell(c: WalkCell | undefined, regime: string): HTMLElement {
  if (c === undefined) return el('td', { class: 'empty' }, '');
  const cls = ['cell', c.fault ? 'fault' : '', c.s1ptw ? 's1ptw' : '', `kind-${c.kind}`].join(' ');
  const td = el('td', { class: cls, title: `${c.kind} at ${c.descriptorAddress}${c.descriptorPa !== null && c.descriptorPa !== c.descriptorAddress ? ` (PA ${c.descriptorPa})` : ''} — click: show in the page tables` },
    el('div', { class: 'lvl' }, `S${c.stage} L${c.level}${c.s1ptw ? ' (S1PTW)' : ''}`),
    el('div', { class: 'addr' }, num(c.descriptorPa ?? c.descriptorAddress)),
    el('div', { class: 'val' }, num(c.descriptor)));
  // Walk step -> tree node: the table this descriptor sits in, opened at the descriptor.
  td.onclick = (): void => {
    state.tab = 'tables'; state.regime = c.stage === 2 ? 's2' : regime; state.focus = (c.descriptorPa ?? c.descriptorAddress).toLowerCase();
    save(); render();
  };
  return td;
}

function renderWalk(root: HTMLElement): void {
  if (walks.length === 0) { root.append(el('p', { id: 'walk-empty' }, 'No AT instruction has run yet.')); return; }
  const sel = el('select', { id: 'walk-select' }) as HTMLSelectElement;
  walks.forEach((w, i) => sel.append(el('option', { value: String(i) }, `${w.source === 'host' ? 'trapped ' : ''}AT ${w.op} ${w.va} -> ${w.par ?? 'PAR unchanged'}${w.divergent === true ? ' DIVERGENT' : ''}`)));
  sel.value = String(Math.min(state.walk, walks.length - 1));
  sel.onchange = (): void => { state.walk = Number(sel.value); save(); render(); };
  root.append(sel);
  const w = walks[Math.min(state.walk, walks.length - 1)];
  const g = walkGrid(w);
  const width = Math.max(1, ...g.rows.map((r) => r.s2.length), g.final.length);
  const t = el('table', { id: 'walk-grid', class: 'grid' });
  t.append(el('tr', {}, el('th', {}, ''), ...Array.from({ length: width }, (_, i) => el('th', {}, `S2 fetch ${i + 1}`)), el('th', {}, 'S1 descriptor')));
  for (const r of g.rows) t.append(el('tr', {}, el('th', {}, r.label), ...Array.from({ length: width }, (_, i) => cell(r.s2[i], w.regime)), cell(r.s1, w.regime)));
  if (g.final.length > 0) t.append(el('tr', {}, el('th', {}, 'output IPA'), ...Array.from({ length: width }, (_, i) => cell(g.final[i], w.regime)), el('td', {}, '')));
  root.append(t);
  root.append(el('p', { id: 'walk-result' }, `${w.regime} ${w.par !== null ? `PAR_EL1 = ${w.par} (${w.parText})` : w.parText}`,
    ...(w.path !== undefined ? [el('br'), `host: ${w.path} path${w.reason ? ` (${w.reason})` : ''}; architecture: ${w.archPar ?? 'Data Abort'}`] : []),
    ...(g.faultText !== undefined ? [el('br'), `fault: ${g.faultText}`] : g.output !== undefined ? [el('br'), `output: ${g.output}`] : [])));
}

function tableKey(regime: string, table?: string, level?: number): string { return `${regime}|${state.ttbr}|${state.mmu}|${table ?? ''}|${level ?? ''}`; }

function requestTable(table?: string, level?: number, start = 0): void {
  const key = tableKey(state.regime, table, level);
  if (start === 0 && tables.has(key)) return;
  if (start === 0) tables.set(key, 'loading…');
  vscode.postMessage({ type: 'pageTable', key, start, args: { regime: state.regime, ttbr: state.ttbr, mmu: state.mmu, table, level, start, count: PAGE } });
}

function renderTable(container: HTMLElement, hot: Set<string>, table?: string, level?: number, base = 0n): void {
  const body = tables.get(tableKey(state.regime, table, level));
  if (body === undefined) { requestTable(table, level); container.append(el('div', {}, 'loading…')); return; }
  if (typeof body === 'string') { container.append(el('div', { class: 'note' }, body)); return; }
  if (body.note !== undefined) container.append(el('div', { class: 'note' }, body.note));
  const key = tableKey(state.regime, table, level);
  const ranges = coalesce(body.entries, base);
  if (ranges.length > 0) container.append(el('div', { class: 'ranges' }, ...ranges.map((r) => el('div', {}, `${hex(r.start)}-${hex(r.end - 1n)} -> ${hex(r.out)} ${r.count} ${r.kind}${r.count === 1 ? '' : 's'}`))));
  const list = el('ul', { class: 'tree' });
  for (const e of body.entries) {
    const pa = e.descriptorPa.toLowerCase();
    if (e.kind === 'invalid' && pa !== state.focus) continue; // an invalid entry shows only when a walk step points at it
    const isHot = hot.has(pa) || searchHits.has(pa);
    const li = el('li', { class: `entry kind-${e.kind}${isHot ? ' walked' : ''}${pa === state.focus ? ' focus' : ''}`, 'data-pa': pa },
      `[${e.index}] ${num(hex(base + BigInt(e.inputOffset)))} ${e.kind} ${num(e.descriptor)}${e.address !== undefined ? ` -> ${num(e.address)}` : ''}`,
      el('span', { class: 'decoded' }, ` ${decodeDescriptor(e.descriptor, state.regime === 's2' || state.regime === 'shadow' ? 2 : 1, e.kind)}`));
    // Descriptor -> memory view at its PA (the 64 bytes around it, through DAP readMemory).
    li.ondblclick = (ev: Event): void => { ev.stopPropagation(); vscode.postMessage({ type: 'memory', ref: `pa:${e.descriptorPa}` }); };
    li.title = 'double-click: show the descriptor in memory';
    if (e.kind === 'table' && e.address !== undefined) {
      const sub = el('div', { class: 'sub' });
      const btn = el('button', { class: 'expand' }, '+');
      const next = e.address, lvl = body.level + 1, b = base + BigInt(e.inputOffset);
      btn.onclick = (): void => { sub.textContent = ''; renderTable(sub, hot, next, lvl, b); };
      li.prepend(btn);
      li.append(sub);
      if (isHot) renderTable(sub, hot, next, lvl, b); // follow the walked path open
    }
    list.append(li);
  }
  container.append(list);
  // Large tables (64K granule: 8192 entries) come in pages.
  const have = body.entries.length > 0 ? body.entries[body.entries.length - 1].index + 1 : 0;
  if (have < body.entriesTotal) {
    const more = el('button', { class: 'more' }, `more (${have} of ${body.entriesTotal} entries)`);
    more.onclick = (): void => { shown.set(key, have); requestTable(table, level, have); };
    container.append(more);
  }
}

function renderTables(root: HTMLElement): void {
  const regime = el('select', { id: 'regime' }) as HTMLSelectElement;
  for (const r of ['el10', 'el2', 'el20', 's2', 'shadow']) regime.append(el('option', { value: r }, r === 's2' ? 'stage 2' : r === 'shadow' ? 'shadow stage-2 MMU' : r));
  regime.value = state.regime;
  regime.onchange = (): void => { state.regime = regime.value; save(); render(); };
  const ttbr = el('select', { id: 'ttbr' }) as HTMLSelectElement;
  ttbr.append(el('option', { value: '0' }, 'TTBR0'), el('option', { value: '1' }, 'TTBR1'));
  ttbr.value = String(state.ttbr);
  ttbr.onchange = (): void => { state.ttbr = Number(ttbr.value); save(); render(); };
  const mmu = el('input', { id: 'mmu', type: 'number', min: '0', value: String(state.mmu), title: 'shadow MMU index' }) as HTMLInputElement;
  mmu.onchange = (): void => { state.mmu = Number(mmu.value); save(); render(); };
  const search = el('input', { id: 'search', placeholder: 'search: VA -> walked descriptors', value: state.search }) as HTMLInputElement;
  const go = el('button', { id: 'search-go' }, 'Find');
  go.onclick = (): void => {
    state.search = search.value; save();
    const r = ['el10', 'el2', 'el20'].includes(state.regime) ? { regime: state.regime } : {};
    vscode.postMessage({ type: 'translate', purpose: 'search', args: { va: search.value, ...r } });
  };
  root.append(el('div', { class: 'bar' }, 'Tables of ', regime, ' ', ttbr, ' MMU ', mmu, ' ', search, go));
  const hot = walks.length > 0 ? walkedDescriptors(walks[Math.min(state.walk, walks.length - 1)]) : new Set<string>();
  const tree = el('div', { id: 'tables' });
  const focusHot = state.focus !== '' ? new Set([...hot, state.focus]) : hot;
  renderTable(tree, focusHot);
  root.append(tree);
  if (state.focus !== '') setTimeout(() => document.querySelector(`li[data-pa="${state.focus}"]`)?.scrollIntoView({ block: 'center' }), 0);
  if (memory !== undefined) root.append(renderMemory());
}

/** A hex dump, 16 bytes per line, the clicked descriptor's 8 bytes highlighted. */
function renderMemory(): HTMLElement {
  const box = el('div', { id: 'memory' });
  if (typeof memory === 'string') { box.append(el('p', { class: 'fault' }, memory)); return box; }
  if (memory === undefined) return box;
  const bytes = Uint8Array.from(atob(memory.data), (c) => c.charCodeAt(0));
  const base = BigInt(memory.address.replace(/^pa:/, ''));
  box.append(el('div', { class: 'note' }, `memory at ${memory.ref}`));
  for (let i = 0; i < bytes.length; i += 16) {
    const line = el('div', { class: 'memline' }, `${hex(base + BigInt(i)).padEnd(14)} `);
    for (let j = i; j < Math.min(i + 16, bytes.length); j++) {
      const b = el('span', { class: j >= memory.focus && j < memory.focus + 8 ? 'membyte focus' : 'membyte' }, bytes[j].toString(16).padStart(2, '0'));
      line.append(b, ' ');
    }
    box.append(line);
  }
  return box;
}

function renderMmus(root: HTMLElement): void {
  if (mmus === undefined) { root.append(el('p', {}, 'loading…')); return; }
  if (!mmus.nested) { root.append(el('p', { id: 'mmus-note' }, mmus.note ?? 'not in nested mode')); return; }
  const t = el('table', { id: 'mmus', class: 'grid' }, el('tr', {}, ...['MMU', 'guest VTTBR', 'VTCR', 'guest VMID', 'host VMID', 'VM', 'refcount', 'pending unmap', 'pages', 'ranges'].map((h) => el('th', {}, h))));
  for (const m of mmus.mmus) {
    t.append(el('tr', { class: m.valid ? '' : 'unused' }, ...[`mmu${m.index}`, m.vttbr, m.vtcr, String(m.guestVmid), String(m.vmid), m.enabled ? '1' : '0', String(m.refcount), m.pendingUnmap ? 'yes' : 'no', String(m.pages),
      m.ranges.map((r) => `${r.ipa}+${r.size} -> ${r.pa}`).join(', ')].map((v) => el('td', {}, v))));
  }
  root.append(t);
}

function renderTranslate(root: HTMLElement): void {
  const va = el('input', { id: 'tr-va', placeholder: 'VA, e.g. 0x40080000', value: state.va }) as HTMLInputElement;
  const regime = el('select', { id: 'tr-regime' }) as HTMLSelectElement;
  for (const r of ['', 'el10', 'el2', 'el20']) regime.append(el('option', { value: r }, r === '' ? 'current regime' : r));
  const ov = el('textarea', { id: 'tr-overrides', rows: '3', placeholder: 'overrides, one per line: TCR_EL1=0x...' }) as HTMLTextAreaElement;
  const go = el('button', { id: 'tr-go' }, 'Translate (what-if, nothing changes)');
  go.onclick = (): void => {
    state.va = va.value; save();
    const overrides: Record<string, string> = {};
    for (const line of ov.value.split('\n')) { const m = /^\s*(\w+)\s*=\s*(\S+)\s*$/.exec(line); if (m !== null) overrides[m[1]] = m[2]; }
    vscode.postMessage({ type: 'translate', args: { va: va.value, ...(regime.value !== '' ? { regime: regime.value } : {}), overrides } });
  };
  root.append(el('div', { class: 'bar' }, va, regime, go), ov);
  if (typeof translated === 'string') root.append(el('p', { class: 'fault' }, translated));
  else if (translated !== undefined) {
    const as: AtWalkJson = { source: 'pe', cpu: 0, op: 'translate', va: state.va, regime: translated.regime, par: translated.par, parText: translated.parText, stage1: translated.stage1, stage2: translated.stage2 };
    walks = [as, ...walks.filter((w) => w.op !== 'translate')];
    state.walk = 0;
    const sub = el('div', {});
    renderWalk(sub);
    root.append(sub);
  }
}

function render(): void {
  const root = $('root');
  root.textContent = '';
  const tabs = el('div', { class: 'tabs' });
  for (const [id, label] of [['walk', '2-D walk'], ['tables', 'Page tables'], ['mmus', 'Shadow MMUs'], ['translate', 'Translate']] as [Tab, string][]) {
    const b = el('button', { class: state.tab === id ? 'tab active' : 'tab', id: `tab-${id}` }, label);
    b.onclick = (): void => { state.tab = id; save(); render(); };
    tabs.append(b);
  }
  root.append(tabs);
  const page = el('div', { id: `page-${state.tab}` });
  root.append(page);
  if (state.tab === 'walk') renderWalk(page);
  else if (state.tab === 'tables') renderTables(page);
  else if (state.tab === 'mmus') renderMmus(page);
  else renderTranslate(page);
}

window.addEventListener('message', (ev: MessageEvent) => {
  const m = ev.data as { type: string; [k: string]: unknown };
  if (m.type === 'refresh') {
    if (typeof m.hex === 'boolean') hexMode = m.hex;
    walks = (m.walks as AtWalkJson[] | undefined) ?? [];
    mmus = m.mmus as ShadowMmusResponseBody | undefined;
    tables.clear();
    if (typeof m.tab === 'string') state.tab = m.tab as Tab;
    render();
  } else if (m.type === 'pageTable') {
    const prev = tables.get(m.key as string), body = m.body as PageTableResponseBody | string;
    // A later page extends the entries already shown.
    if ((m.start as number) > 0 && typeof prev === 'object' && typeof body === 'object') tables.set(m.key as string, { ...body, entries: [...prev.entries, ...body.entries] });
    else tables.set(m.key as string, body);
    render();
  } else if (m.type === 'memory') {
    memory = m.body as { ref: string; address: string; data: string; focus: number } | string;
    render();
  } else if (m.type === 'translate') {
    const body = m.body as TranslateResponseBody | string;
    if (m.purpose === 'search') {
      searchHits = typeof body === 'string' ? new Set() : walkedDescriptors({ source: 'pe', cpu: 0, op: 'search', va: state.search, regime: body.regime, par: body.par, parText: body.parText, stage1: body.stage1, stage2: body.stage2 });
    } else translated = body;
    render();
  }
});
render();
vscode.postMessage({ type: 'ready' });
