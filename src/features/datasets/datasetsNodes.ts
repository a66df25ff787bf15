import type * as vscode from 'vscode';
import type { DvcOutput } from '../../core/datasets/dvcTypes';
import type { DvcOutputVersion } from '../../core/datasets/dvcVersions';
import type { LineageReason } from '../../core/datasets/lineage';
import type { ModelVersion, Run, StoreProblem } from '../../core/tracking/types';
import type { LinkedRun } from './dvcLineage';
import type { DatasetGroup, DatasetVersion } from './mlflowDatasets';

export type DatasetsNode =
  | FolderNode
  | MlflowGroupNode
  | DatasetNode
  | DatasetVersionNode
  | RunNode
  | ModelVersionNode
  | DvcGroupNode
  | DvcOutputNode
  | DvcVersionNode
  | MessageNode;

export interface FolderNode {
  kind: 'folder';
  folder: vscode.WorkspaceFolder;
}

/** "MLflow datasets": what the folder's tracking store logged as run inputs. */
export interface MlflowGroupNode {
  kind: 'mlflowGroup';
  folder: vscode.WorkspaceFolder;
  storeUri: string;
  datasets: DatasetGroup[];
  problems: StoreProblem[];
}

/** A dataset name; its children are the versions (digests) logged under it. */
export interface DatasetNode {
  kind: 'dataset';
  folder: vscode.WorkspaceFolder;
  dataset: DatasetGroup;
}

export interface DatasetVersionNode {
  kind: 'datasetVersion';
  folder: vscode.WorkspaceFolder;
  version: DatasetVersion;
  /** names of the experiments whose runs logged it */
  experiments: string[];
}

/** A run that used a dataset version (MLflow) or trained on a DVC version (with why we think so). */
export interface RunNode {
  kind: 'run';
  folder: vscode.WorkspaceFolder;
  /** the id of the node it is listed under: one run shows under several datasets */
  parentId: string;
  runId: string;
  /** undefined when the store no longer has the run */
  run: Run | undefined;
  experimentName: string | undefined;
  /** `mlflow.data.context` of each input of the dataset (training, validation, ...) */
  contexts?: (string | null)[];
  /** why the run is linked to a DVC version */
  reasons?: LineageReason[];
  models: ModelVersion[];
}

export interface ModelVersionNode {
  kind: 'modelVersion';
  folder: vscode.WorkspaceFolder;
  parentId: string;
  version: ModelVersion;
}

/** "DVC data": outputs of the folder's .dvc files and dvc.lock. */
export interface DvcGroupNode {
  kind: 'dvcGroup';
  folder: vscode.WorkspaceFolder;
  outputs: DvcOutput[];
  files: string[];
  problems: StoreProblem[];
  truncated: boolean;
}

export interface DvcOutputNode {
  kind: 'dvcOutput';
  folder: vscode.WorkspaceFolder;
  output: DvcOutput;
}

export interface DvcVersionNode {
  kind: 'dvcVersion';
  folder: vscode.WorkspaceFolder;
  output: DvcOutput;
  version: DvcOutputVersion;
  /** the output in the work tree has this version's data */
  current: boolean;
  runs: LinkedRun[];
}

/** An explanation in place of items: an error, a skipped file, a folder without data. */
export interface MessageNode {
  kind: 'message';
  id: string;
  text: string;
  tooltip?: string;
  icon: 'error' | 'warning' | 'info';
  command?: vscode.Command;
}

// Names and paths may hold any character, so the parts are JSON-quoted to keep ids unambiguous.
export function nodeId(node: DatasetsNode): string {
  const key = (...parts: string[]) => JSON.stringify(parts);
  const folder = 'folder' in node ? node.folder.uri.toString() : '';
  switch (node.kind) {
    case 'folder':
      return `folder:${folder}`;
    case 'mlflowGroup':
      return `mlflowGroup:${folder}`;
    case 'dataset':
      return `dataset:${key(folder, node.dataset.name)}`;
    case 'datasetVersion':
      return `datasetVersion:${key(folder, node.version.name, node.version.key)}`;
    case 'run':
      return `run:${key(node.parentId, node.runId)}`;
    case 'modelVersion':
      return `modelVersion:${key(node.parentId, node.version.name, node.version.version)}`;
    case 'dvcGroup':
      return `dvcGroup:${folder}`;
    case 'dvcOutput':
      return `dvcOutput:${key(folder, node.output.definedIn, node.output.declaredPath)}`;
    case 'dvcVersion':
      return `dvcVersion:${key(folder, node.output.definedIn, node.output.declaredPath, node.version.commit.commit)}`;
    case 'message':
      return `message:${node.id}`;
  }
}

export const showLogCommand: vscode.Command = { title: 'Show Log', command: 'mlops.showLog' };
export const chooseStoreCommand: vscode.Command = { title: 'Choose Tracking Store', command: 'mlops.chooseStore' };

export function message(id: string, text: string, icon: MessageNode['icon'], command?: vscode.Command, tooltip?: string): MessageNode {
  return { kind: 'message', id, text, icon, command, tooltip };
}

export function problemNodes(key: string, problems: StoreProblem[]): MessageNode[] {
  return problems.map((problem) => message(`${key}:${problem.item}:${problem.message}`, `Skipped ${problem.item}`, 'warning', showLogCommand, problem.message));
}
