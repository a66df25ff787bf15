import type { Snapshot } from '../../sqlite';
import type { Experiment, LifecycleStage, ViewType } from '../types';
import { columnPositions, idText, num, text, textOr } from './rows';

export function readExperiments(db: Snapshot, view: ViewType): Experiment[] {
  const table = db.table('experiments');
  const c = columnPositions(table, [
    'experiment_id', 'name', 'artifact_location', 'lifecycle_stage', 'creation_time', 'last_update_time',
  ] as const);
  const experiments: Experiment[] = [];
  for (const row of table.scan()) {
    const stage = textOr(row, c.lifecycle_stage, 'active') as LifecycleStage;
    if (!inView(stage, view)) continue;
    experiments.push({
      experiment_id: idText(row, c.experiment_id),
      name: textOr(row, c.name, ''),
      artifact_location: textOr(row, c.artifact_location, ''),
      lifecycle_stage: stage,
      creation_time: num(row, c.creation_time),
      last_update_time: num(row, c.last_update_time),
      tags: {},
    });
  }
  attachExperimentTags(db, experiments);
  // MLflow's default order: creation_time DESC, then experiment_id DESC as the tie-breaker.
  return experiments.sort(
    (a, b) => (b.creation_time ?? -Infinity) - (a.creation_time ?? -Infinity) || Number(b.experiment_id) - Number(a.experiment_id),
  );
}

function attachExperimentTags(db: Snapshot, experiments: Experiment[]): void {
  if (!db.hasTable('experiment_tags')) return;
  const byId = new Map(experiments.map((e) => [e.experiment_id, e]));
  const table = db.table('experiment_tags');
  const c = columnPositions(table, ['key', 'value', 'experiment_id'] as const);
  for (const row of table.scan()) {
    const experiment = byId.get(idText(row, c.experiment_id));
    const key = text(row, c.key);
    if (experiment && key !== null) experiment.tags[key] = text(row, c.value) ?? '';
  }
}

export function inView(stage: LifecycleStage, view: ViewType): boolean {
  return view === 'all' || stage === view;
}
