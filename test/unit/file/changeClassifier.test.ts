import * as assert from 'node:assert/strict';
import { classifyStorePath } from '../../../src/core/tracking/file/changeClassifier';

describe('file store change classification', () => {
  it('tells experiments, runs, datasets and models apart, and ignores artifacts and traces', () => {
    const cases: Array<[string, ReturnType<typeof classifyStorePath>]> = [
      ['', { kinds: ['experiments'] }],
      ['12', { kinds: ['experiments'] }],
      ['.trash/12', { kinds: ['experiments'] }],
      ['12/meta.yaml', { kinds: ['experiments'] }],
      ['12/tags/team', { kinds: ['experiments'] }],
      ['12/r1', { kinds: ['runs'], runId: 'r1' }],
      ['12/r1/metrics/loss/train', { kinds: ['runs'], runId: 'r1' }],
      ['.trash/12/r1/meta.yaml', { kinds: ['runs'], runId: 'r1' }],
      ['12/r1/inputs/abc/meta.yaml', { kinds: ['datasets', 'runs'], runId: 'r1' }],
      ['12/r1/outputs/m-1/meta.yaml', { kinds: ['models', 'runs'], runId: 'r1' }],
      ['12/datasets/abc/meta.yaml', { kinds: ['datasets'] }],
      ['12/models/m-1/metrics/acc', { kinds: ['models'] }],
      ['models/clf/version-1/meta.yaml', { kinds: ['models'] }],
      ['12/r1/artifacts/model.pkl', undefined],
      ['12/traces/t1/trace_info.yaml', undefined],
    ];
    for (const [relative, expected] of cases) assert.deepEqual(classifyStorePath(relative), expected, relative);
  });
});
