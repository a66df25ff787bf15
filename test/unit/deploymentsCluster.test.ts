import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import type { EventSummary, PodSummary } from '../../src/core/deploy/kubernetes/deploymentDetails';
import { clusterImageProblem, pushedImages } from '../../src/features/deployments/clusterImages';
import { clusterConfigured } from '../../src/features/deployments/clusterPresence';
import {
  clusterRemoveDetail, clusterStopDetail, eventDescription, eventLabel, localImageProblem, podDescription, podReady, typedConfirmationPrompt, warningsFirst,
} from '../../src/features/deployments/clusterTexts';
import { repoRoot } from '../support/repoRoot';

function pod(overrides: Partial<PodSummary> = {}): PodSummary {
  return { name: 'iris-5d8f-abcde', revision: 2, ready: '1/1', restarts: 0, status: 'Running', createdAt: 0, ...overrides };
}

function event(type: string, reason: string, lastSeen: number, count = 1): EventSummary {
  return { type, reason, object: 'Pod/iris-5d8f-abcde', message: `${reason} happened`, count, lastSeen };
}

describe('Deployments view on a cluster: texts', () => {
  it('describes a pod as kubectl get pods reads: ready, restarts, status, revision', () => {
    assert.equal(podDescription(pod()), '1/1 ready · 0 restarts · Running · revision 2');
    assert.equal(podDescription(pod({ ready: '0/1', restarts: 1, status: 'ImagePullBackOff', revision: null })), '0/1 ready · 1 restart · ImagePullBackOff');
    assert.equal(podReady(pod()), true);
    assert.equal(podReady(pod({ ready: '1/2' })), false);
    assert.equal(podReady(pod({ ready: '0/0' })), false);
  });

  it('lists warnings before normal events, each group in the order given (newest first)', () => {
    const events = [event('Normal', 'Pulled', 5), event('Warning', 'BackOff', 4, 3), event('Normal', 'Created', 3), event('Warning', 'Failed', 2)];
    assert.deepEqual(warningsFirst(events).map(eventLabel), ['Warning BackOff', 'Warning Failed', 'Normal Pulled', 'Normal Created']);
    assert.equal(eventDescription(events[1]), 'Pod/iris-5d8f-abcde: BackOff happened (x3)');
    assert.equal(eventDescription(events[0]), 'Pod/iris-5d8f-abcde: Pulled happened');
  });

  it('says what stop and remove change on a cluster, and what the typed confirmation wants', () => {
    assert.equal(clusterStopDetail('iris', 2, 3), "Deployment 'iris' (now 2 replicas) is scaled to 0 replicas: its pods are deleted and it stops serving. Its 3 revisions (ReplicaSets) stay: deploy or roll back to serve again.");
    assert.match(clusterRemoveDetail('iris'), /^Deployment 'iris', its ReplicaSets and pods, and Service 'iris' are deleted, so it cannot be rolled back afterwards\./);
    assert.equal(typedConfirmationPrompt('prod-eu', '*prod*', 'models', "roll 'iris' back to revision 1"), `Context 'prod-eu' is protected (mlops.kubernetes.protectedContexts: "*prod*"). Type the namespace 'models' to roll 'iris' back to revision 1.`);
  });
});

