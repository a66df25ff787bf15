import * as assert from 'node:assert/strict';
import type { V1Deployment, V1PodTemplateSpec, V1ReplicaSet } from '@kubernetes/client-node';
import { DeployError } from '../../../src/core/deploy/deployError';
import { equalIgnoreHash, withoutHash } from '../../../src/core/deploy/kubernetes/podTemplates';
import { currentReplicaSet, earlierRevisions, ownedReplicaSets, replicaSetForRevision, rollbackPatch } from '../../../src/core/deploy/kubernetes/replicaSetRevisions';
import { deploymentSummary } from '../../../src/core/deploy/kubernetes/revisionList';

const UID = 'deployment-uid';

function template(image: string, hash?: string): V1PodTemplateSpec {
  return {
    metadata: { labels: { 'app.kubernetes.io/instance': 'iris', ...(hash ? { 'pod-template-hash': hash } : {}) }, annotations: { 'mlops-studio.org/model-name': 'iris', 'mlops-studio.org/model-version': image.slice(-1) } },
    spec: { containers: [{ name: 'model', image, ports: [{ name: 'http', containerPort: 8080 }] }] },
  };
}

function replicaSet(revision: number | undefined, image: string, options: { owner?: string; controller?: boolean; history?: string; cause?: string; ready?: number; replicas?: number; served?: boolean } = {}): V1ReplicaSet {
  const hash = `h${revision ?? 'x'}${image.slice(-1)}`;
  return {
    metadata: {
      name: `iris-${hash}`,
      uid: `rs-${hash}`,
      creationTimestamp: new Date(Date.UTC(2026, 10, 27, 8, revision ?? 0)),
      labels: { 'pod-template-hash': hash },
      ownerReferences: [{ apiVersion: 'apps/v1', kind: 'Deployment', name: 'iris', uid: options.owner ?? UID, controller: options.controller ?? true }],
      annotations: {
        ...(revision === undefined ? {} : { 'deployment.kubernetes.io/revision': String(revision) }),
        ...(options.history ? { 'deployment.kubernetes.io/revision-history': options.history } : {}),
        'kubernetes.io/change-cause': options.cause ?? `Deploy ${image}`,
        'deployment.kubernetes.io/desired-replicas': '1',
        'deployment.kubernetes.io/max-replicas': '2',
        ...(options.served ? { 'mlops-studio.org/served-at': '2026-11-27T08:00:00Z' } : {}),
      },
    },
    spec: { replicas: options.replicas ?? 0, selector: { matchLabels: {} }, template: template(image, hash) },
    status: { replicas: options.replicas ?? 0, readyReplicas: options.ready ?? 0 },
  };
}

function deployment(image: string, annotations: Record<string, string> = {}): V1Deployment {
  return {
    metadata: { name: 'iris', uid: UID, annotations: { 'deployment.kubernetes.io/revision': '3', 'kubernetes.io/change-cause': `Deploy ${image}`, ...annotations } },
    spec: { replicas: 1, selector: { matchLabels: {} }, template: template(image) },
    status: { replicas: 1, updatedReplicas: 1, readyReplicas: 1, availableReplicas: 1 },
  };
}

function thrown(work: () => unknown): DeployError {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof DeployError);
    return error;
  }
  assert.fail('expected an error');
}

