import * as assert from 'node:assert/strict';
import * as fs from 'node:fs';
import * as path from 'node:path';
import { SERVING_SERVER_SOURCE } from '../../../src/core/build/servingServer';
import { repoRoot, runPython } from '../../support/python';
import { makeTempDir } from '../../support/tempDir';
import { type Sample, parsePrometheusText } from './prometheusText';

// The serving images run the ASGI wrapper (MLflow >= 2.20 serves with FastAPI); the WSGI one is
// for models pinned to an older MLflow (Flask). Both count the same requests the same way.
describe('serving server metrics wrappers (Python, Flask and ASGI)', function () {
  this.timeout(120_000);
  let pages: { wsgi: string; wsgi_type: string; asgi: string };

  before(() => {
    const temp = makeTempDir('serve-wrappers');
    try {
      const server = path.join(temp.dir, 'mlops_serve.py');
      fs.writeFileSync(server, SERVING_SERVER_SOURCE);
      const script = path.join(repoRoot, 'test', 'integration', 'build', 'fixtures', 'drive_metrics_wrappers.py');
      pages = JSON.parse(runPython(script, [server]).trim().split('\n').pop() ?? '{}') as typeof pages;
    } finally {
      temp.cleanup();
    }
  });

  const requests = (samples: Sample[]) =>
    Object.fromEntries(samples.filter((s) => s.name === 'mlops_model_requests_total').map((s) => [`${s.labels.method} ${s.labels.path} ${s.labels.status}`, s.value]));

  for (const kind of ['wsgi', 'asgi'] as const) {
    it(`${kind}: counts by method, path and status, with unknown paths as "other", and times every request`, () => {
      const samples = parsePrometheusText(pages[kind]);
      assert.deepEqual(requests(samples), { 'GET /ping 200': 1, 'GET other 404': 1, 'POST /invocations 200': 2, 'POST /invocations 400': 1 });
      const errors = samples.filter((s) => s.name === 'mlops_model_errors_total').map((s) => `${s.labels.path} ${s.labels.kind} ${s.value}`);
      assert.deepEqual(errors.sort(), ['/invocations client 1', 'other client 1']);
      const count = samples.find((s) => s.name === 'mlops_model_request_duration_seconds_count' && s.labels.path === '/invocations');
      assert.equal(count?.value, 3);
      assert.equal(samples.find((s) => s.name === 'mlops_model_info')?.labels.run_id, 'r1');
      assert.equal(samples.find((s) => s.name === 'mlops_model_requests_in_flight')?.value, 1, 'only the /metrics request itself is in flight');
    });
  }

  it('answers /metrics with the Prometheus text content type', () => {
    assert.match(pages.wsgi_type, /^text\/plain; version=0\.0\.4/);
  });
});
