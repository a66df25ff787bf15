import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { type BuildProgress, buildModelImage } from '../../../src/core/build';
import { decodeLogBuffer } from '../../../src/core/deploy/docker/logFrames';
import { openTrackingStore } from '../../../src/core/tracking/openTrackingStore';
import { parseTrackingUri } from '../../../src/core/tracking/trackingUri';
import type { TrackingStore } from '../../../src/core/tracking/types';
import { type MlflowServer, startMlflowServer } from '../../support/mlflowServer';
import { repoRoot, runPython } from '../../support/python';
import { makeTempDir } from '../../support/tempDir';
import { type BuildTestEnv, buildTestEnv } from './buildTestEnv';

describe('image of a model on a tracking server (artifacts through its proxy)', function () {
  this.timeout(10 * 60_000);
  let env: BuildTestEnv;
  let temp: { dir: string; cleanup: () => void };
  let server: MlflowServer;
  let store: TrackingStore;
  let runId: string;
  const tag = `mlops-build-it/served:${process.pid}`;

  before(async () => {
    env = await buildTestEnv();
    temp = makeTempDir('build-server');
    server = await startMlflowServer(temp.dir);
    const script = path.join(repoRoot, 'test', 'integration', 'build', 'fixtures', 'train_and_register.py');
    runId = (JSON.parse(runPython(script, [server.url, 'served-model']).trim().split('\n').pop() ?? '{}') as { runId: string }).runId;
    store = openTrackingStore(parseTrackingUri(server.url, temp.dir), { env: {} });
  });

  after(async () => {
    store?.close();
    await server?.stop();
    temp?.cleanup();
    await env?.engine.docker.getImage(tag).remove({ force: true }).catch(() => undefined);
  });

  it('downloads the model through the server and builds it into the image', async () => {
    const progress: BuildProgress[] = [];
    const built = await buildModelImage(
      { model: { name: 'served-model', alias: 'champion' }, tag, baseImage: env.pythonImage },
      { store, engine: env.engine, env: { ...process.env }, onProgress: (p) => progress.push(p) },
    );
    assert.deepEqual(built.model, { name: 'served-model', version: '2', runId });
    const downloads = progress.filter((p) => p.phase === 'download').map((p) => p.message);
    assert.ok(downloads.some((m) => /^downloading the model from http:\/\/127\.0\.0\.1:\d+\/api\/2\.0\/mlflow-artifacts\/artifacts\//.test(m)), downloads.join('\n'));
    assert.ok(downloads.includes('downloaded MLmodel'), downloads.join('\n'));
    const container = await env.engine.docker.createContainer({ Image: built.imageId, Cmd: ['cat', '/opt/mlops/model/MLmodel', '/opt/mlops/model/requirements.txt'] });
    try {
      await container.start();
      assert.equal(((await container.wait()) as { StatusCode: number }).StatusCode, 0);
      const text = decodeLogBuffer(await container.logs({ stdout: true, stderr: true })).map((l) => l.text).join('\n');
      assert.match(text, new RegExp(`run_id: ${runId}`));
      assert.match(text, /^scikit-learn==/m);
    } finally {
      await container.remove({ force: true });
    }
  });
});
