// Aliases set and deleted through our REST store on a real `mlflow server`, read back with our
// store and with MLflow's Python client.
import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { TrackingError } from '../../../src/core/tracking/errors';
import { RestTrackingStore } from '../../../src/core/tracking/rest';
import type { RegistryWrites } from '../../../src/core/tracking/types';
import { repoRoot, runPython } from '../../support/python';
import { type RunningMlflowServer, startMlflowServer } from './mlflowServer';

const script = path.join(repoRoot, 'test', 'integration', 'rest', 'fixtures', 'registry_aliases.py');
const MODEL = 'aliased';

interface RegistryView {
  model: Record<string, string>;
  versions: Record<string, string[]>;
}

interface PythonView extends RegistryView {
  /** what get_model_version_by_alias answers for each alias */
  byAlias: Record<string, string>;
}

describe('Registered model aliases on a real MLflow server', function () {
  this.timeout(180_000);
  let server: RunningMlflowServer;
  let store: RestTrackingStore;
  let writes: RegistryWrites;

  /** MLflow's own reading, checked to agree with itself before it is compared with ours */
  const pythonView = (): RegistryView => {
    const { byAlias, ...view } = JSON.parse(runPython(script, ['read', server.uri, MODEL])) as PythonView;
    assert.deepEqual(byAlias, view.model);
    return view;
  };

  async function ourView(): Promise<RegistryView> {
    const listing = await store.listRegisteredModels();
    assert.deepEqual(listing.problems, []);
    const model = listing.items.find((m) => m.name === MODEL);
    assert.ok(model, `${MODEL} is not listed`);
    return { model: model.aliases, versions: Object.fromEntries(model.versions.map((v) => [v.version, [...v.aliases].sort()])) };
  }

  before(async () => {
    server = await startMlflowServer();
    runPython(script, ['populate', server.uri]);
    store = new RestTrackingStore(server.uri, { env: { HOME: server.dir }, homeDir: server.dir });
    assert.ok(store.registryWrites);
    writes = store.registryWrites;
  });

  after(async () => {
    store?.close();
    await server?.stop();
  });

  it('sets a new alias, seen by our store and by MLflow\'s client', async () => {
    await writes.setModelAlias(MODEL, 'challenger', '3');
    const expected = { model: { champion: '1', challenger: '3' }, versions: { '1': ['champion'], '2': [], '3': ['challenger'] } };
    assert.deepEqual(await ourView(), expected);
    assert.deepEqual(pythonView(), expected);
  });

  it('moves an alias to another version', async () => {
    await writes.setModelAlias(MODEL, 'champion', '2');
    const expected = { model: { champion: '2', challenger: '3' }, versions: { '1': [], '2': ['champion'], '3': ['challenger'] } };
    assert.deepEqual(await ourView(), expected);
    assert.deepEqual(pythonView(), expected);
  });

  it('deletes an alias', async () => {
    await writes.deleteModelAlias(MODEL, 'challenger');
    const expected = { model: { champion: '2' }, versions: { '1': [], '2': ['champion'], '3': [] } };
    assert.deepEqual(await ourView(), expected);
    assert.deepEqual(pythonView(), expected);
  });

  it('passes MLflow\'s refusals on: unknown version, reserved alias, unknown model', async () => {
    const refused = async (promise: Promise<void>, code: TrackingError['code'], reason: RegExp): Promise<void> =>
      assert.rejects(promise, (error: unknown) => {
        assert.ok(error instanceof TrackingError, String(error));
        assert.equal(error.code, code);
        assert.match(error.reason, reason);
        return true;
      });
    await refused(writes.setModelAlias(MODEL, 'champion', '9'), 'NOT_FOUND', /Model Version \(name=aliased, version=9\) not found/);
    await refused(writes.setModelAlias(MODEL, 'v2', '2'), 'INVALID_ARGUMENT', /Version alias name 'v2' is reserved/);
    await refused(writes.deleteModelAlias('no-such-model', 'champion'), 'NOT_FOUND', /no-such-model/);
    assert.deepEqual(pythonView().model, { champion: '2' });
  });
});
