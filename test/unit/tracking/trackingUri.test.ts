import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { parseTrackingUri, redactUri, resolveTrackingUri } from '../../../src/core/tracking/trackingUri';
import { TrackingError } from '../../../src/core/tracking/errors';
import { makeTempDir } from '../../support/tempDir';

describe('tracking URI resolution', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir('uri')));
  afterEach(() => cleanup());

  it('prefers the explicit URI, then MLFLOW_TRACKING_URI', () => {
    const env = { MLFLOW_TRACKING_URI: 'http://env:5000' };
    assert.equal(resolveTrackingUri({ explicit: 'sqlite:///x.db', env, baseDir: dir }).kind, 'sqlite');
    const fromEnv = resolveTrackingUri({ explicit: '  ', env, baseDir: dir });
    assert.deepEqual(fromEnv, { kind: 'rest', uri: 'http://env:5000', source: 'MLFLOW_TRACKING_URI' });
  });

  it('defaults to ./mlflow.db when ./mlruns holds no experiment', () => {
    fs.mkdirSync(path.join(dir, 'mlruns', '.trash'), { recursive: true });
    const resolved = resolveTrackingUri({ env: {}, baseDir: dir });
    assert.equal(resolved.kind, 'sqlite');
    assert.equal(resolved.uri, `sqlite:///${path.join(dir, 'mlflow.db')}`);
    assert.equal(resolved.source, 'default');
  });

  it('defaults to ./mlruns when it holds an experiment, as MLflow does', () => {
    fs.mkdirSync(path.join(dir, 'mlruns', '0'), { recursive: true });
    fs.writeFileSync(path.join(dir, 'mlruns', '0', 'meta.yaml'), 'name: Default\n');
    fs.writeFileSync(path.join(dir, 'mlflow.db'), '');
    const resolved = resolveTrackingUri({ env: {}, baseDir: dir });
    assert.equal(resolved.kind, 'file');
    assert.equal(resolved.kind === 'file' && resolved.path, path.join(dir, 'mlruns'));
  });

  it('reads SQLAlchemy sqlite URIs: three slashes relative, four absolute', () => {
    const rel = parseTrackingUri('sqlite:///sub/m%20x.db', '/base');
    assert.equal(rel.kind === 'sqlite' && rel.path, '/base/sub/m x.db');
    const abs = parseTrackingUri('sqlite:////data/mlflow.db', '/base');
    assert.equal(abs.kind === 'sqlite' && abs.path, '/data/mlflow.db');
    assert.equal(abs.uri, 'sqlite:////data/mlflow.db');
  });

  it('reads file URIs and plain paths as file stores', () => {
    const uri = parseTrackingUri('file:///data/ml%20runs', '/base');
    assert.equal(uri.kind === 'file' && uri.path, '/data/ml runs');
    const plain = parseTrackingUri('./mlruns', '/base');
    assert.equal(plain.kind === 'file' && plain.path, '/base/mlruns');
  });

  it('rejects schemes it cannot read with a reason', () => {
    assert.throws(() => parseTrackingUri('postgresql://u@h/db', '/'), (e: unknown) => e instanceof TrackingError && /tracking server/.test(e.message));
    assert.throws(() => parseTrackingUri('sqlite://', '/'), TrackingError);
  });

  it('redacts credentials', () => {
    assert.equal(redactUri('https://user:secret@host:5000/x'), 'https://host:5000/x');
  });
});
