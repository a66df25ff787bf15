import * as assert from 'node:assert/strict';
import { type ChildProcessWithoutNullStreams, spawn } from 'node:child_process';
import * as fs from 'node:fs';
import * as path from 'node:path';
import * as readline from 'node:readline';
import { TrackingError } from '../../../src/core/tracking/errors';
import { SqliteTrackingStore } from '../../../src/core/tracking/sqlite/sqliteTrackingStore';
import { pythonPath, repoRoot, runPython } from '../../support/python';
import { makeTempDir } from '../../support/tempDir';

const fixtures = path.join(repoRoot, 'test', 'integration', 'sqlite', 'fixtures');
const parityWriter = path.join(repoRoot, 'test', 'integration', 'parity', 'fixtures', 'write_store.py');

function startPython(script: string, args: string[]): { child: ChildProcessWithoutNullStreams; lines: AsyncIterator<string> } {
  const child = spawn(pythonPath(), [path.join(fixtures, script), ...args], { env: { ...process.env, PYTHONUNBUFFERED: '1' } });
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => (stderr = (stderr + chunk.toString()).slice(-4000)));
  child.on('exit', (code) => {
    if (code) process.stderr.write(`${script} exited ${code}: ${stderr}\n`);
  });
  return { child, lines: readline.createInterface({ input: child.stdout })[Symbol.asyncIterator]() };
}

async function nextLine(lines: AsyncIterator<string>): Promise<string> {
  const next = await lines.next();
  if (next.done) throw new Error('the Python process ended early');
  return next.value;
}

const isTrackingError = (code: TrackingError['code'], pattern: RegExp) => (e: unknown) =>
  e instanceof TrackingError && e.code === code && pattern.test(e.message);

describe('sqlite store (mlflow.db) against a live MLflow writer', function () {
  this.timeout(180_000);
  let dir: string;
  let cleanup: () => void;
  let db: string;

  before(() => {
    ({ dir, cleanup } = makeTempDir('sqlite-live'));
    db = path.join(dir, 'mlflow.db');
    runPython(parityWriter, [`sqlite:///${db}`]);
  });
  after(() => cleanup());

  it('reads consistent data while MLflow logs to the same file, and follows the run to its end', async () => {
    const store = new SqliteTrackingStore(db, `sqlite:///${db}`);
    const writer = startPython('log_while_read.py', [db, '5000']);
    const runId = await nextLine(writer.lines);
    const finished = nextLine(writer.lines);
    let reads = 0;
    const lengths = new Set<number>();
    let previous = 0;
    try {
      // Follow the run while it logs, until reads and commits have interleaved enough.
      while (writer.child.exitCode === null && lengths.size < 10) {
        const history = await store.getMetricHistory(runId, 'loss');
        history.forEach((point, i) => assert.equal(point.step, i, 'a torn read: steps are not contiguous'));
        assert.ok(history.length >= previous, 'history went backwards');
        previous = history.length;
        lengths.add(history.length);
        const run = await store.getRun(runId);
        if (run.data.metrics.loss !== undefined) assert.ok(run.data.metrics.loss <= 1);
        reads++;
        await new Promise((resolve) => setImmediate(resolve));
      }
      writer.child.stdin.end();
      const steps = Number(/^done (\d+)$/.exec(await finished)?.[1]);
      assert.ok(lengths.size >= 10, `only ${lengths.size} different histories seen in ${reads} reads while MLflow logged`);
      const final = await store.getMetricHistory(runId, 'loss');
      assert.equal(final.length, steps);
      assert.equal(final[steps - 1].value, 1 / steps);
      const run = await store.getRun(runId);
      assert.equal(run.info.status, 'FINISHED');
      assert.equal(run.data.metrics.loss, 1 / steps);
    } finally {
      writer.child.kill();
      store.close();
    }
  });

  it('reads the last committed data while a writer holds an uncommitted transaction', async () => {
    const store = new SqliteTrackingStore(db, `sqlite:///${db}`, { busyTimeoutMs: 300 });
    const holder = startPython('hold_write_lock.py', [db]);
    try {
      assert.equal(await nextLine(holder.lines), 'locked');
      const { items } = await store.listExperiments('active');
      assert.ok(items.some((e) => e.name === 'vision'), 'an uncommitted rename must not be visible');
    } finally {
      holder.child.stdin.end();
      await new Promise((resolve) => holder.child.once('exit', resolve));
      store.close();
    }
  });

  it('says the database is locked while a writer is mid-write, then reads once it is done', async () => {
    const store = new SqliteTrackingStore(db, `sqlite:///${db}`, { busyTimeoutMs: 300 });
    const holder = startPython('hold_write_lock.py', [db, 'spill']);
    try {
      assert.equal(await nextLine(holder.lines), 'locked');
      assert.ok(fs.statSync(`${db}-journal`).size > 0, 'the writer should have a hot journal');
      await assert.rejects(store.listExperiments('active'), isTrackingError('BUSY', /locked.*journal/));
      const exited = new Promise((resolve) => holder.child.once('exit', resolve));
      holder.child.stdin.end();
      await exited;
      const { items } = await store.listExperiments('active');
      assert.ok(items.some((e) => e.name === 'vision'));
    } finally {
      holder.child.kill();
      store.close();
    }
  });

  it('notifies a watcher when MLflow logs to the store', async () => {
    const store = new SqliteTrackingStore(db, `sqlite:///${db}`);
    let resolveChange: () => void = () => undefined;
    const changed = new Promise<void>((resolve) => (resolveChange = resolve));
    const subscription = store.watch((change) => {
      if (change.kinds.includes('runs')) resolveChange();
    });
    try {
      runPython(path.join(fixtures, 'log_while_read.py'), [db, '3']);
      await changed;
    } finally {
      subscription.dispose();
      store.close();
    }
  });
});

