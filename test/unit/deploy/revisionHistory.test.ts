import * as assert from 'node:assert/strict';
import type { RevisionContainer } from '../../../src/core/deploy/docker/revisionHistory';
import { deploymentState, groupByDeployment, nextRevision, previousRevision, revisionsToPrune } from '../../../src/core/deploy/docker/revisionHistory';
import { type ContainerRole, LABELS, containerName, imageModel, parseRevisionLabels, revisionLabels } from '../../../src/core/deploy/docker/revisionLabels';

function container(revision: number, role: ContainerRole, running: boolean, deployment = 'iris'): RevisionContainer {
  const record = {
    deployment, revision, role, model: { name: 'iris-classifier', version: String(revision), runId: null },
    imageReference: `iris:${revision}`, imageDigest: `sha256:${revision}`, port: 8080, servicePort: 8080, createdAt: revision * 1000, changeCause: '', rollbackOf: null,
  };
  return { id: `${deployment}-${revision}-${role}`, name: containerName(deployment, revision, role), running, record };
}

describe('docker revisions from container labels', () => {
  it('writes every field as a label and reads it back', () => {
    const record = {
      deployment: 'iris', revision: 4, role: 'serving' as const, model: { name: 'iris-classifier', version: '3', runId: 'abc' },
      imageReference: '127.0.0.1:5000/iris:3', imageDigest: 'sha256:0123', port: 8081, servicePort: 8081,
      createdAt: Date.UTC(2026, 10, 27, 8, 30), changeCause: 'Rolled back to revision 1 (first release)', rollbackOf: 1,
    };
    const labels = revisionLabels(record);
    assert.equal(labels['org.mlops-studio.deployment'], 'iris');
    assert.equal(labels['org.mlops-studio.revision'], '4');
    assert.equal(labels['org.mlops-studio.model.name'], 'iris-classifier');
    assert.equal(labels['org.mlops-studio.model.version'], '3');
    assert.equal(labels['org.mlops-studio.image.digest'], 'sha256:0123');
    assert.equal(labels['org.mlops-studio.created'], '2026-11-27T08:30:00.000Z');
    assert.equal(labels['org.mlops-studio.change-cause'], 'Rolled back to revision 1 (first release)');
    assert.deepEqual(parseRevisionLabels(labels), record);
  });

  it('ignores containers whose labels are not a revision of ours', () => {
    assert.equal(parseRevisionLabels(undefined), undefined);
    assert.equal(parseRevisionLabels({ 'com.example': 'x' }), undefined);
    const labels = revisionLabels(container(1, 'serving', true).record);
    assert.equal(parseRevisionLabels({ ...labels, [LABELS.revision]: '0' }), undefined);
    assert.equal(parseRevisionLabels({ ...labels, [LABELS.revision]: '1.5' }), undefined);
    assert.equal(parseRevisionLabels({ ...labels, [LABELS.role]: 'other' }), undefined);
    const { [LABELS.modelName]: _name, ...withoutModel } = labels;
    assert.equal(parseRevisionLabels(withoutModel)?.model, null);
  });

  it('reads the model an image serves from the builder\'s labels', () => {
    assert.deepEqual(imageModel({ [LABELS.modelName]: 'iris', [LABELS.modelVersion]: '2' }), { name: 'iris', version: '2', runId: null });
    assert.equal(imageModel({ [LABELS.modelName]: 'iris' }), null);
    assert.equal(imageModel(null), null);
  });

  it('makes the highest promoted revision current, whatever runs', () => {
    const state = deploymentState('iris', [container(1, 'serving', false), container(2, 'serving', false), container(3, 'candidate', false), container(4, 'candidate', true)]);
    assert.deepEqual(state.revisions.map((r) => r.revision), [4, 3, 2, 1]);
    assert.equal(state.current?.revision, 2, 'a stopped serving revision stays current; failed and trial ones never are');
    assert.equal(previousRevision(state)?.revision, 1);
    assert.equal(nextRevision(state), 5);
  });

  it('has no current or previous revision before one served', () => {
    const state = deploymentState('iris', [container(1, 'candidate', false)]);
    assert.equal(state.current, null);
    assert.equal(previousRevision(state), null);
    assert.equal(nextRevision(deploymentState('iris', [])), 1);
  });

  it('prefers the serving container of a revision that has both, mid-switch', () => {
    const state = deploymentState('iris', [container(2, 'candidate', false), container(2, 'serving', true), container(1, 'serving', false)]);
    assert.equal(state.revisions.length, 2);
    assert.equal(state.current?.serving?.running, true);
    assert.equal(state.current?.candidate?.running, false);
  });

  it('keeps the current revision and the newest others up to the limit; never a running one', () => {
    const containers = [1, 2, 3, 4, 5].map((r) => container(r, 'serving', r === 3));
    containers.push(container(6, 'candidate', false), container(7, 'candidate', true));
    const state = deploymentState('iris', containers);
    assert.equal(state.current?.revision, 5);
    assert.deepEqual(revisionsToPrune(state, 2).map((r) => r.revision), [4, 2, 1], 'keeps 7 and 6 (newest), 5 (current), 3 (running)');
    assert.deepEqual(revisionsToPrune(state, 0).map((r) => r.revision), [6, 4, 2, 1]);
    assert.deepEqual(revisionsToPrune(state, 10), []);
  });

  it('groups containers by deployment, sorted by name', () => {
    const states = groupByDeployment([container(1, 'serving', true, 'zeta'), container(1, 'serving', true, 'alpha'), container(2, 'serving', true, 'alpha')]);
    assert.deepEqual(states.map((s) => [s.name, s.revisions.length]), [['alpha', 2], ['zeta', 1]]);
  });

  it('names containers after the deployment, revision and role', () => {
    assert.equal(containerName('iris', 3, 'serving'), 'mlops-iris-r3');
    assert.equal(containerName('iris', 3, 'candidate'), 'mlops-iris-r3-candidate');
  });
});
