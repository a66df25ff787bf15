import * as assert from 'node:assert/strict';
import type { WorkspaceFolder } from 'vscode';
import type { Run, TrackingStore } from '../../../src/core/tracking/types';
import {
  MAX_COMPARED_RUNS, isCompareRunsArgument, namedRunsToCompare, nodesOfCommand, runsToCompare,
} from '../../../src/features/compare/compareSelection';
import type { RunNode, RunsNode } from '../../../src/features/runs/runsNodes';
import { UserError } from '../../../src/vscode/userError';

function folder(name: string): WorkspaceFolder {
  return { name, index: 0, uri: { toString: () => `file:///ws/${name}` } } as unknown as WorkspaceFolder;
}

const lab = folder('lab');
const other = folder('other');

function runNode(id: string, where = lab): RunNode {
  const run = { info: { run_id: id, experiment_id: '1' } } as Run;
  return { kind: 'run', folder: where, store: {} as TrackingStore, experiment: { experiment_id: '1' } as RunNode['experiment'], run };
}

describe('what Compare Runs compares', () => {
  const [a, b, c] = ['a', 'b', 'c'].map((id) => runNode(id));

  it('takes the selection VS Code passes to a context-menu command on several rows', () => {
    assert.deepEqual(nodesOfCommand(a, [a, b, c], [a]), [a, b, c]);
  });

  it('takes the view selection for an inline action on a selected row, and only the row otherwise', () => {
    assert.deepEqual(nodesOfCommand(runNode('b'), undefined, [a, b]), [a, b]);
    assert.deepEqual(nodesOfCommand(c, undefined, [a, b]), [c]);
    assert.deepEqual(nodesOfCommand(undefined, undefined, [a, c]), [a, c]);
  });

  it('keeps the selection order (the colours) and counts a run once', () => {
    assert.deepEqual(runsToCompare([c, a, c, b]), { folder: lab, runIds: ['c', 'a', 'b'] });
  });

  it('ignores rows that are not runs', () => {
    const experiment = { kind: 'experiment' } as RunsNode;
    assert.deepEqual(runsToCompare([experiment, a, b]).runIds, ['a', 'b']);
  });

  it('explains a selection spanning workspace folders', () => {
    assert.throws(() => runsToCompare([a, runNode('x', other)]), (error: Error) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /^The selected runs come from 2 workspace folders \(lab, other\); a comparison shows the runs of one folder's tracking store\./);
      return true;
    });
  });

  it('needs 2 to 200 runs', () => {
    assert.throws(() => runsToCompare([a]), /Select at least two runs/);
    assert.throws(() => runsToCompare([]), /Select two or more runs in the Runs view/);
    const many = Array.from({ length: MAX_COMPARED_RUNS + 1 }, (_, i) => runNode(`r${i}`));
    assert.throws(() => runsToCompare(many), /201 runs are selected; a comparison shows at most 200/);
    assert.equal(runsToCompare(many.slice(0, MAX_COMPARED_RUNS)).runIds.length, MAX_COMPARED_RUNS);
  });
});

describe('runs named by the inline metrics ({ folder, runIds })', () => {
  const folders = [lab, other];

  it('tells the argument form from tree nodes', () => {
    assert.equal(isCompareRunsArgument({ folder: 'file:///ws/lab', runIds: ['a'] }), true);
    assert.equal(isCompareRunsArgument(runNode('a')), false);
    assert.equal(isCompareRunsArgument({ folder: 'file:///ws/lab', runIds: [1] }), false);
    assert.equal(isCompareRunsArgument(undefined), false);
  });

  it('finds the folder by its URI and keeps the order, counting a run once', () => {
    assert.deepEqual(namedRunsToCompare({ folder: 'file:///ws/other', runIds: ['b', 'a', 'b'] }, folders), { folder: other, runIds: ['b', 'a'] });
  });

  it('accepts one run: the status bar opens the panel on the run training now', () => {
    assert.deepEqual(namedRunsToCompare({ folder: 'file:///ws/lab', runIds: ['a'] }, folders), { folder: lab, runIds: ['a'] });
  });

  it('explains a folder no longer open, no runs, and too many runs', () => {
    assert.throws(() => namedRunsToCompare({ folder: 'file:///ws/gone', runIds: ['a', 'b'] }, folders), (error: Error) => {
      assert.ok(error instanceof UserError);
      assert.match(error.message, /^The runs to compare are in file:\/\/\/ws\/gone, which is not a folder of this workspace/);
      return true;
    });
    assert.throws(() => namedRunsToCompare({ folder: 'file:///ws/lab', runIds: [] }, folders), /No runs were given to compare/);
    const many = Array.from({ length: MAX_COMPARED_RUNS + 1 }, (_, i) => `r${i}`);
    assert.throws(() => namedRunsToCompare({ folder: 'file:///ws/lab', runIds: many }, folders), /201 runs are selected/);
  });
});
