import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { FileTrackingStore } from '../../../src/core/tracking/file/fileTrackingStore';
import { TrackingError } from '../../../src/core/tracking/errors';
import { FixtureStore } from './fixtureStore';

describe('file store experiments', () => {
  let fixture: FixtureStore;
  let store: FileTrackingStore;
  const bigId = '123456789012345678901'; // beyond 2^53: must never pass through a number

  beforeEach(() => {
    fixture = new FixtureStore('file-exp');
    store = new FileTrackingStore(fixture.root, `file://${fixture.root}`);
    fixture.experiment('0', { name: 'Default', creationTime: 1000 });
    fixture.experiment(bigId, { name: 'big', creationTime: 3000, tags: { team: 'vision', 'nested/key': 'x' } });
    fixture.experiment('42', { name: 'gone', creationTime: 2000, deleted: true });
  });
  afterEach(() => fixture.cleanup());

  it('lists active experiments with tags, newest first, ids kept as strings', async () => {
    const { items, problems } = await store.listExperiments('active');
    assert.deepEqual(problems, []);
    assert.deepEqual(items.map((e) => e.experiment_id), [bigId, '0']);
    assert.deepEqual(items[0], {
      experiment_id: bigId,
      name: 'big',
      artifact_location: `file://${fixture.root}/${bigId}`,
      lifecycle_stage: 'active',
      creation_time: 3000,
      last_update_time: 3000,
      tags: { team: 'vision', 'nested/key': 'x' },
    });
  });

  it('lists deleted experiments from .trash, and both for the all view', async () => {
    const deleted = await store.listExperiments('deleted');
    assert.deepEqual(deleted.items.map((e) => [e.experiment_id, e.lifecycle_stage]), [['42', 'deleted']]);
    const all = await store.listExperiments('all');
    assert.deepEqual(all.items.map((e) => e.experiment_id), [bigId, '42', '0']);
  });

  it('reads a legacy unquoted integer experiment id exactly, even beyond 2^53', async () => {
    fixture.write(`${bigId}/meta.yaml`, `artifact_location: file:///x\nexperiment_id: ${bigId}\nlifecycle_stage: active\nname: big\n`);
    const { items } = await store.listExperiments('active');
    assert.equal(items.find((e) => e.name === 'big')?.experiment_id, bigId);
    assert.equal(items.find((e) => e.name === 'big')?.creation_time, null);
  });

  it('orders by creation time descending, missing times last, then by id as a string', async () => {
    fixture.experiment('7', { creationTime: 1000 });
    fixture.experiment('10', { creationTime: 1000 });
    fixture.write('9/meta.yaml', 'artifact_location: a\nexperiment_id: \'9\'\nlifecycle_stage: active\nname: n9\n');
    const { items } = await store.listExperiments('active');
    assert.deepEqual(items.map((e) => e.experiment_id), [bigId, '0', '10', '7', '9']);
  });

  it('reports a truncated, a non-UTF-8, an empty and a missing meta.yaml, and lists the rest', async () => {
    fixture.write('5/meta.yaml', 'artifact_location: file:///x\nexperiment_id: \'5\'\nlifecycle_st');
    fixture.write('6/meta.yaml', Buffer.from([0x6e, 0x61, 0x6d, 0x65, 0x3a, 0x20, 0xff, 0xfe, 0x0a]));
    fixture.write('8/meta.yaml', '');
    fs.mkdirSync(path.join(fixture.root, '9'));
    const { items, problems } = await store.listExperiments('active');
    assert.deepEqual(items.map((e) => e.experiment_id), [bigId, '0']);
    const byItem = new Map(problems.map((p) => [path.relative(fixture.root, p.item), p.message]));
    assert.deepEqual([...byItem.keys()].sort(), ['5/meta.yaml', '6/meta.yaml', '8/meta.yaml', '9/meta.yaml']);
    assert.match(byItem.get('5/meta.yaml') ?? '', /YAML/);
    assert.match(byItem.get('6/meta.yaml') ?? '', /UTF-8/);
    assert.match(byItem.get('8/meta.yaml') ?? '', /empty/);
    assert.match(byItem.get('9/meta.yaml') ?? '', /without meta\.yaml/);
  });

  it('skips an experiment whose meta names another id, and a folder that is no experiment id', async () => {
    fixture.experiment('11');
    fixture.write('11/meta.yaml', fs.readFileSync(path.join(fixture.root, '11/meta.yaml'), 'utf8').replace("'11'", "'12'"));
    fs.mkdirSync(path.join(fixture.root, '.ipynb_checkpoints'));
    const { items, problems } = await store.listExperiments('active');
    assert.deepEqual(items.map((e) => e.experiment_id), [bigId, '0']);
    assert.equal(problems.length, 2);
    assert.match(problems.find((p) => p.item.endsWith('11/meta.yaml'))?.message ?? '', /names experiment '12'/);
    assert.match(problems.find((p) => p.item.endsWith('.ipynb_checkpoints'))?.message ?? '', /not a valid experiment id/);
  });

  it('does not take the registry models folder for an experiment', async () => {
    fixture.write('models/m/meta.yaml', 'name: m\n');
    const { items, problems } = await store.listExperiments('all');
    assert.equal(items.length, 3);
    assert.deepEqual(problems, []);
  });

  it('fails with NOT_FOUND naming the path when the root does not exist, and creates nothing', async () => {
    const missing = path.join(fixture.root, 'nope');
    const absent = new FileTrackingStore(missing, 'file:///nope');
    await assert.rejects(absent.listExperiments('active'), (error: unknown) => {
      assert.ok(error instanceof TrackingError);
      assert.equal(error.code, 'NOT_FOUND');
      assert.match(error.message, new RegExp(missing.replace(/[/\\.]/g, '\\$&')));
      return true;
    });
    assert.equal(fs.existsSync(missing), false);
  });
});