describe('kubernetes revisions (kubectl rollout undo and history semantics)', () => {
  it('compares pod templates without the pod-template-hash label', () => {
    assert.equal(equalIgnoreHash(template('iris:1', 'abc'), template('iris:1')), true);
    assert.equal(equalIgnoreHash(template('iris:1', 'abc'), template('iris:1', 'def')), true);
    assert.equal(equalIgnoreHash(template('iris:1', 'abc'), template('iris:2', 'abc')), false);
    const labelled = template('iris:1');
    labelled.metadata!.labels!.tier = 'gold';
    assert.equal(equalIgnoreHash(labelled, template('iris:1')), false);
  });

  it('treats absent, null, empty maps and empty lists as equal, like Semantic.DeepEqual', () => {
    const bare: V1PodTemplateSpec = { spec: { containers: [{ name: 'model', image: 'iris:1' }] } };
    const empty = { metadata: { labels: {}, annotations: null }, spec: { containers: [{ name: 'model', image: 'iris:1', env: [] }], volumes: [] } } as unknown as V1PodTemplateSpec;
    assert.equal(equalIgnoreHash(bare, empty), true);
    assert.equal(equalIgnoreHash(bare, { spec: { containers: [{ name: 'model', image: 'iris:1', args: ['--workers', '2'] }] } }), false);
  });

  it('removes only the hash label from the template it patches back', () => {
    const copy = withoutHash(template('iris:1', 'abc'));
    assert.deepEqual(copy.metadata?.labels, { 'app.kubernetes.io/instance': 'iris' });
    assert.equal(copy.spec?.containers[0].image, 'iris:1');
  });

  it('keeps the ReplicaSets the Deployment controls, by owner uid, oldest revision first', () => {
    const owned = ownedReplicaSets(deployment('iris:3'), [
      replicaSet(3, 'iris:3'), replicaSet(1, 'iris:1'), replicaSet(2, 'iris:2', { owner: 'other-uid' }), replicaSet(4, 'iris:4', { controller: false }),
    ]);
    assert.deepEqual(owned.map((rs) => rs.metadata?.name), ['iris-h11', 'iris-h33']);
  });

  it('selects the previous revision as the second highest number, and a chosen one exactly', () => {
    const owned = [replicaSet(1, 'iris:1'), replicaSet(4, 'iris:2', { history: '2' }), replicaSet(3, 'iris:3'), replicaSet(undefined, 'iris:9')];
    assert.equal(replicaSetForRevision('iris', owned, 0).metadata?.name, 'iris-h33');
    assert.equal(replicaSetForRevision('iris', owned, 1).metadata?.name, 'iris-h11');
    assert.equal(thrown(() => replicaSetForRevision('iris', owned, 2)).message, 'unable to find specified revision 2 in history');
    assert.equal(thrown(() => replicaSetForRevision('iris', owned, -1)).message, 'unable to find specified revision -1 in history');
    assert.equal(thrown(() => replicaSetForRevision('iris', [replicaSet(1, 'iris:1')], 0)).message, 'no rollout history found for deployment "iris"');
    assert.deepEqual(earlierRevisions(owned[1]), [2]);
  });

  it('finds the current revision as the ReplicaSet whose template is the Deployment\'s', () => {
    const owned = [replicaSet(1, 'iris:1'), replicaSet(2, 'iris:2')];
    assert.equal(currentReplicaSet(deployment('iris:2'), owned)?.metadata?.name, 'iris-h22');
    assert.equal(currentReplicaSet(deployment('iris:7'), owned), undefined);
  });

  it('patches the template and annotations as kubectl does: the skip list stays the Deployment\'s, the change cause comes with the revision', () => {
    const current = deployment('iris:3', { 'kubectl.kubernetes.io/last-applied-configuration': '{}', 'team': 'ml' });
    const patch = rollbackPatch(current, replicaSet(1, 'iris:1', { cause: 'first release', served: true }));
    assert.deepEqual(patch.map((op) => [op.op, op.path]), [['replace', '/spec/template'], ['replace', '/metadata/annotations']]);
    assert.equal((patch[0].value as V1PodTemplateSpec).metadata?.labels?.['pod-template-hash'], undefined);
    assert.equal((patch[0].value as V1PodTemplateSpec).spec?.containers[0].image, 'iris:1');
    assert.deepEqual(patch[1].value, {
      'deployment.kubernetes.io/revision': '3',
      'kubectl.kubernetes.io/last-applied-configuration': '{}',
      'kubernetes.io/change-cause': 'first release',
    });
    const told = rollbackPatch(current, replicaSet(1, 'iris:1'), 'hotfix: back to v1');
    assert.equal((told[1].value as Record<string, string>)['kubernetes.io/change-cause'], 'hotfix: back to v1');
  });

  it('maps ReplicaSets onto revisions: newest first, current, served, status, rollbackOf, model and change cause', () => {
    const summary = deploymentSummary({
      deployment: deployment('iris:2'),
      replicaSets: [replicaSet(1, 'iris:1', { served: true }), replicaSet(3, 'iris:3'), replicaSet(4, 'iris:2', { history: '2', replicas: 1, ready: 1, cause: 'Deploy iris:2' })],
      pods: [],
      service: { spec: { ports: [{ port: 9000 }] } },
    });
    assert.deepEqual(summary.revisions.map((r) => [r.revision, r.current, r.served, r.status, r.rollbackOf, r.port]), [
      [4, true, true, 'healthy', 2, 9000],
      [3, false, false, 'stopped', null, 9000],
      [1, false, true, 'stopped', null, 9000],
    ]);
    assert.equal(summary.current?.revision, 4);
    assert.deepEqual(summary.revisions[2].model, { name: 'iris', version: '1', runId: null });
    assert.equal(summary.revisions[0].changeCause, 'Deploy iris:2');
    assert.equal(summary.revisions[0].createdAt, Date.UTC(2026, 10, 27, 8, 4));
  });

  it('has no current revision while the current one never served', () => {
    const summary = deploymentSummary({ deployment: deployment('iris:2'), replicaSets: [replicaSet(1, 'iris:1', { served: true }), replicaSet(2, 'iris:2', { replicas: 1 })], pods: [], service: undefined });
    assert.equal(summary.current, null);
    assert.deepEqual(summary.revisions.map((r) => [r.revision, r.current, r.served, r.status]), [[2, true, false, 'unhealthy'], [1, false, true, 'stopped']]);
  });
});
