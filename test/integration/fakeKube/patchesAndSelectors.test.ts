import * as assert from 'node:assert/strict';
import { ApiError } from '../../fakeKube/apiErrors';
import { applyJsonPatch, applyMergePatch } from '../../fakeKube/jsonPatch';
import { parseFieldSelector, parseLabelSelector } from '../../fakeKube/selectors';
import { applyStrategicMergePatch } from '../../fakeKube/strategicMerge';
import { humanDuration } from '../../fakeKube/tables';
import { computeTemplateHash, equalIgnoreHash } from '../../fakeKube/templateHash';

// The fake's document and selector rules on their own, for the cases the client tests do not
// reach: RFC 6902 operations and failures, RFC 7386 nulls, strategic merge directives, the label
// selector grammar, and the template hash's stability.

const template = (image: string, labels: Record<string, string> = { app: 'web' }) => ({
  metadata: { labels },
  spec: { containers: [{ name: 'model', image, resources: {} }] },
});

function apiError(work: () => unknown): ApiError {
  try {
    work();
  } catch (error) {
    assert.ok(error instanceof ApiError, String(error));
    return error;
  }
  throw new Error('expected an ApiError');
}

describe('fake Kubernetes API server: patch documents and selectors', function () {
  it('applies every RFC 6902 operation and refuses what does not apply with 422', () => {
    const doc = { a: { b: [1, 2, 3] }, c: 'x' };
    const out = applyJsonPatch(doc, [
      { op: 'add', path: '/a/b/-', value: 4 },
      { op: 'remove', path: '/a/b/0' },
      { op: 'replace', path: '/c', value: 'y' },
      { op: 'copy', from: '/c', path: '/d' },
      { op: 'move', from: '/d', path: '/e~1f' },
      { op: 'test', path: '/a/b', value: [2, 3, 4] },
    ]);
    assert.deepEqual(out, { a: { b: [2, 3, 4] }, c: 'y', 'e/f': 'y' });
    assert.deepEqual(doc, { a: { b: [1, 2, 3] }, c: 'x' }, 'the input is left alone');
    assert.equal(apiError(() => applyJsonPatch(doc, [{ op: 'replace', path: '/missing/x', value: 1 }])).code, 422);
    assert.equal(apiError(() => applyJsonPatch(doc, [{ op: 'remove', path: '/a/b/7' }])).code, 422);
    assert.equal(apiError(() => applyJsonPatch(doc, [{ op: 'test', path: '/c', value: 'z' }])).code, 422);
    assert.equal(apiError(() => applyJsonPatch(doc, { op: 'add' })).code, 400);
  });

  it('merges RFC 7386 patches: null deletes, lists replace', () => {
    assert.deepEqual(
      applyMergePatch({ a: 1, b: { c: 2, d: 3 }, l: [1, 2] }, { a: null, b: { c: null, e: 4 }, l: [9] }),
      { b: { d: 3, e: 4 }, l: [9] },
    );
  });

  it('follows the strategic merge directives', () => {
    const pod = {
      spec: {
        containers: [
          { name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }], ports: [{ containerPort: 80 }] },
          { name: 'b', image: 'b:1' },
        ],
        finalizers: ['one'],
        tolerations: [{ key: 'k' }],
      },
    };
    const merged = applyStrategicMergePatch(pod, {
      spec: {
        containers: [{ name: 'a', env: [{ name: 'Y', value: '2' }], ports: [{ containerPort: 80, protocol: 'TCP' }] }],
        finalizers: ['two'],
        tolerations: [{ key: 'other' }],
      },
    });
    assert.deepEqual(merged.spec, {
      containers: [
        { name: 'a', image: 'a:1', env: [{ name: 'X', value: '1' }, { name: 'Y', value: '2' }], ports: [{ containerPort: 80, protocol: 'TCP' }] },
        { name: 'b', image: 'b:1' },
      ],
      finalizers: ['one', 'two'],
      tolerations: [{ key: 'other' }],
    });
    const replaced = applyStrategicMergePatch(pod, { spec: { containers: [{ name: 'c', image: 'c:1' }, { $patch: 'replace' }] } });
    assert.deepEqual((replaced.spec as typeof pod.spec).containers, [{ name: 'c', image: 'c:1' }]);
    const retained = applyStrategicMergePatch({ strategy: { type: 'RollingUpdate', rollingUpdate: { maxSurge: 1 } } }, { strategy: { $retainKeys: ['type'], type: 'Recreate' } });
    assert.deepEqual(retained, { strategy: { type: 'Recreate' } });
    const trimmed = applyStrategicMergePatch(pod, { spec: { '$deleteFromPrimitiveList/finalizers': ['one'] } });
    assert.deepEqual((trimmed.spec as typeof pod.spec).finalizers, []);
    assert.equal(apiError(() => applyStrategicMergePatch(pod, { spec: { containers: [{ image: 'no-name' }] } })).code, 400);
  });

  it('parses the label selector grammar and refuses what it cannot parse', () => {
    const labels = { app: 'web', tier: 'front', version: '3' };
    const cases: [string, boolean][] = [
      ['app=web', true], ['app==web', true], ['app!=web', false], ['app in (web, db)', true], ['app notin (web)', false],
      ['tier', true], ['!tier', false], ['missing', false], ['!missing', true], ['version>2', true], ['version<3', false],
      ['app=web,tier=back', false], ['', true],
    ];
    for (const [selector, expected] of cases) assert.equal(parseLabelSelector(selector)(labels), expected, selector);
    assert.equal(apiError(() => parseLabelSelector('app===web')).code, 400);
    assert.equal(apiError(() => parseFieldSelector('status.unknown=x', 'Pod')).code, 400);
  });

  it('hashes templates stably, ignoring pod-template-hash and empty values, and moves with the collision count', () => {
    const hash = computeTemplateHash(template('m:1'));
    assert.match(hash, /^[bcdfghjklmnpqrstvwxz2456789]{1,10}$/);
    assert.equal(computeTemplateHash(template('m:1', { app: 'web', 'pod-template-hash': hash })), hash);
    assert.equal(computeTemplateHash({ ...template('m:1'), metadata: { labels: { app: 'web' }, creationTimestamp: null } } as never), hash);
    assert.notEqual(computeTemplateHash(template('m:2')), hash);
    assert.notEqual(computeTemplateHash(template('m:1'), 1), hash);
    assert.ok(equalIgnoreHash(template('m:1', { app: 'web', 'pod-template-hash': 'x' }), template('m:1')));
    assert.ok(!equalIgnoreHash(template('m:1'), template('m:2')));
  });

  it('prints ages the way kubectl shows them (HumanDuration)', () => {
    const s = 1000;
    assert.deepEqual(
      [5 * s, 119 * s, 150 * s, 600 * s, 3 * 3600 * s + 20 * 60 * s, 30 * 3600 * s, 3 * 86400 * s + 5 * 3600 * s, 100 * 86400 * s].map(humanDuration),
      ['5s', '119s', '2m30s', '10m', '3h20m', '30h', '3d5h', '100d'],
    );
  });
});
