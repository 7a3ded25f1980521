// Editor helpers of the extension without VS Code: hover expressions and PAR_EL1 inline-value lines.
import { strict as assert } from 'assert';
import { expressionAt, parLines } from '../../src/extension/asm-expr';

describe('extension editor helpers', () => {
  it('finds the hoverable expression under the cursor: registers, system registers, fields, memory operands', () => {
    const line = '    ldr x2, [x1, #8]   // HCR_EL2.NV and par_el1';
    assert.equal(expressionAt(line, 9)?.text, 'x2');
    assert.equal(expressionAt(line, 14)?.text, '[x1, #8]');
    assert.equal(expressionAt(line, 30)?.text, 'HCR_EL2.NV');
    assert.equal(expressionAt(line, 42)?.text, 'par_el1');
    assert.equal(expressionAt(line, 1), undefined);
  });
  it('puts PAR_EL1 inline values on the ISB after each AT, not on unrelated ISBs', () => {
    const src = ['    isb', '    at s1e1r, x0', '    nop', '    isb', '    mrs x2, par_el1', 'l:  at s12e1w, x3 // 2-D', '    isb', '    isb'];
    assert.deepEqual(parLines(src, 0, src.length - 1), [3, 6]);
    assert.deepEqual(parLines(src, 4, 7), [6]);
  });
});
