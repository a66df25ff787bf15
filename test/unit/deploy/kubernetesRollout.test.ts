import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { ApiException, type ConfigurationOptions, type CoreV1Event, type RequestContext, type V1Deployment } from '@kubernetes/client-node';
import { DeployError } from '../../../src/core/deploy/deployError';
import { listContexts, openClusterAccess } from '../../../src/core/deploy/kubernetes/clusterAccess';
import { eventSummaries, podSummaries } from '../../../src/core/deploy/kubernetes/deploymentDetails';
import { DEFAULT_WORKLOAD, deploymentManifest, progressDeadlineSeconds, updatedDeployment } from '../../../src/core/deploy/kubernetes/deploymentManifest';
import { kubeCall, kubeError } from '../../../src/core/deploy/kubernetes/kubeCall';
import { changeCauseText, deploymentLabels, labelValue } from '../../../src/core/deploy/kubernetes/kubeLabels';
import { isProtectedContext, namespaceConfirmed, protectedConfirmation, protectingPattern } from '../../../src/core/deploy/kubernetes/protectedContexts';
import { failureText, warningLines } from '../../../src/core/deploy/kubernetes/rolloutFailure';
import { rolloutStatus } from '../../../src/core/deploy/kubernetes/rolloutStatus';

function deployment(generation: number, status: NonNullable<V1Deployment['status']>, replicas = 2, revision = '3'): V1Deployment {
  return { metadata: { name: 'iris', generation, annotations: { 'deployment.kubernetes.io/revision': revision } }, spec: { replicas, selector: {}, template: {} }, status };
}

const policy = { healthTimeoutMs: 90_500, autoRollback: true, revisionHistoryLimit: 4 };

describe('kubernetes rollout status (kubectl rollout status)', () => {
  it('waits until the controller observed the spec', () => {
    assert.deepEqual(rolloutStatus(deployment(2, { observedGeneration: 1, replicas: 2, updatedReplicas: 2, availableReplicas: 2 })), { state: 'waiting', message: 'Waiting for deployment spec update to be observed...' });
  });

  it('says what it waits for, in kubectl\'s order and words', () => {
    assert.equal(rolloutStatus(deployment(2, { observedGeneration: 2, replicas: 3, updatedReplicas: 1, availableReplicas: 2 })).message, 'Waiting for deployment "iris" rollout to finish: 1 out of 2 new replicas have been updated...');
    assert.equal(rolloutStatus(deployment(2, { observedGeneration: 2, replicas: 3, updatedReplicas: 2, availableReplicas: 2 })).message, 'Waiting for deployment "iris" rollout to finish: 1 old replicas are pending termination...');
    assert.equal(rolloutStatus(deployment(2, { observedGeneration: 2, replicas: 2, updatedReplicas: 2, availableReplicas: 1 })).message, 'Waiting for deployment "iris" rollout to finish: 1 of 2 updated replicas are available...');
    assert.deepEqual(rolloutStatus(deployment(2, { observedGeneration: 3, replicas: 2, updatedReplicas: 2, availableReplicas: 2 })), { state: 'done', message: 'deployment "iris" successfully rolled out' });
  });

  it('fails on ProgressDeadlineExceeded, and only once the spec is observed', () => {
    const condition = { type: 'Progressing', status: 'False', reason: 'ProgressDeadlineExceeded', message: 'ReplicaSet "iris-5d8f" has timed out progressing.' };
    const failed = rolloutStatus(deployment(2, { observedGeneration: 2, replicas: 3, updatedReplicas: 1, conditions: [condition] }));
    assert.equal(failed.state, 'failed');
    assert.equal(failed.message, 'deployment "iris" exceeded its progress deadline');
    assert.equal(failed.state === 'failed' && failed.condition?.message, 'ReplicaSet "iris-5d8f" has timed out progressing.');
    assert.equal(rolloutStatus(deployment(3, { observedGeneration: 2, conditions: [condition] })).state, 'waiting');
  });

  it('fails when the Deployment runs another revision than the one asked for', () => {
    assert.deepEqual(rolloutStatus(deployment(2, { observedGeneration: 2 }), 4), { state: 'failed', message: 'desired revision (4) is different from the running revision (3)' });
  });
});