describe('Deployments view on a cluster: images a cluster can pull', () => {
  it('refuses image ids and names without a registry host, and says why', () => {
    assert.equal(clusterImageProblem('127.0.0.1:5114/team/iris-classifier:1'), undefined);
    assert.equal(clusterImageProblem('docker.io/team/iris:1'), undefined);
    assert.equal(clusterImageProblem('registry.example.com/iris@sha256:' + 'a'.repeat(64)), undefined);
    assert.equal(clusterImageProblem('iris-classifier:1'), 'iris-classifier:1 names no registry (write Docker Hub images as docker.io/team/name:tag)');
    assert.equal(clusterImageProblem(`sha256:${'b'.repeat(64)}`), `sha256:${'b'.repeat(64)} is an image id on this machine's engine`);
    assert.match(clusterImageProblem('127.0.0.1:5114/Bad Name:1') ?? '', /is not a valid image reference/);
    assert.match(localImageProblem('iris:1 names no registry'), /^iris:1 names no registry, so the cluster's nodes cannot pull it\. Push it first/);
  });

  it('offers the tags under the registry of images that were pushed there (a RepoDigest in the same repository), newest first', () => {
    const digest = (n: string) => `sha256:${n.repeat(64)}`;
    const images = [
      { Id: 'old', Created: 100, RepoTags: ['127.0.0.1:5114/ns/iris:1'], RepoDigests: [`127.0.0.1:5114/ns/iris@${digest('1')}`] },
      { Id: 'new', Created: 200, RepoTags: ['127.0.0.1:5114/ns/iris:1b', 'iris:1'], RepoDigests: [`127.0.0.1:5114/ns/iris@${digest('2')}`] },
      // tagged for the registry but never pushed: no digest there
      { Id: 'local', Created: 300, RepoTags: ['127.0.0.1:5114/ns/iris:1c'], RepoDigests: [] },
      // pushed elsewhere
      { Id: 'other', Created: 400, RepoTags: ['127.0.0.1:5115/ns/iris:1'], RepoDigests: [`127.0.0.1:5115/ns/iris@${digest('3')}`] },
      { Id: 'none', Created: 500, RepoTags: null, RepoDigests: null },
    ];
    assert.deepEqual(pushedImages(images, '127.0.0.1:5114/ns/'), [
      { reference: '127.0.0.1:5114/ns/iris:1b', repoDigest: `127.0.0.1:5114/ns/iris@${digest('2')}`, createdAt: 200_000 },
      { reference: '127.0.0.1:5114/ns/iris:1', repoDigest: `127.0.0.1:5114/ns/iris@${digest('1')}`, createdAt: 100_000 },
    ]);
    assert.deepEqual(pushedImages(images, ''), []);
  });
});

describe('Deployments view on a cluster: contributions (package.json)', () => {
  const manifest = JSON.parse(fs.readFileSync(path.join(repoRoot, 'package.json'), 'utf8')) as {
    contributes: { commands: { command: string }[]; configuration: { properties: Record<string, { default?: unknown; scope?: string }> } };
    capabilities: { untrustedWorkspaces: { restrictedConfigurations: string[] } };
  };
  const properties = manifest.contributes.configuration.properties;

  it('declares the cluster settings; protected contexts are a user setting with a default that protects production', () => {
    for (const key of ['kubeconfig', 'context', 'namespace', 'cpu', 'memory', 'imagePullSecret']) assert.equal(properties[`mlops.kubernetes.${key}`]?.default, '', key);
    assert.equal(properties['mlops.kubernetes.replicas']?.default, 1);
    assert.deepEqual(properties['mlops.kubernetes.protectedContexts']?.default, ['*prod*']);
    assert.equal(properties['mlops.kubernetes.protectedContexts']?.scope, 'application');
    assert.ok(manifest.contributes.commands.some((c) => c.command === 'mlops.deployments.chooseKubernetesContext'));
  });

  it('ignores an untrusted workspace\'s kubeconfig, context and namespace', () => {
    const restricted = manifest.capabilities.untrustedWorkspaces.restrictedConfigurations;
    for (const key of ['kubeconfig', 'context', 'namespace', 'imagePullSecret']) assert.ok(restricted.includes(`mlops.kubernetes.${key}`), key);
  });
});

describe('Deployments view on a cluster: whether to show one', () => {
  const none = { kubeconfig: '', context: '' };
  let home: string;

  beforeEach(() => {
    home = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-kubehome-'));
  });

  afterEach(() => fs.rmSync(home, { recursive: true, force: true }));

  it('shows no cluster to a user without Kubernetes', () => {
    assert.equal(clusterConfigured(none, { HOME: home }), false);
  });

  it('shows one where kubectl would find a kubeconfig, or when the settings name one', () => {
    assert.equal(clusterConfigured({ kubeconfig: '/x/config', context: '' }, { HOME: home }), true);
    assert.equal(clusterConfigured({ kubeconfig: '', context: 'staging' }, { HOME: home }), true);
    assert.equal(clusterConfigured(none, { HOME: home, KUBECONFIG: '/a:/b' }), true);
    assert.equal(clusterConfigured(none, { HOME: home, KUBERNETES_SERVICE_HOST: '10.0.0.1', KUBERNETES_SERVICE_PORT: '443' }), true);
    fs.mkdirSync(path.join(home, '.kube'));
    fs.writeFileSync(path.join(home, '.kube', 'config'), 'apiVersion: v1\n');
    assert.equal(clusterConfigured(none, { HOME: home }), true);
  });
});
