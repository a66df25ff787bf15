import type * as vscode from 'vscode';
import type { LoggedModel, ModelVersion, RegisteredModel, TrackingStore } from '../../core/tracking/types';
import type { LoggedModelGroup } from './folderModels';

export type ModelsNode =
  | FolderNode
  | RegisteredModelNode
  | ModelVersionNode
  | LoggedModelsNode
  | LoggedModelExperimentNode
  | LoggedModelNode
  | MessageNode;

export interface FolderNode {
  kind: 'folder';
  folder: vscode.WorkspaceFolder;
}

export interface RegisteredModelNode {
  kind: 'registeredModel';
  folder: vscode.WorkspaceFolder;
  store: TrackingStore;
  model: RegisteredModel;
}

export interface ModelVersionNode {
  kind: 'modelVersion';
  folder: vscode.WorkspaceFolder;
  store: TrackingStore;
  model: RegisteredModel;
  version: ModelVersion;
}

/** The "Logged models" group: MLflow 3's logged models, by experiment. */
export interface LoggedModelsNode {
  kind: 'loggedModels';
  folder: vscode.WorkspaceFolder;
  store: TrackingStore;
  /** undefined when they could not be listed */
  count: number | undefined;
}

export interface LoggedModelExperimentNode {
  kind: 'loggedModelExperiment';
  folder: vscode.WorkspaceFolder;
  store: TrackingStore;
  group: LoggedModelGroup;
}

export interface LoggedModelNode {
  kind: 'loggedModel';
  folder: vscode.WorkspaceFolder;
  store: TrackingStore;
  model: LoggedModel;
}

/** An explanation in place of items: an error, a skipped item, a registry without models. */
export interface MessageNode {
  kind: 'message';
  id: string;
  text: string;
  tooltip?: string;
  icon: 'error' | 'warning' | 'info';
  command?: vscode.Command;
}

// Names may hold any character, so the parts are JSON-quoted to keep ids unambiguous.
export function nodeId(node: ModelsNode): string {
  const key = (...parts: string[]) => JSON.stringify(parts);
  switch (node.kind) {
    case 'folder':
      return `folder:${node.folder.uri.toString()}`;
    case 'registeredModel':
      return `registeredModel:${key(node.folder.uri.toString(), node.model.name)}`;
    case 'modelVersion':
      return `modelVersion:${key(node.folder.uri.toString(), node.model.name, node.version.version)}`;
    case 'loggedModels':
      return `loggedModels:${node.folder.uri.toString()}`;
    case 'loggedModelExperiment':
      return `loggedModelExperiment:${key(node.folder.uri.toString(), node.group.experimentId)}`;
    case 'loggedModel':
      return `loggedModel:${key(node.folder.uri.toString(), node.model.model_id)}`;
    case 'message':
      return `message:${node.id}`;
  }
}
