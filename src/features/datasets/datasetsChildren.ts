// The children of the Datasets view's nodes below a folder, from what FolderDatasets loaded.
import type { DvcOutputVersion } from '../../core/datasets/dvcVersions';
import type { ModelVersion } from '../../core/tracking/types';
import { formatBytes, shortHash } from './datasetFormat';
import type { DatasetNode, DatasetVersionNode, DatasetsNode, DvcOutputNode, DvcVersionNode, RunNode } from './datasetsNodes';
import { message, nodeId, problemNodes, showLogCommand } from './datasetsNodes';
import type { LinkedRun } from './dvcLineage';
import type { FolderDatasets } from './folderDatasets';
import { sortVersions } from './mlflowDatasets';
import { MAX_INDEXED_RUNS, runsById } from './runIndex';

interface RunContext {
  experimentNames: ReadonlyMap<string, string>;
  modelsByRun: ReadonlyMap<string, ModelVersion[]>;
}

const noRunContext: RunContext = { experimentNames: new Map(), modelsByRun: new Map() };

/** A dataset's versions, the one used last first. */
export async function datasetVersionNodes(data: FolderDatasets, node: DatasetNode): Promise<DatasetsNode[]> {
  const [mlflow, index] = await Promise.all([data.mlflowDatasets(), data.runs()]);
  const names = mlflow.status === 'ready' ? mlflow.data.experimentNames : noRunContext.experimentNames;
  return sortVersions(node.dataset.versions, index?.runs ?? new Map()).map((version) => ({
    kind: 'datasetVersion',
    folder: node.folder,
    version,
    experiments: version.experimentIds.map((id) => names.get(id) ?? `experiment ${id}`),
  }));
}

/** The runs that used a dataset version, newest first, each with the model versions registered from it. */
export async function datasetRunNodes(data: FolderDatasets, node: DatasetVersionNode): Promise<DatasetsNode[]> {
  const [mlflow, index] = await Promise.all([data.mlflowDatasets(), data.runs()]);
  if (mlflow.status !== 'ready') return [];
  const uses = node.version.uses;
  const runs = index ? await runsById(mlflow.data.store, index, uses.map((use) => use.runId)) : new Map();
  const parentId = nodeId(node);
  const nodes = uses.map((use): RunNode => ({
    ...runNode(node, parentId, use.runId, mlflow.data),
    run: runs.get(use.runId),
    experimentName: mlflow.data.experimentNames.get(use.experimentId),
    contexts: use.contexts,
  }));
  nodes.sort((a, b) => (b.run?.info.start_time ?? -1) - (a.run?.info.start_time ?? -1));
  const key = `${parentId}:runs`;
  return [...nodes, ...problemNodes(key, index?.problems ?? [])];
}

/** An output's versions from git, newest first, and what the work tree holds. */
export async function dvcOutputChildren(data: FolderDatasets, node: DvcOutputNode): Promise<DatasetsNode[]> {
  const [lineage, mlflow, index] = await Promise.all([data.lineage(node.output), data.mlflowDatasets(), data.runs()]);
  const key = nodeId(node);
  const { unavailable } = lineage;
  if (unavailable) return [message(`${key}:unavailable`, unavailable.text, unavailable.failed ? 'error' : 'info', unavailable.failed ? showLogCommand : undefined)];
  const context = mlflow.status === 'ready' ? mlflow.data : noRunContext;
  const nodes: DatasetsNode[] = [];
  const { output } = node;
  const newest = lineage.versions[0]?.version;
  if (!newest) {
    nodes.push(message(`${key}:uncommitted`, `${output.definedIn} is not committed to git yet`, 'info'));
  } else if (!sameHash(newest, output.hash)) {
    const now = output.hash ? `${shortHash(output.hash)}${output.size === undefined ? '' : ` (${formatBytes(output.size)})`}` : 'no hash';
    const tooltip = `${output.definedIn} in the work tree records ${now}; its last commit ${newest.commit.shortCommit} records ${newest.after?.hash ? shortHash(newest.after.hash) : 'no output'}. Commit it to make this a version.`;
    nodes.push(message(`${key}:uncommitted`, `Changed since the last commit: ${now}`, 'info', undefined, tooltip));
  }
  const currentIndex = lineage.versions.findIndex(({ version }) => sameHash(version, output.hash));
  lineage.versions.forEach(({ version, runs }, i) => {
    const child: DvcVersionNode = { kind: 'dvcVersion', folder: node.folder, output, version, current: i === currentIndex, runs };
    nodes.push(child);
  });
  nodes.push(...linkedRunNodes(node, key, lineage.unversionedRuns, context, 'used this data, version unknown'));
  if (lineage.truncated) nodes.push(message(`${key}:truncated`, 'Older versions are not shown', 'info', undefined, `Only the newest commits of ${output.definedIn} were read.`));
  if (index?.truncated) {
    nodes.push(message(`${key}:runsTruncated`, `Runs linked among the newest ${MAX_INDEXED_RUNS}`, 'info', undefined, 'Older runs of the store were not searched for links to this data.'));
  }
  return [...nodes, ...problemNodes(key, lineage.problems)];
}

/** The runs that trained on a DVC version: those that read the data first, commit-only matches after. */
export async function dvcVersionRunNodes(data: FolderDatasets, node: DvcVersionNode): Promise<DatasetsNode[]> {
  const mlflow = await data.mlflowDatasets();
  return linkedRunNodes(node, nodeId(node), node.runs, mlflow.status === 'ready' ? mlflow.data : noRunContext);
}

export function modelVersionNodes(node: RunNode): DatasetsNode[] {
  const parentId = nodeId(node);
  return node.models.map((version) => ({ kind: 'modelVersion', folder: node.folder, parentId, version }));
}

function linkedRunNodes(parent: DvcOutputNode | DvcVersionNode, parentId: string, links: LinkedRun[], context: RunContext, note?: string): RunNode[] {
  return links.map(({ run, reasons }) => ({
    ...runNode(parent, parentId, run.info.run_id, context),
    run,
    experimentName: [context.experimentNames.get(run.info.experiment_id), note].filter(Boolean).join(' · ') || undefined,
    reasons,
  }));
}

function runNode(parent: { folder: RunNode['folder'] }, parentId: string, runId: string, context: RunContext): RunNode {
  return { kind: 'run', folder: parent.folder, parentId, runId, run: undefined, experimentName: undefined, models: context.modelsByRun.get(runId) ?? [] };
}

function sameHash(version: DvcOutputVersion, hash: string | null): boolean {
  return hash !== null && version.after?.hash === hash;
}