describe('kubernetes deployment manifest and labels', () => {
  it('names model, version and image in the change cause unless one is given', () => {
    assert.equal(changeCauseText({ model: { name: 'Iris Classifier', version: '7' }, image: 'reg/iris:7' }), 'Deploy Iris Classifier v7 (reg/iris:7)');
    assert.equal(changeCauseText({ model: null, image: 'reg/iris:7' }), 'Deploy reg/iris:7');
    assert.equal(changeCauseText({ model: null, image: 'x', changeCause: '  promote  ' }), 'promote');
  });

  it('makes label values of any model name and version', () => {
    assert.equal(labelValue('Iris Classifier (prod)'), 'Iris-Classifier-prod');
    assert.equal(labelValue('-_.'), '');
    assert.equal(labelValue('x'.repeat(80)).length, 63);
    assert.deepEqual(deploymentLabels('iris', { name: 'Iris Classifier', version: '7' }), {
      'app.kubernetes.io/instance': 'iris', 'app.kubernetes.io/managed-by': 'mlops-studio', 'app.kubernetes.io/name': 'Iris-Classifier', 'app.kubernetes.io/version': '7',
    });
  });

  it('builds a Deployment with probes on /ping, resources, pull secrets and the rollout policy', () => {
    const manifest = deploymentManifest({
      name: 'iris', namespace: 'ml', image: 'reg/iris:7', model: { name: 'Iris', version: '7', runId: 'r1' }, changeCause: 'Deploy Iris v7', policy,
      workload: { ...DEFAULT_WORKLOAD, replicas: 3, imagePullSecrets: ['regcred'], resources: { requests: { cpu: '500m' } } },
    });
    const spec = manifest.spec!;
    assert.equal(spec.replicas, 3);
    assert.equal(spec.progressDeadlineSeconds, 91);
    assert.equal(spec.revisionHistoryLimit, 4);
    assert.deepEqual(spec.strategy?.rollingUpdate, { maxUnavailable: 0, maxSurge: 1 });
    assert.deepEqual(spec.selector.matchLabels, { 'app.kubernetes.io/instance': 'iris', 'app.kubernetes.io/managed-by': 'mlops-studio' });
    const container = spec.template.spec!.containers[0];
    assert.equal(container.readinessProbe?.httpGet?.path, '/ping');
    assert.equal(container.livenessProbe?.httpGet?.path, '/ping');
    assert.deepEqual(container.resources, { requests: { cpu: '500m' } });
    assert.deepEqual(spec.template.spec!.imagePullSecrets, [{ name: 'regcred' }]);
    assert.equal(spec.template.metadata?.annotations?.['mlops-studio.org/model-run-id'], 'r1');
    assert.equal(manifest.metadata?.annotations?.['kubernetes.io/change-cause'], 'Deploy Iris v7');
    assert.equal(progressDeadlineSeconds({ ...policy, healthTimeoutMs: 10 }), 1);
  });

  it('updates an existing Deployment keeping what others set, and resumes it', () => {
    const wanted = deploymentManifest({ name: 'iris', namespace: 'ml', image: 'reg/iris:8', model: null, changeCause: 'Deploy reg/iris:8', policy, workload: DEFAULT_WORKLOAD });
    const existing: V1Deployment = {
      metadata: { name: 'iris', resourceVersion: '42', labels: { team: 'ml' }, annotations: { 'deployment.kubernetes.io/revision': '3', 'mlops-studio.org/served-at': 'x', owner: 'ana' } },
      spec: { paused: true, minReadySeconds: 5, replicas: 1, selector: {}, template: {} },
    };
    const updated = updatedDeployment(existing, wanted);
    assert.equal(updated.metadata?.resourceVersion, '42');
    assert.deepEqual(updated.metadata?.annotations, { 'deployment.kubernetes.io/revision': '3', owner: 'ana', 'kubernetes.io/change-cause': 'Deploy reg/iris:8' });
    assert.equal(updated.metadata?.labels?.team, 'ml');
    assert.equal(updated.spec?.paused, undefined);
    assert.equal(updated.spec?.minReadySeconds, 5);
    assert.equal(updated.spec?.template.spec?.containers[0].image, 'reg/iris:8');
  });
});

