import * as assert from 'node:assert/strict';
import { parse } from 'yaml';
import { MetaYamlError, parseMetaYaml } from '../../../src/core/tracking/file/metaYaml';

const read = (text: string) => parseMetaYaml(Buffer.from(text, 'utf8'));

// Real files written by MLflow 3.17 (PyYAML safe_dump, sorted keys).
const RUN_META = `artifact_uri: file:///tmp/mlruns/234845048767130623/bd7d851020ca4466bd1a6f13ded425f6/artifacts
end_time: 1795754676363
entry_point_name: ''
experiment_id: '234845048767130623'
lifecycle_stage: active
run_id: bd7d851020ca4466bd1a6f13ded425f6
run_name: r1
source_name: ''
source_type: 4
source_version: ''
start_time: 1795754676342
status: 3
tags: []
user_id: root
`;
const INPUT_META = `destination_id: 8e95f24bfed2237906249ab8d1070be4
destination_type: RUN
source_id: 8e95f24bfed2237906249ab8d1070be4
source_type: DATASET
tags:
  mlflow.data.context: training
`;
const DATASET_META = `digest: 2981c147
name: mydata
profile: '{"num_rows": 2, "num_elements": 2}'
schema: '{"mlflow_colspec": [{"type": "long", "name": "a", "required": true}]}'
source: '{"uri": "s3://x/y.csv"}'
source_type: s3
`;

describe('file store meta.yaml', () => {
  it('reads the files MLflow writes exactly as a YAML 1.1 parser does', () => {
    for (const text of [RUN_META, INPUT_META, DATASET_META]) {
      const reference = parse(text, { version: '1.1', intAsBigInt: true }) as Record<string, unknown>;
      const normalized = JSON.parse(JSON.stringify(reference, (_k, v) => (typeof v === 'bigint' ? Number(v) : v)));
      assert.deepEqual(read(text), normalized);
    }
    assert.equal(read(RUN_META).experiment_id, '234845048767130623');
  });

  it('keeps unquoted integers beyond 2^53 exact', () => {
    assert.equal(read('experiment_id: 123456789012345678901\n').experiment_id, 123456789012345678901n);
    assert.equal(read('experiment_id: 1\n').experiment_id, 1);
  });

  it('resolves plain scalars as YAML 1.1 does (PyYAML), not as YAML 1.2', () => {
    const meta = read("a: yes\nb: off\nc: 0777\nd: 1_000\ne: ~\nf: 'yes'\ng: file:///x/y\nh: Infinity\n");
    assert.deepEqual(
      { a: meta.a, b: meta.b, c: meta.c, d: meta.d, e: meta.e, f: meta.f, g: meta.g, h: meta.h },
      { a: true, b: false, c: 511, d: 1000, e: null, f: 'yes', g: 'file:///x/y', h: 'Infinity' },
    );
  });

  it('reads hex run ids that start with digits as strings, like PyYAML, unlike 0x and 0b integers', () => {
    assert.deepEqual(read('a: 1e10\nb: 0x1f\nc: 0b101\nd: 000a03e2\ne: 0777\nf: 12abc\n'), {
      a: '1e10',
      b: 31,
      c: 5,
      d: '000a03e2',
      e: 511,
      f: '12abc',
    });
  });

  it('resolves the plain scalars where PyYAML and the YAML 1.1 spec part ways as PyYAML does', () => {
    assert.deepEqual(read('a: y\nb: n\nc: -.5\nd: 1.0e5\ne: 1.0e+5\nf: 09\ng: 0:30\nh: 1:30\ni: .5\n'), {
      a: 'y',
      b: 'n',
      c: '-.5',
      d: '1.0e5',
      e: 100000,
      f: '09',
      g: '0:30',
      h: 90,
      i: 0.5,
    });
  });

  it('reads single-quoted strings with doubled quotes, and an empty nested mapping as null', () => {
    assert.deepEqual(read("name: 'it''s'\ntags:\nx: 1\n"), { name: "it's", tags: null, x: 1 });
  });

  it('rejects truncated, non-UTF-8, empty and non-mapping files with a reason', () => {
    assert.throws(() => read('run_id: abc\nexperiment_id: [1,\n'), (e: unknown) => e instanceof MetaYamlError && /invalid YAML/.test(e.message));
    assert.throws(() => parseMetaYaml(Buffer.from([0x61, 0x3a, 0x20, 0xe9, 0x0a])), /not valid UTF-8/);
    assert.throws(() => read(''), /empty/);
    assert.throws(() => read('- a\n- b\n'), /not a YAML mapping/);
  });
});