describe('sqlite store (mlflow.db) that cannot be read', () => {
  let dir: string;
  let cleanup: () => void;
  beforeEach(() => ({ dir, cleanup } = makeTempDir('sqlite-bad')));
  afterEach(() => cleanup());

  const open = (file: string) => new SqliteTrackingStore(file, `sqlite:///${file}`);

  it('says the file does not exist, naming it', async () => {
    const file = path.join(dir, 'missing.db');
    await assert.rejects(open(file).listExperiments('active'), isTrackingError('NOT_FOUND', /missing\.db/));
  });

  it('says a file of random bytes is not a database', async () => {
    const file = path.join(dir, 'mlflow.db');
    fs.writeFileSync(file, Buffer.from(Array.from({ length: 8192 }, (_, i) => (i * 7919) % 251)));
    await assert.rejects(open(file).listExperiments('active'), isTrackingError('CORRUPT', /not a sqlite database/));
  });

  it('says a truncated database is corrupt instead of returning partial data', async () => {
    const file = path.join(dir, 'mlflow.db');
    runPython(parityWriter, [`sqlite:///${file}`]);
    const size = fs.statSync(file).size;
    fs.truncateSync(file, Math.floor(size / 3));
    const store = open(file);
    await assert.rejects(
      (async () => {
        const { items } = await store.listExperiments('all');
        for (const e of items) await store.searchRuns({ experimentIds: [e.experiment_id], view: 'all' });
        await store.listRegisteredModels();
      })(),
      isTrackingError('CORRUPT', /corrupt|truncated|beyond the end/i),
    );
  });

  it('says a sqlite file that is not MLflow\'s is not a tracking database', async () => {
    const file = path.join(dir, 'other.db');
    runPython(path.join(fixtures, 'make_other_db.py'), [file]);
    await assert.rejects(open(file).listExperiments('active'), isTrackingError('CORRUPT', /not an MLflow tracking database/));
  });
});