describe('kubernetes protected contexts', () => {
  it('matches glob patterns over the whole name, ignoring case and blank patterns', () => {
    assert.equal(protectingPattern('gke_acme_eu_prod', ['', ' *prod ']), '*prod');
    assert.equal(isProtectedContext('PROD', ['prod']), true);
    assert.equal(isProtectedContext('prod-eu', ['prod']), false);
    assert.equal(isProtectedContext('eu-prod-1', ['eu-prod-?']), true);
    assert.equal(isProtectedContext('a.b', ['a?b', 'x']), true);
    assert.equal(isProtectedContext('axb', ['a.b']), false);
    assert.equal(isProtectedContext('anything', []), false);
  });

  it('asks for a confirmation that names context, namespace and the change', () => {
    const asked = protectedConfirmation('eu-prod', 'ml', "roll back 'iris' to revision 3", '*-prod');
    assert.equal(asked.prompt, 'Context \'eu-prod\' is protected (pattern "*-prod"). This will roll back \'iris\' to revision 3 in namespace \'ml\'. Type the namespace \'ml\' to confirm.');
    assert.equal(asked.expected, 'ml');
    assert.match(asked.title, /eu-prod/);
  });

  it('accepts only the namespace itself as the typed confirmation', () => {
    assert.equal(namespaceConfirmed(' ml-prod ', 'ml-prod'), true);
    assert.equal(namespaceConfirmed('ml', 'ml-prod'), false);
    assert.equal(namespaceConfirmed(undefined, 'ml-prod'), false);
  });
});

