import * as assert from 'node:assert/strict';
import { differingParamKeys } from '../../../webview-ui/src/compare/logic/paramDiff';

describe('differences-only parameters', () => {
  const runs: { params: Record<string, string> }[] = [
    { params: { lr: '0.01', optimizer: 'adam', seed: '1', epochs: '10' } },
    { params: { lr: '0.001', optimizer: 'adam', seed: '1', epochs: '10' } },
    { params: { lr: '0.01', optimizer: 'adam', seed: '1' } },
  ];

  it('keeps parameters that differ and those some run lacks, in the given order', () => {
    assert.deepEqual(differingParamKeys(runs, ['seed', 'lr', 'optimizer', 'epochs', 'dropout']), ['lr', 'epochs', 'dropout']);
  });

  it('hides everything for identical runs and treats "" as a value', () => {
    assert.deepEqual(differingParamKeys([{ params: { a: '' } }, { params: { a: '' } }], ['a']), []);
    assert.deepEqual(differingParamKeys([{ params: { a: '' } }, { params: {} }], ['a']), ['a']);
    assert.deepEqual(differingParamKeys([], ['a']), []);
  });

  it('does not mistake inherited object properties for parameters', () => {
    assert.deepEqual(differingParamKeys([{ params: {} }, { params: {} }], ['toString']), ['toString']);
  });
});
