// Joins of data the caller already loaded: MLflow datasets to the runs that used them and the
// model versions those runs produced, and DVC output versions to the runs that trained on them.
import type { CommitNode } from '../git/gitTypes';
import type { DatasetSummary, DatasetUse, ModelVersion, RegisteredModel, Run } from '../tracking/types';
import { datasetSourceLocations, locationWithin, normalizeLocation } from './datasetSource';
import type { DvcOutputVersion } from './dvcVersions';
import { versionResolver } from './versionAtCommit';

export type LineageReason = 'digest' | 'source' | 'commit';

/** The MLflow tag with the commit of the code a run ran. */
export const gitCommitTag = 'mlflow.source.git.commit';

export interface DatasetLineage {
  dataset: DatasetSummary;
  runs: DatasetUse[];
  /** versions registered from those runs, by model name then version */
  modelVersions: ModelVersion[];
}

/** Registered model versions by the run they were registered from. */
export function modelVersionsByRun(models: RegisteredModel[]): Map<string, ModelVersion[]> {
  const byRun = new Map<string, ModelVersion[]>();
  for (const model of models) {
    for (const version of model.versions) {
      if (!version.run_id) continue;
      const list = byRun.get(version.run_id) ?? [];
      list.push(version);
      byRun.set(version.run_id, list);
    }
  }
  return byRun;
}

/** Each dataset with the runs that used it and the model versions registered from those runs. */
export function datasetLineage(datasets: DatasetSummary[], models: RegisteredModel[]): DatasetLineage[] {
  const byRun = modelVersionsByRun(models);
  return datasets.map((dataset) => {
    const seen = new Set<ModelVersion>();
    for (const use of dataset.runs) for (const version of byRun.get(use.run_id) ?? []) seen.add(version);
    const modelVersions = [...seen].sort((a, b) => a.name.localeCompare(b.name) || Number(a.version) - Number(b.version));
    return { dataset, runs: dataset.runs, modelVersions };
  });
}

export interface DvcRunLink {
  run_id: string;
  /** the version the run trained on; null when the run used the output but which version is not known */
  version: DvcOutputVersion | null;
  reasons: LineageReason[];
}

export interface DvcRunLineage {
  links: DvcRunLink[];
  /** runs whose source commit is set but whose version cannot be told from the history */
  unknownCommits: { run_id: string; commit: string; reason: string }[];
}

export interface DvcLineageInput {
  /** one output's versions, as `versionsOfOutput` gives them */
  versions: DvcOutputVersion[];
  /** commits of HEAD with parents, children first, as `GitRepository.commitGraph` gives them */
  commitGraph: CommitNode[];
  /** false when the versions were cut at a maximum count, so older ones may exist */
  historyComplete: boolean;
  /** turns absolute local dataset sources into workspace-relative paths */
  workspaceRoot?: string;
}

/**
 * The runs that trained on a DVC output, with why: a dataset digest equal to a version's hash
 * (or its first 8+ characters, as MLflow shortens digests), a dataset source naming the output's
 * path, or a source commit at or after a version and before the next one.
 */
export function linkRunsToDvcOutput(input: DvcLineageInput, runs: Run[]): DvcRunLineage {
  const resolve = versionResolver(input.versions, input.commitGraph, input.historyComplete);
  const lineage: DvcRunLineage = { links: [], unknownCommits: [] };
  for (const run of runs) {
    const reasons = new Map<DvcOutputVersion | null, Set<LineageReason>>();
    const add = (version: DvcOutputVersion | null, reason: LineageReason) => {
      const set = reasons.get(version) ?? new Set<LineageReason>();
      set.add(reason);
      reasons.set(version, set);
    };
    const datasets = run.inputs.dataset_inputs.map((input) => input.dataset);
    const digestVersions = input.versions.filter((version) => datasets.some((dataset) => digestMatches(dataset.digest, version.after?.hash)));
    for (const version of digestVersions) add(version, 'digest');

    let commitVersion: DvcOutputVersion | undefined;
    const commit = run.data.tags[gitCommitTag]?.trim();
    if (commit) {
      const resolved = resolve(commit);
      if (resolved.kind === 'unknown') lineage.unknownCommits.push({ run_id: run.info.run_id, commit, reason: resolved.reason });
      // A removal is the version in effect, but there was no data to train on.
      else if (resolved.kind === 'version' && resolved.version.after !== null) commitVersion = resolved.version;
    }
    if (commitVersion) add(commitVersion, 'commit');

    const locations = datasets.flatMap((dataset) => datasetSourceLocations(dataset.source)).map((location) => normalizeLocation(location, input.workspaceRoot));
    const paths = new Set(input.versions.flatMap((version) => [version.after?.path, version.before?.path]).filter((p): p is string => p !== undefined));
    if (locations.some((location) => [...paths].some((p) => locationWithin(location, p)))) {
      add(commitVersion ?? (digestVersions.length === 1 ? digestVersions[0] : null), 'source');
    }
    for (const [version, set] of reasons) {
      lineage.links.push({ run_id: run.info.run_id, version, reasons: (['digest', 'source', 'commit'] as const).filter((r) => set.has(r)) });
    }
  }
  return lineage;
}

function digestMatches(digest: string, hash: string | null | undefined): boolean {
  if (!digest || !hash) return false;
  const a = digest.trim().toLowerCase();
  const b = hash.trim().toLowerCase().replace(/\.dir$/, '');
  return a === b || (a.length >= 8 && b.startsWith(a));
}