describe('kubernetes failure reports and errors', () => {
  it('folds repeated pod warnings, oldest first, the last five', () => {
    const event = (reason: string, message: string, minute: number): CoreV1Event =>
      ({ reason, message, lastTimestamp: new Date(Date.UTC(2026, 0, 1, 0, minute)), involvedObject: {}, metadata: {} });
    const lines = warningLines([event('Failed', 'Error: ImagePullBackOff', 5), event('Failed', 'Error: ErrImagePull', 1), event('Failed', 'Error: ErrImagePull', 3)]);
    assert.deepEqual(lines, ['Failed: Error: ErrImagePull', 'Failed: Error: ImagePullBackOff']);
    assert.equal(warningLines(Array.from({ length: 8 }, (_, i) => event('BackOff', `try ${i}`, i))).length, 5);
  });

  it('says the condition, the pod events and the line of the log that tells why', () => {
    const text = failureText({
      condition: 'deployment "iris" exceeded its progress deadline: ReplicaSet "iris-5d8f" has timed out progressing.',
      podEvents: ['Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503'],
      pod: 'iris-5d8f-abcde',
      logTail: ['loading', 'ValueError: model signature mismatch', '127.0.0.1 - GET /ping 503'],
    });
    assert.equal(text, 'deployment "iris" exceeded its progress deadline: ReplicaSet "iris-5d8f" has timed out progressing. Pod events: Unhealthy: Readiness probe failed: HTTP probe failed with statuscode: 503. Pod iris-5d8f-abcde logged: ValueError: model signature mismatch');
  });

  it('turns API failures into DeployErrors that name the context, namespace and what to do', () => {
    const place = { context: 'prod', server: 'https://10.0.0.1:6443', namespace: 'ml' };
    const status = (code: number, message: string) => new ApiException(code, 'x', JSON.stringify({ kind: 'Status', code, message }), {});
    const forbidden = kubeError(place, 'update deployment \'iris\'', status(403, 'deployments.apps "iris" is forbidden: User "ci" cannot update')) as DeployError;
    assert.equal(forbidden.code, 'FAILED');
    assert.match(forbidden.message, /^Could not update deployment 'iris': deployments\.apps "iris" is forbidden: .* \(403\)\. Ask for the RBAC permission in namespace 'ml'\.$/);
    assert.equal((kubeError(place, 'x', status(409, 'the object has been modified')) as DeployError).code, 'CONFLICT');
    assert.equal((kubeError(place, 'x', status(422, 'invalid')) as DeployError).code, 'INVALID_ARGUMENT');
    const down = kubeError(place, 'report its version', Object.assign(new Error('connect ECONNREFUSED 10.0.0.1:6443'), { code: 'ECONNREFUSED' })) as DeployError;
    assert.equal(down.code, 'TARGET_UNAVAILABLE');
    assert.match(down.message, /context 'prod' \(https:\/\/10\.0\.0\.1:6443\), namespace 'ml' cannot be reached \(connect ECONNREFUSED/);
  });
});

describe('kubernetes cluster access (kubeconfig like kubectl)', () => {
  let dir: string;
  const write = (file: string, contexts: { name: string; namespace?: string }[], current: string) => {
    const target = path.join(dir, file);
    fs.writeFileSync(target, JSON.stringify({
      apiVersion: 'v1', kind: 'Config', 'current-context': current,
      clusters: contexts.map((c) => ({ name: `${c.name}-cluster`, cluster: { server: `https://${c.name}.example:6443` } })),
      users: contexts.map((c) => ({ name: `${c.name}-user`, user: { token: 't' } })),
      contexts: contexts.map((c) => ({ name: c.name, context: { cluster: `${c.name}-cluster`, user: `${c.name}-user`, ...(c.namespace ? { namespace: c.namespace } : {}) } })),
    }));
    return target;
  };

  before(() => {
    dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-kubeconfig-'));
  });
  after(() => fs.rmSync(dir, { recursive: true, force: true }));

  it('uses the current context and its namespace, else "default"; a chosen namespace wins', () => {
    const file = write('a', [{ name: 'dev', namespace: 'ml-dev' }, { name: 'prod' }], 'dev');
    const access = openClusterAccess({ env: { KUBECONFIG: file } });
    assert.deepEqual([access.context, access.namespace, access.server], ['dev', 'ml-dev', 'https://dev.example:6443']);
    assert.equal(openClusterAccess({ kubeconfig: file, context: 'prod', env: {} }).namespace, 'default');
    assert.equal(openClusterAccess({ kubeconfig: file, context: 'prod', namespace: 'ml', env: {} }).namespace, 'ml');
  });

  it('merges the files of KUBECONFIG and lists their contexts for a picker', () => {
    const first = write('b', [{ name: 'dev', namespace: 'ml-dev' }], 'dev');
    const second = write('c', [{ name: 'prod', namespace: 'ml' }], 'prod');
    const contexts = listContexts(undefined, { KUBECONFIG: [first, second].join(path.delimiter) });
    assert.deepEqual(contexts.map((c) => [c.name, c.namespace, c.current, c.server]), [['dev', 'ml-dev', true, 'https://dev.example:6443'], ['prod', 'ml', false, 'https://prod.example:6443']]);
  });

  it('refuses an unknown context, naming the ones there are, and says when there is no kubeconfig', () => {
    const file = write('d', [{ name: 'dev' }], 'dev');
    assert.throws(() => openClusterAccess({ kubeconfig: file, context: 'staging', env: {} }), (error: DeployError) => error.code === 'INVALID_ARGUMENT' && /no context 'staging' \(it has: dev\)/.test(error.message));
    assert.throws(() => openClusterAccess({ env: { HOME: dir } }), (error: DeployError) => error.code === 'TARGET_UNAVAILABLE' && /No kubeconfig was found/.test(error.message));
    assert.throws(() => openClusterAccess({ kubeconfig: path.join(dir, 'missing'), env: {} }), (error: DeployError) => error.code === 'INVALID_ARGUMENT' && /could not be read/.test(error.message));
  });
});

describe('kubernetes pods and events for the Deployments view', () => {
  it('shows each pod\'s revision, readiness, restarts and kubectl\'s status', () => {
    const rs = (revision: number, hash: string) => ({ metadata: { labels: { 'pod-template-hash': hash }, annotations: { 'deployment.kubernetes.io/revision': String(revision) } } });
    const pods = podSummaries([
      { metadata: { name: 'iris-a-1', labels: { 'pod-template-hash': 'a' }, creationTimestamp: new Date(1_000) }, spec: { containers: [{ name: 'model' }] },
        status: { phase: 'Running', containerStatuses: [{ name: 'model', image: 'x', imageID: '', ready: true, restartCount: 2, state: { running: {} } }] } },
      { metadata: { name: 'iris-b-1', labels: { 'pod-template-hash': 'b' }, creationTimestamp: new Date(2_000) }, spec: { containers: [{ name: 'model' }] },
        status: { phase: 'Pending', containerStatuses: [{ name: 'model', image: 'x', imageID: '', ready: false, restartCount: 0, state: { waiting: { reason: 'ImagePullBackOff' } } }] } },
      { metadata: { name: 'iris-c-1', labels: { 'pod-template-hash': 'c' }, creationTimestamp: new Date(500), deletionTimestamp: new Date(3_000) }, spec: { containers: [{ name: 'model' }] }, status: { phase: 'Running' } },
    ], [rs(1, 'a'), rs(2, 'b')]);
    assert.deepEqual(pods.map((p) => [p.name, p.revision, p.ready, p.restarts, p.status]), [
      ['iris-b-1', 2, '0/1', 0, 'ImagePullBackOff'],
      ['iris-a-1', 1, '1/1', 2, 'Running'],
      ['iris-c-1', null, '0/1', 0, 'Terminating'],
    ]);
  });

  it('keeps the events of the deployment\'s objects, newest first', () => {
    const event = (name: string, reason: string, second: number): CoreV1Event =>
      ({ type: 'Normal', reason, message: reason, count: 1, involvedObject: { kind: 'Pod', name }, lastTimestamp: new Date(second * 1000), metadata: {} });
    const events = eventSummaries([event('iris-a-1', 'Pulled', 1), event('other-1', 'Pulled', 2), event('iris-a-1', 'Started', 3)], new Set(['iris-a-1']), 10);
    assert.deepEqual(events.map((e) => [e.object, e.reason, e.lastSeen]), [['Pod/iris-a-1', 'Started', 3000], ['Pod/iris-a-1', 'Pulled', 1000]]);
    assert.equal(eventSummaries([event('iris-a-1', 'Pulled', 1), event('iris-a-1', 'Started', 3)], new Set(['iris-a-1']), 1).length, 1);
  });
});

describe('kubernetes API calls', () => {
  it('a call the cluster does not answer in time fails as unreachable, not as a quiet cancel', async () => {
    const place = { context: 'slow', server: 'http://127.0.0.1:1', namespace: 'ml' };
    const never = (options: ConfigurationOptions) => new Promise<never>((_, reject) => {
      const middleware = options.middleware?.[0];
      const context = { setSignal: (s: AbortSignal) => s.addEventListener('abort', () => reject(Object.assign(new Error('The operation was aborted.'), { name: 'AbortError' }))), setHeaderParam: () => undefined };
      void middleware?.pre(context as unknown as RequestContext).toPromise();
    });
    const late = await kubeCall(place, 'list deployments', new AbortController().signal, never, undefined, 50).then(() => undefined, (error: unknown) => error);
    assert.ok(late instanceof DeployError && late.code === 'TARGET_UNAVAILABLE', String(late));
    assert.match(late.message, /^Could not list deployments: the cluster of context 'slow' \(http:\/\/127\.0\.0\.1:1\), namespace 'ml' did not answer in time\./);
    const user = new AbortController();
    const cancelled = kubeCall(place, 'list deployments', user.signal, never);
    user.abort();
    await assert.rejects(cancelled, { name: 'AbortError' });
  });
});
