import * as assert from 'node:assert/strict';
import { parseStatus } from '../../../src/core/git/statusParser';

const oid = '1'.repeat(40);

describe('git status parsing (porcelain v2)', () => {
  it('reads branch, head and changed, renamed, unmerged and untracked entries', () => {
    const records = [
      `# branch.oid ${oid}`,
      '# branch.head main',
      `1 .M N... 100644 100644 100644 ${oid} ${oid} data/train.csv.dvc`,
      `2 R. N... 100644 100644 100644 ${oid} ${oid} R100 new name.txt`,
      'old name.txt',
      `u UU N... 100644 100644 100644 100644 ${oid} ${oid} ${oid} dvc.lock`,
      '? notes with spaces.md',
      '',
    ];
    const status = parseStatus(records.join('\0'));
    assert.equal(status.branch, 'main');
    assert.equal(status.head, oid);
    assert.deepEqual(status.entries, [
      { kind: 'changed', path: 'data/train.csv.dvc', code: '.M' },
      { kind: 'renamed', path: 'new name.txt', originalPath: 'old name.txt', code: 'R.' },
      { kind: 'unmerged', path: 'dvc.lock', code: 'UU' },
      { kind: 'untracked', path: 'notes with spaces.md', code: '??' },
    ]);
    assert.equal(status.isDirty, true);
  });

  it('is clean with only untracked files, detached and before the first commit', () => {
    const status = parseStatus(['# branch.oid (initial)', '# branch.head (detached)', '? scratch.py', ''].join('\0'));
    assert.deepEqual([status.branch, status.head, status.isDirty], [null, null, false]);
  });

  it('counts a staged-only change as dirty', () => {
    const records = [`# branch.oid ${oid}`, '# branch.head main', `1 A. N... 000000 100644 100644 ${'0'.repeat(40)} ${oid} new.dvc`, ''];
    const status = parseStatus(records.join('\0'));
    assert.equal(status.isDirty, true);
  });
});
