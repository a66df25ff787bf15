import * as assert from 'node:assert/strict';
import { historyTable } from '../../../src/cli/commands/deploy';
import type { Revision } from '../../../src/core/deploy/deploymentTarget';
import { deployQuestion, describeStep, rollbackQuestion, withLastLines } from '../../../src/features/deployments/deploymentTexts';

const WHERE = 'the Docker engine unix:///var/run/docker.sock';

function revision(overrides: Partial<Revision> = {}): Revision {
  return {
    deployment: 'iris',
    revision: 1,
    current: false,
    served: true,
    status: 'healthy',
    model: { name: 'iris-classifier', version: '1', runId: null },
    image: { reference: 'iris-classifier:1', digest: `sha256:${'a'.repeat(64)}` },
    port: 8080,
    createdAt: Date.UTC(2026, 0, 2, 3, 4, 5),
    changeCause: 'Deploy iris-classifier v1 (iris-classifier:1)',
    rollbackOf: null,
    handle: 'c1',
    ...overrides,
  };
}

const v2 = { name: 'iris-classifier', version: '2', runId: null };

describe('deployment texts', () => {
  describe('deployQuestion', () => {
    it('names the target, the revision and the port of a first deployment', () => {
      assert.equal(
        deployQuestion(v2, 'iris', 1, WHERE, null, 8080),
        `Deploy iris-classifier v2 as revision 1 of 'iris' on ${WHERE}? It serves on port 8080 once it answers its health check.`,
      );
    });

    it('says the current revision keeps serving, on its own port when the port moves', () => {
      const current = revision({ current: true });
      assert.equal(deployQuestion(v2, 'iris', 2, WHERE, current, 8080), `Deploy iris-classifier v2 as revision 2 of 'iris' on ${WHERE}? Revision 1 (v1) keeps serving until v2 is healthy.`);
      assert.equal(
        deployQuestion(v2, 'iris', 2, WHERE, current, 9090),
        `Deploy iris-classifier v2 as revision 2 of 'iris' on ${WHERE}? Revision 1 (v1) keeps serving on port 8080 until v2 is healthy on port 9090.`,
      );
    });

    it('says when nothing serves now, and names another model or an image without one in full', () => {
      assert.equal(
        deployQuestion(v2, 'iris', 2, WHERE, revision({ current: true, status: 'stopped' }), 8080),
        `Deploy iris-classifier v2 as revision 2 of 'iris' on ${WHERE}? Revision 1 (v1) is stopped; v2 starts on port 8080.`,
      );
      assert.match(deployQuestion(v2, 'iris', 2, WHERE, revision({ model: { name: 'other', version: '7', runId: null } }), 8080), /Revision 1 \(other v7\) keeps serving/);
      assert.match(deployQuestion(v2, 'iris', 2, WHERE, revision({ model: null, image: { reference: 'busybox:1', digest: 'sha256:b' } }), 8080), /Revision 1 \(busybox:1\) keeps serving/);
    });
  });

  describe('rollbackQuestion', () => {
    it('names the target, the revision gone back to and the new revision it becomes', () => {
      const to = revision();
      const current = revision({ revision: 2, current: true, model: v2 });
      assert.equal(
        rollbackQuestion('iris', to, 3, WHERE, current),
        `Roll back 'iris' on ${WHERE} to revision 1 (v1)? It is deployed again as revision 3. Revision 2 (v2) keeps serving until it is healthy.`,
      );
      assert.equal(rollbackQuestion('iris', to, 3, WHERE, { ...current, status: 'stopped' }), `Roll back 'iris' on ${WHERE} to revision 1 (v1)? It is deployed again as revision 3.`);
    });
  });

  describe('withLastLines', () => {
    it('adds the last five non-empty log lines to the message', () => {
      const tail = ['a', '', 'b', 'c', '  ', 'd', 'e', 'Traceback (most recent call last):', 'RuntimeError: boom  '];
      assert.equal(
        withLastLines('Revision 2 exited.', tail),
        'Revision 2 exited. Last log lines: «c» «d» «e» «Traceback (most recent call last):» «RuntimeError: boom» (all of them in the log).',
      );
    });

    it('leaves the message alone when the revision wrote nothing', () => {
      assert.equal(withLastLines('Revision 2 exited.', ['', ' ']), 'Revision 2 exited.');
    });
  });

  it('describes rollout steps, preferring the target\'s own words while waiting', () => {
    assert.equal(describeStep({ step: 'waitingHealthy', revision: 2, url: 'http://127.0.0.1:4000' }), 'waiting for revision 2 to answer http://127.0.0.1:4000/ping');
    assert.equal(describeStep({ step: 'waitingHealthy', revision: 2, url: 'u', detail: '0 of 1 updated replicas are available' }), '0 of 1 updated replicas are available');
    assert.equal(describeStep({ step: 'rollingBack', revision: 2, to: 1, reason: 'unhealthy' }), 'rolling back to revision 1');
    assert.equal(describeStep({ step: 'rollingBack', revision: 1, to: null, reason: 'unhealthy' }), 'stopping revision 1');
  });

  it('prints a deployment\'s history as a table, newest first, failed revisions marked', () => {
    const table = historyTable({
      name: 'iris',
      current: null,
      revisions: [revision({ revision: 2, served: false, status: 'stopped', changeCause: 'try v2' }), revision({ current: true })],
    });
    const lines = table.trimEnd().split('\n').map((line) => line.split(/\s{2,}/));
    assert.deepEqual(lines[0], ['REVISION', 'CURRENT', 'STATUS', 'MODEL', 'VERSION', 'PORT', 'IMAGE', 'DIGEST', 'CREATED', 'CHANGE CAUSE']);
    assert.deepEqual([lines[1][0], lines[1][1], lines[1].at(-1)], ['2', 'failed (stopped)', 'try v2']);
    assert.deepEqual(lines[2].slice(0, 4), ['1', '*', 'healthy', 'iris-classifier']);
    assert.ok(lines[2].includes(`sha256:${'a'.repeat(12)}`), 'the digest is shortened to 19 characters');
  });
});
