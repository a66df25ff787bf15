import type * as vscode from 'vscode';
import type { Experiment, Run, TrackingStore } from '../../core/tracking/types';

export type RunsNode = FolderNode | ExperimentNode | RunNode | MoreNode | MessageNode;

export interface FolderNode {
  kind: 'folder';
  folder: vscode.WorkspaceFolder;
}

export interface ExperimentNode {
  kind: 'experiment';
  folder: vscode.WorkspaceFolder;
  store: TrackingStore;
  experiment: Experiment;
}

export interface RunNode {
  kind: 'run';
  folder: vscode.WorkspaceFolder;
  store: TrackingStore;
  experiment: Experiment;
  run: Run;
}

/** "Show more": the next page of an experiment's runs. */
export interface MoreNode {
  kind: 'more';
  parent: ExperimentNode;
  loaded: number;
}

/** An explanation in place of items: an error, a store without experiments, no matching runs. */
export interface MessageNode {
  kind: 'message';
  id: string;
  text: string;
  tooltip?: string;
  icon: 'error' | 'warning' | 'info';
  command?: vscode.Command;
}

export function nodeId(node: RunsNode): string {
  switch (node.kind) {
    case 'folder':
      return `folder:${node.folder.uri.toString()}`;
    case 'experiment':
      return `experiment:${node.folder.uri.toString()}:${node.experiment.experiment_id}`;
    case 'run':
      return `run:${node.folder.uri.toString()}:${node.run.info.run_id}`;
    case 'more':
      return `more:${nodeId(node.parent)}`;
    case 'message':
      return `message:${node.id}`;
  }
}
