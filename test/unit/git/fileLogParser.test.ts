import * as assert from 'node:assert/strict';
import { parseFileLog } from '../../../src/core/git/fileLogParser';

const header = (hash: string, subject: string, seconds = 1700000000) =>
  `\x1e${hash}\x1f${hash.slice(0, 7)}\x1f${seconds}\x1fAda Lovelace\x1f${subject}\0`;

describe('git file log parsing', () => {
  it('reads commits newest first with epoch-millisecond dates and the path of each commit across a rename', () => {
    const output =
      `${header('c'.repeat(40), 'move data', 1700000300)}\nR100\0data/old.csv.dvc\0data/new.csv.dvc\0` +
      `${header('b'.repeat(40), 'update: more rows', 1700000200)}\nM\0data/old.csv.dvc\0` +
      `${header('a'.repeat(40), 'add data', 1700000100)}\nA\0data/old.csv.dvc\0`;
    const commits = parseFileLog(output, 'data/new.csv.dvc');
    assert.deepEqual(
      commits.map((c) => [c.shortCommit, c.change, c.path, c.previousPath, c.date, c.subject]),
      [
        ['ccccccc', 'renamed', 'data/new.csv.dvc', 'data/old.csv.dvc', 1700000300000, 'move data'],
        ['bbbbbbb', 'modified', 'data/old.csv.dvc', undefined, 1700000200000, 'update: more rows'],
        ['aaaaaaa', 'added', 'data/old.csv.dvc', undefined, 1700000100000, 'add data'],
      ],
    );
    assert.equal(commits[0].commit, 'c'.repeat(40));
    assert.equal(commits[0].author, 'Ada Lovelace');
  });

  it('keeps the newer path for a merge commit, which lists no status', () => {
    const output = `${header('d'.repeat(40), 'Merge branch x')}${header('e'.repeat(40), 'delete')}\nD\0x.dvc\0`;
    const commits = parseFileLog(output, 'x.dvc');
    assert.deepEqual(commits.map((c) => [c.change, c.path]), [['modified', 'x.dvc'], ['deleted', 'x.dvc']]);
  });

  it('reads paths with spaces and tabs verbatim (-z output is not quoted)', () => {
    const commits = parseFileLog(`${header('f'.repeat(40), 's')}\nM\0my data/a\tb.dvc\0`, 'my data/a\tb.dvc');
    assert.equal(commits[0].path, 'my data/a\tb.dvc');
  });

  it('returns nothing for no output and rejects a record it cannot read', () => {
    assert.deepEqual(parseFileLog('', 'x'), []);
    assert.throws(() => parseFileLog('\x1egarbage\0', 'x'), /unexpected git log record/);
  });
});
