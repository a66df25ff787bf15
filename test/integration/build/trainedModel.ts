import * as fs from 'node:fs';
import * as os from 'node:os';
import * as path from 'node:path';
import { openTrackingStore } from '../../../src/core/tracking/openTrackingStore';
import { parseTrackingUri } from '../../../src/core/tracking/trackingUri';
import type { TrackingStore } from '../../../src/core/tracking/types';
import { repoRoot, runPython } from '../../support/python';

export interface TrainedModel {
  /** the folder holding mlflow.db and mlruns/ */
  dir: string;
  trackingUri: string;
  store: TrackingStore;
  name: string;
  runId: string;
  /** registered versions "1" and "2" (the same model); alias champion points at 2 */
  versions: string[];
  features: string[];
  rows: number[][];
  /** what the model itself predicts for `rows` */
  predictions: number[];
  pythonVersion: string;
}

export const MODEL_NAME = 'iris-classifier-it';
export const GIT_COMMIT = '0123456789abcdef0123456789abcdef01234567';

let trained: TrainedModel | undefined;

/**
 * An iris classifier trained by scikit-learn and logged and registered by MLflow (.venv) in a
 * sqlite store; made once per test process and shared by the build tests.
 */
export function trainedModel(): TrainedModel {
  if (trained) return trained;
  const dir = fs.mkdtempSync(path.join(os.tmpdir(), 'mlops-build-it-'));
  process.once('exit', () => fs.rmSync(dir, { recursive: true, force: true }));
  const trackingUri = `sqlite:///${path.join(dir, 'mlflow.db')}`;
  const script = path.join(repoRoot, 'test', 'integration', 'build', 'fixtures', 'train_and_register.py');
  const output = runPython(script, [dir, MODEL_NAME]);
  const answer = JSON.parse(output.trim().split('\n').pop() ?? '{}') as Omit<TrainedModel, 'dir' | 'trackingUri' | 'store' | 'name' | 'versions'> & { versions: number[] };
  const store = openTrackingStore(parseTrackingUri(trackingUri, dir), { env: {} });
  trained = { ...answer, versions: answer.versions.map(String).sort(), dir, trackingUri, store, name: MODEL_NAME };
  return trained;
}
