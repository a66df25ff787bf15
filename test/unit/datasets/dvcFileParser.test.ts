import * as assert from 'node:assert/strict';
import { parseDvcDefinition, parseDvcFile, parseDvcLock } from '../../../src/core/datasets/dvcFileParser';
import { resolveDvcPath } from '../../../src/core/datasets/dvcPaths';

describe('DVC file parsing', () => {
  it('reads a DVC 3 .dvc file (`hash: md5`) with its path resolved against the file folder', () => {
    const text = ['outs:', '- md5: a304afb96060aad90176268345e10355', '  size: 14445097', '  hash: md5', '  path: train.csv', ''].join('\n');
    const content = parseDvcFile(text, 'data/train.csv.dvc');
    assert.deepEqual(content.problems, []);
    assert.deepEqual(content.outputs, [
      {
        path: 'data/train.csv',
        declaredPath: 'train.csv',
        external: false,
        hash: 'a304afb96060aad90176268345e10355',
        hashKind: 'md5',
        size: 14445097,
        isDirectory: false,
        definedIn: 'data/train.csv.dvc',
      },
    ]);
  });

  it('reads a DVC 2 .dvc file (legacy `md5:` only) as md5-dos2unix and a directory by its .dir hash and nfiles', () => {
    const text = ['outs:', '- md5: 22a1a2931c8370d3aeedd7183606fd7f.dir', '  size: 8437363', '  nfiles: 2', '  path: images', ''].join('\n');
    const [output] = parseDvcFile(text, 'images.dvc').outputs;
    assert.equal(output.path, 'images');
    assert.equal(output.hash, '22a1a2931c8370d3aeedd7183606fd7f.dir');
    assert.equal(output.hashKind, 'md5-dos2unix');
    assert.equal(output.isDirectory, true);
    assert.equal(output.fileCount, 2);
  });

  it('keeps an all-digit md5 as text, not a number', () => {
    const [output] = parseDvcFile('outs:\n- md5: 12345678901234567890123456789012\n  path: a\n', 'a.dvc').outputs;
    assert.equal(output.hash, '12345678901234567890123456789012');
  });

  it('reads a cloud output by its etag and keeps its URL as an external path', () => {
    const text = ['outs:', '- etag: 0x8DB7A3B8E0B2C1F', '  size: 1024', '  path: s3://bucket/data/raw.csv', ''].join('\n');
    const [output] = parseDvcFile(text, 'raw.dvc').outputs;
    assert.deepEqual([output.path, output.external, output.hash, output.hashKind], ['s3://bucket/data/raw.csv', true, '0x8DB7A3B8E0B2C1F', 'etag']);
  });

  it('reads the deps of an import with the source repository and applies wdir', () => {
    const text = [
      'md5: 0b3c3e4a',
      'frozen: true',
      'wdir: ..',
      'deps:',
      '- path: get-started/data.xml',
      '  repo:',
      '    url: https://github.com/iterative/dataset-registry',
      '    rev_lock: f31f5c4cdae787b4bdeb97a717687d44667d9e62',
      'outs:',
      '- md5: a304afb96060aad90176268345e10355',
      '  hash: md5',
      '  path: data/data.xml',
      '',
    ].join('\n');
    const content = parseDvcFile(text, 'defs/data.xml.dvc');
    assert.equal(content.outputs[0].path, 'data/data.xml');
    assert.equal(content.dependencies[0].path, 'get-started/data.xml');
    assert.deepEqual(content.dependencies[0].repo, {
      url: 'https://github.com/iterative/dataset-registry',
      revLock: 'f31f5c4cdae787b4bdeb97a717687d44667d9e62',
    });
    assert.equal('repo' in content.outputs[0], false);
  });

  it('reports malformed YAML, a non-mapping and a missing outs as problems naming the file', () => {
    const broken = parseDvcFile('outs:\n- md5: abc\n  path: [unclosed\n', 'bad.dvc');
    assert.deepEqual(broken.outputs, []);
    assert.equal(broken.problems.length, 1);
    assert.equal(broken.problems[0].item, 'bad.dvc');
    assert.match(broken.problems[0].message, /^not valid YAML: /);
    assert.match(parseDvcFile('- a\n- b\n', 'list.dvc').problems[0].message, /top level is not a mapping/);
    assert.match(parseDvcFile('md5: abc\n', 'no-outs.dvc').problems[0].message, /no 'outs'/);
    assert.match(parseDvcFile('', 'empty.dvc').problems[0].message, /empty/);
  });

  it('keeps the good entries of a file with a bad one', () => {
    const text = ['outs:', '- md5: aa', '  path: good.csv', '- md5: bb', '- path: bad-size.csv', '  size: lots', ''].join('\n');
    const content = parseDvcFile(text, 'mixed.dvc');
    assert.deepEqual(content.outputs.map((o) => o.path), ['good.csv']);
    assert.deepEqual(content.problems.map((p) => p.message), ["outs[1]: no 'path'", "outs[2]: 'size' is not a byte count: lots"]);
  });
});

