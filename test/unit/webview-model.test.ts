// The webview's model without a browser: the 2-D walk grid, the walked-descriptor set the
// page-table tree highlights, and ptdump-style range coalescing, on a hand-built 2-D walk
// whose second stage-1 table fetch faults at stage 2 (the end-to-end test covers a real one).
import { strict as assert } from 'assert';
import { walkGrid, walkedDescriptors, coalesce, decodeDescriptor } from '../../media/model';
import type { AtWalkJson, PageTableEntryJson, WalkJson } from '../../src/debug-adapter/protocol';

const step = (stage: 1 | 2, level: number, pa: string, kind: 'table' | 'page' | 'block' | 'invalid', s2?: WalkJson): WalkJson['steps'][number] =>
  ({ stage, level, tableAddress: '0x0', index: 0, descriptorAddress: pa, descriptorPa: pa, descriptor: '0x3', kind, ...(s2 !== undefined ? { s2 } : {}) });
const s2walk = (pas: string[], fault = false): WalkJson => ({
  stage: 2, regime: 'el10', input: '0x0', granule: 4096, startLevel: 1, level: 3, blockSize: '0x1000',
  steps: pas.map((p, i) => step(2, 1 + i, p, i === pas.length - 1 ? 'page' : 'table')),
  ...(fault ? { fault: { type: 'translation', level: 3, stage: 2, s1ptw: true, fsc: '0x7', text: 'translation fault, level 3' } } : {}),
});

describe('webview model', () => {
  const at: AtWalkJson = {
    source: 'host', cpu: 0, op: 'S12E1R', va: '0x1000', regime: 'el10', par: '0xa0f', parText: 'fault',
    stage1: {
      stage: 1, regime: 'el10', input: '0x1000', granule: 4096, startLevel: 1, level: 2, blockSize: '0x1000',
      steps: [step(1, 1, '0x40200000', 'table', s2walk(['0x40400000', '0x40401000'])), step(1, 2, '0x40201000', 'table', s2walk(['0x40400008', '0x40401008'], true))],
      fault: { type: 'translation', level: 2, stage: 2, s1ptw: true, fsc: '0x6', text: 'stage 2 translation fault on the walk' },
    },
    stage2: null,
  };

  it('lays out the 2-D walk: one row per stage-1 level, its stage-2 fetches as columns; a faulting S2 sub-walk leaves the S1 cell empty and is marked S1PTW', () => {
    const g = walkGrid(at);
    assert.equal(g.rows.length, 2);
    assert.deepEqual(g.rows.map((r) => r.label), ['S1 L1', 'S1 L2']);
    assert.deepEqual(g.rows[0].s2.map((c) => c.descriptorPa), ['0x40400000', '0x40401000']);
    assert.equal(g.rows[0].s1?.descriptorPa, '0x40200000');
    assert.equal(g.rows[1].s1, undefined);
    assert.ok(g.rows[1].s2[1].fault && g.rows[1].s2[1].s1ptw);
    assert.equal(g.faultText, 'stage 2 translation fault on the walk');
  });

  it('collects every descriptor the walk read, stage-2 sub-walks included', () => {
    assert.deepEqual([...walkedDescriptors(at)].sort(), ['0x40200000', '0x40201000', '0x40400000', '0x40400008', '0x40401000', '0x40401008']);
  });

  it('coalesces contiguous blocks with contiguous output into ranges (ptdump style)', () => {
    const e = (i: number, out: number, kind: PageTableEntryJson['kind'] = 'block'): PageTableEntryJson =>
      ({ index: i, descriptorPa: '0x0', descriptor: '0x1', kind, address: '0x' + out.toString(16), inputOffset: '0x' + (i * 0x200000).toString(16), size: '0x200000' });
    const r = coalesce([e(0, 0x40000000), e(1, 0x40200000), e(2, 0x40400000), e(4, 0x50000000), e(5, 0x60000000), { ...e(6, 0), kind: 'invalid' }], 0x80000000n);
    assert.deepEqual(r.map((x) => [x.start.toString(16), x.end.toString(16), x.out.toString(16), x.count]), [
      ['80000000', '80600000', '40000000', 3], ['80800000', '80a00000', '50000000', 1], ['80a00000', '80c00000', '60000000', 1],
    ]);
  });

  it('decodes descriptor attributes with the Arm ARM field names (stage 1, stage 2, tables)', () => {
    // Stage 1 page: AttrIndx 1, AP EL1+EL0 RO, ISH, AF, nG, PXN, UXN.
    assert.equal(decodeDescriptor('0x0060000040001fc7', 1, 'page'), 'AttrIndx=1 AP=EL1+EL0 RO ISH AF nG PXN UXN');
    // nested-s2's stage-2 leaf for IPA 0x40201000: MemAttr WB, S2AP RO, ISH, AF.
    assert.equal(decodeDescriptor('0x000000004030177f', 2, 'page'), 'MemAttr=0xf S2AP=RO ISH AF');
    assert.equal(decodeDescriptor('0x6000000040201003', 1, 'table'), 'APTable=3');
    assert.equal(decodeDescriptor('0x0000000040201003', 1, 'table'), 'no hierarchical restrictions');
  });
});
