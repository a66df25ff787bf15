import * as assert from 'node:assert/strict';
import { HISTORY_CSV_HEADER, csvField, historyCsvRows, runsCsv } from '../../../src/features/compare/compareCsv';
import type { RunSummary } from '../../../src/protocol/compare';

function summary(overrides: Partial<RunSummary>): RunSummary {
  return {
    runId: 'r1', runName: 'run', experimentId: '1', experimentName: 'vision', status: 'FINISHED', startTime: Date.UTC(2026, 0, 2, 3, 4, 5), endTime: null,
    colorIndex: 0, params: {}, metrics: {}, metricStats: {}, gitCommit: null, datasets: [], ...overrides,
  };
}

/** A small RFC 4180 reader, to check that what we write reads back as the same fields. */
function parseCsv(text: string): string[][] {
  const rows: string[][] = [];
  let row: string[] = [];
  let field = '';
  let quoted = false;
  const endField = () => {
    row.push(field);
    field = '';
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted && c === '"' && text[i + 1] === '"') {
      field += '"';
      i++;
    } else if (quoted && c === '"') quoted = false;
    else if (quoted) field += c;
    else if (c === '"') quoted = true;
    else if (c === ',') endField();
    else if (c === '\r' && text[i + 1] === '\n') {
      endField();
      rows.push(row);
      row = [];
      i++;
    } else field += c;
  }
  return rows;
}

describe('compare CSV export', () => {
  it('quotes fields with commas, quotes, line breaks and edge spaces, and only those', () => {
    assert.equal(csvField('plain'), 'plain');
    assert.equal(csvField('a,b'), '"a,b"');
    assert.equal(csvField('say "hi"'), '"say ""hi"""');
    assert.equal(csvField('two\nlines'), '"two\nlines"');
    assert.equal(csvField('cr\rhere'), '"cr\rhere"');
    assert.equal(csvField(' padded'), '" padded"');
    assert.equal(csvField(undefined), '');
    assert.equal(csvField(null), '');
    assert.equal(csvField(0.1 + 0.2), '0.30000000000000004');
    assert.equal(csvField(Number.NaN), 'NaN');
    assert.equal(csvField(Number.NEGATIVE_INFINITY), '-Infinity');
  });

  it('writes one row per run with the chosen params and latest, min and max of the chosen metrics', () => {
    const runs = [
      summary({ runId: 'a', runName: 'cnn, "baseline"', params: { lr: '0.01', note: 'line1\nline2' }, metrics: { loss: 0.25, acc: 'NaN' }, metricStats: { loss: { min: 0.1, max: '-Infinity' } }, gitCommit: 'abc123' }),
      summary({ runId: 'b', runName: 'resnet', params: { lr: '0.1' }, metrics: { loss: 'Infinity' } }),
    ];
    const rows = parseCsv(runsCsv(runs, ['lr', 'note'], ['loss', 'acc']));
    assert.deepEqual(rows[0], [
      'run_id', 'run_name', 'experiment_id', 'experiment', 'status', 'start_time', 'end_time', 'git_commit',
      'params.lr', 'params.note', 'metrics.loss', 'metrics.loss.min', 'metrics.loss.max', 'metrics.acc', 'metrics.acc.min', 'metrics.acc.max',
    ]);
    assert.deepEqual(rows[1], ['a', 'cnn, "baseline"', '1', 'vision', 'FINISHED', '2026-01-02T03:04:05.000Z', '', 'abc123', '0.01', 'line1\nline2', '0.25', '0.1', '-Infinity', 'NaN', '', '']);
    assert.deepEqual(rows[2], ['b', 'resnet', '1', 'vision', 'FINISHED', '2026-01-02T03:04:05.000Z', '', '', '0.1', '', 'Infinity', '', '', '', '', '']);
    assert.equal(rows.length, 3);
  });

  it('writes histories in the long format, one row per point', () => {
    const text = HISTORY_CSV_HEADER + historyCsvRows({ runId: 'a', runName: 'x,y' }, 'val/loss', [
      { step: 0, timestamp: 1000, value: 0.5 },
      { step: 1, timestamp: 1010, value: Number.NaN },
    ]);
    assert.deepEqual(parseCsv(text), [
      ['run_id', 'run_name', 'key', 'step', 'timestamp', 'value'],
      ['a', 'x,y', 'val/loss', '0', '1000', '0.5'],
      ['a', 'x,y', 'val/loss', '1', '1010', 'NaN'],
    ]);
  });
});
