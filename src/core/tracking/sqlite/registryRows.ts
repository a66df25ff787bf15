import type { Snapshot } from '../../sqlite';
import type { ModelVersion, RegisteredModel } from '../types';
import { columnPositions, idText, num, text, textOr } from './rows';

// Versions MLflow keeps for bookkeeping after a delete; its API never returns them.
const HIDDEN_STAGE = 'Deleted_Internal';
// MLflow 3 stores prompts as registered models with this tag; its model listings leave them out.
const PROMPT_TAG = 'mlflow.prompt.is_prompt';

export function readRegisteredModels(db: Snapshot): RegisteredModel[] {
  if (!db.hasTable('registered_models')) return [];
  const models = new Map<string, RegisteredModel>();
  const table = db.table('registered_models');
  const c = columnPositions(table, ['name', 'creation_time', 'last_updated_time', 'description'] as const);
  for (const row of table.scan()) {
    const name = textOr(row, c.name, '');
    models.set(name, {
      name,
      description: text(row, c.description),
      creation_timestamp: num(row, c.creation_time),
      last_updated_timestamp: num(row, c.last_updated_time),
      tags: {},
      aliases: {},
      versions: [],
    });
  }
  attachVersions(db, models);
  attachModelTags(db, models);
  attachAliases(db, models);
  for (const [name, model] of models) if (model.tags[PROMPT_TAG] === 'true') models.delete(name);
  for (const model of models.values()) model.versions.sort((a, b) => Number(a.version) - Number(b.version));
  return [...models.values()].sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0));
}

function attachVersions(db: Snapshot, models: Map<string, RegisteredModel>): void {
  if (!db.hasTable('model_versions')) return;
  const table = db.table('model_versions');
  const c = columnPositions(table, [
    'name', 'version', 'creation_time', 'last_updated_time', 'description', 'current_stage',
    'source', 'run_id', 'status',
  ] as const);
  for (const row of table.scan()) {
    const stage = textOr(row, c.current_stage, 'None');
    const model = models.get(textOr(row, c.name, ''));
    if (!model || stage === HIDDEN_STAGE) continue;
    const version: ModelVersion = {
      name: model.name,
      version: idText(row, c.version),
      current_stage: stage,
      status: textOr(row, c.status, 'READY'),
      run_id: text(row, c.run_id),
      source: textOr(row, c.source, ''),
      creation_timestamp: num(row, c.creation_time),
      last_updated_timestamp: num(row, c.last_updated_time),
      description: text(row, c.description),
      tags: {},
      aliases: [],
      model_id: null,
    };
    model.versions.push(version);
  }
  if (!db.hasTable('model_version_tags')) return;
  const tags = db.table('model_version_tags');
  const t = columnPositions(tags, ['key', 'value', 'name', 'version'] as const);
  for (const row of tags.scan()) {
    const version = findVersion(models, textOr(row, t.name, ''), idText(row, t.version));
    const key = text(row, t.key);
    if (version && key !== null) version.tags[key] = text(row, t.value) ?? '';
  }
}

function attachModelTags(db: Snapshot, models: Map<string, RegisteredModel>): void {
  if (!db.hasTable('registered_model_tags')) return;
  const table = db.table('registered_model_tags');
  const c = columnPositions(table, ['key', 'value', 'name'] as const);
  for (const row of table.scan()) {
    const model = models.get(textOr(row, c.name, ''));
    const key = text(row, c.key);
    if (model && key !== null) model.tags[key] = text(row, c.value) ?? '';
  }
}

function attachAliases(db: Snapshot, models: Map<string, RegisteredModel>): void {
  if (!db.hasTable('registered_model_aliases')) return;
  const table = db.table('registered_model_aliases');
  const c = columnPositions(table, ['alias', 'version', 'name'] as const);
  for (const row of table.scan()) {
    const model = models.get(textOr(row, c.name, ''));
    const alias = text(row, c.alias);
    if (!model || alias === null) continue;
    const version = idText(row, c.version);
    model.aliases[alias] = version;
    findVersion(models, model.name, version)?.aliases.push(alias);
  }
}

function findVersion(models: Map<string, RegisteredModel>, name: string, version: string): ModelVersion | undefined {
  return models.get(name)?.versions.find((v) => v.version === version);
}
