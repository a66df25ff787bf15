import * as assert from 'node:assert/strict';
import * as path from 'node:path';
import { FileTrackingStore } from '../../../src/core/tracking/file/fileTrackingStore';
import { FixtureStore, toYaml } from './fixtureStore';

describe('file store model registry', () => {
  let fixture: FixtureStore;
  let store: FileTrackingStore;

  beforeEach(() => {
    fixture = new FixtureStore('file-registry');
    store = new FileTrackingStore(fixture.root, `file://${fixture.root}`);
    fixture.experiment('0');
  });
  afterEach(() => fixture.cleanup());

  function model(name: string, tags: Record<string, string> = {}, aliases: Record<string, string> = {}) {
    fixture.write(
      `models/${name}/meta.yaml`,
      // meta.yaml's own aliases copy is stale on purpose: the aliases/ folder is the truth.
      `aliases:\n  stale: '9'\n${toYaml({ creation_timestamp: 100, deployment_job_id: null, description: null, last_updated_timestamp: 200, name })}`,
    );
    for (const [key, value] of Object.entries(tags)) fixture.write(`models/${name}/tags/${key}`, value);
    for (const [alias, version] of Object.entries(aliases)) fixture.write(`models/${name}/aliases/${alias}`, version);
  }

  function version(name: string, number: number, stage = 'None', tags: Record<string, string> = {}) {
    fixture.write(
      `models/${name}/version-${number}/meta.yaml`,
      toYaml({
        creation_timestamp: 100 + number,
        current_stage: stage,
        description: number === 1 ? 'first' : null,
        last_updated_timestamp: 300 + number,
        model_id: number === 1 ? 'm-abc' : null,
        name,
        run_id: `run${number}`,
        run_link: null,
        source: `models:/m-${number}`,
        status: 'READY',
        status_message: null,
        storage_location: null,
        user_id: null,
        version: number,
      }),
    );
    for (const [key, value] of Object.entries(tags)) fixture.write(`models/${name}/version-${number}/tags/${key}`, value);
  }

  it('reads models with tags, aliases and versions in ascending order', async () => {
    model('clf', { team: 'a' }, { champion: '10', challenger: '2', orphan: '7' });
    for (const n of [10, 2, 1]) version('clf', n, n === 2 ? 'Staging' : 'None', n === 1 ? { validated: 'yes' } : {});
    const { items, problems } = await store.listRegisteredModels();
    assert.deepEqual(problems, []);
    assert.equal(items.length, 1);
    const { versions, ...rest } = items[0];
    assert.deepEqual(rest, {
      name: 'clf',
      description: null,
      creation_timestamp: 100,
      last_updated_timestamp: 200,
      tags: { team: 'a' },
      aliases: { challenger: '2', champion: '10', orphan: '7' },
    });
    assert.deepEqual(versions.map((v) => [v.version, v.current_stage, v.aliases]), [
      ['1', 'None', []],
      ['2', 'Staging', ['challenger']],
      ['10', 'None', ['champion']],
    ]);
    assert.deepEqual(versions[0], {
      name: 'clf',
      version: '1',
      current_stage: 'None',
      status: 'READY',
      run_id: 'run1',
      source: 'models:/m-1',
      creation_timestamp: 101,
      last_updated_timestamp: 301,
      description: 'first',
      tags: { validated: 'yes' },
      aliases: [],
      model_id: 'm-abc',
    });
  });

  it('hides versions in stage Deleted_Internal and prompts', async () => {
    model('clf');
    version('clf', 1);
    version('clf', 2, 'Deleted_Internal');
    model('my-prompt', { 'mlflow.prompt.is_prompt': 'true' });
    version('my-prompt', 1);
    model('not-a-prompt', { 'mlflow.prompt.is_prompt': 'false' });
    const { items } = await store.listRegisteredModels();
    assert.deepEqual(items.map((m) => [m.name, m.versions.map((v) => v.version)]), [
      ['clf', ['1']],
      ['not-a-prompt', []],
    ]);
  });

  it('orders models by name and reports a corrupt model or version without hiding the rest', async () => {
    model('b');
    model('a');
    version('a', 1);
    fixture.write('models/a/version-2/meta.yaml', 'version: [\n');
    fixture.write('models/c/meta.yaml', Buffer.from([0xff]));
    const { items, problems } = await store.listRegisteredModels();
    assert.deepEqual(items.map((m) => [m.name, m.versions.length]), [
      ['a', 1],
      ['b', 0],
    ]);
    assert.deepEqual(problems.map((p) => path.relative(fixture.root, p.item)).sort(), ['models/a/version-2/meta.yaml', 'models/c/meta.yaml']);
  });

  it('lists nothing when the store has no registry folder', async () => {
    assert.deepEqual(await store.listRegisteredModels(), { items: [], problems: [] });
  });
});