describe('dvc.lock parsing', () => {
  const lock = [
    "schema: '2.0'",
    'stages:',
    '  prepare:',
    '    cmd: python src/prepare.py data/data.xml',
    '    deps:',
    '    - path: data/data.xml',
    '      hash: md5',
    '      md5: 22a1a2931c8370d3aeedd7183606fd7f',
    '      size: 14445097',
    '    outs:',
    '    - path: data/prepared',
    '      hash: md5',
    '      md5: 153aad06d376b6595932470e459ef42a.dir',
    '      size: 8437363',
    '      nfiles: 2',
    '  train@0:',
    '    cmd: python train.py',
    '    outs:',
    '    - path: model.pkl',
    '      md5: 0e9b8c1e2a',
    '      size: 1000',
    '',
  ].join('\n');

  it('reads the outs and deps of every stage of schema 2.0, relative to the lock file folder', () => {
    const content = parseDvcLock(lock, 'pipeline/dvc.lock');
    assert.deepEqual(content.problems, []);
    assert.deepEqual(
      content.outputs.map((o) => [o.stage, o.path, o.hash, o.hashKind, o.size, o.fileCount, o.isDirectory]),
      [
        ['prepare', 'pipeline/data/prepared', '153aad06d376b6595932470e459ef42a.dir', 'md5', 8437363, 2, true],
        ['train@0', 'pipeline/model.pkl', '0e9b8c1e2a', 'md5-dos2unix', 1000, undefined, false],
      ],
    );
    assert.deepEqual(content.dependencies.map((d) => [d.stage, d.path]), [['prepare', 'pipeline/data/data.xml']]);
  });

  it('is chosen by file name and reads DVC 1 locks (stages at the top level)', () => {
    const legacy = ['train:', '  cmd: python train.py', '  outs:', '  - path: model.pkl', '    md5: 0e9b8c1e2a', ''].join('\n');
    const content = parseDvcDefinition(legacy, 'dvc.lock');
    assert.deepEqual(content.outputs.map((o) => [o.stage, o.path]), [['train', 'model.pkl']]);
  });

  it('reports an unknown schema, a bad stage and bad YAML but keeps the other stages', () => {
    assert.match(parseDvcLock("schema: '3.0'\nstages: {}\n", 'dvc.lock').problems[0].message, /schema 3.0 is not supported/);
    const content = parseDvcLock("schema: '2.0'\nstages:\n  broken: just text\n  ok:\n    outs:\n    - path: a\n      md5: aa\n", 'dvc.lock');
    assert.deepEqual(content.outputs.map((o) => o.path), ['a']);
    assert.deepEqual(content.problems, [{ item: 'dvc.lock', message: "stage 'broken' is not a mapping" }]);
    assert.match(parseDvcLock('stages: [\n', 'dvc.lock').problems[0].message, /^not valid YAML/);
  });
});

describe('DVC path resolution', () => {
  it('resolves against the defining file folder and keeps outside paths as written', () => {
    assert.deepEqual(resolveDvcPath('train.csv', 'data/train.csv.dvc'), { path: 'data/train.csv', external: false });
    assert.deepEqual(resolveDvcPath('sub\\x.csv', 'a.dvc'), { path: 'sub/x.csv', external: false });
    assert.deepEqual(resolveDvcPath('../../shared/x', 'data/x.dvc'), { path: '../shared/x', external: true });
    assert.deepEqual(resolveDvcPath('/mnt/data/x', 'x.dvc'), { path: '/mnt/data/x', external: true });
    assert.deepEqual(resolveDvcPath('gs://b/x', 'x.dvc'), { path: 'gs://b/x', external: true });
  });
});
