import type { Run, RunStatus } from '../../../src/core/tracking/types';

/** A run as the stores return it, with only what the inline metrics read. */
export function makeRun(runId: string, startTime: number, metrics: Record<string, number>, status: RunStatus = 'FINISHED', runName = runId): Run {
  return {
    info: {
      run_id: runId, run_name: runName, experiment_id: '1', user_id: 'ana', status, start_time: startTime,
      end_time: null, artifact_uri: '', lifecycle_stage: 'active',
    },
    data: { metrics, params: {}, tags: {} },
    inputs: { dataset_inputs: [] },
    outputs: { model_outputs: [] },
  };
}
