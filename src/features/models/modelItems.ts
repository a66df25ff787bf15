import * as vscode from 'vscode';
import { formatRelativeTime } from '../../core/format/time';
import type { LoggedModelNode, LoggedModelsNode, LoggedModelExperimentNode, ModelVersionNode, RegisteredModelNode } from './modelsNodes';
import { loggedModelTooltip, modelVersionTooltip, registeredModelTooltip } from './modelTooltips';

// MLflow's ModelVersionStatus and LoggedModelStatus names other than READY.
const STATUS_ICONS: Record<string, [string, string | undefined]> = {
  PENDING_REGISTRATION: ['sync~spin', 'charts.blue'],
  FAILED_REGISTRATION: ['error', 'testing.iconFailed'],
  PENDING: ['sync~spin', 'charts.blue'],
  FAILED: ['error', 'testing.iconFailed'],
};

export function registeredModelItem(node: RegisteredModelNode, now: number): vscode.TreeItem {
  const { model } = node;
  const count = model.versions.length;
  const item = new vscode.TreeItem(model.name, count > 0 ? vscode.TreeItemCollapsibleState.Collapsed : vscode.TreeItemCollapsibleState.None);
  const parts = [count === 0 ? 'no versions' : `${count} version${count === 1 ? '' : 's'}`];
  if (model.last_updated_timestamp !== null) parts.push(`updated ${formatRelativeTime(model.last_updated_timestamp, now)}`);
  item.description = parts.join(' · ');
  item.iconPath = new vscode.ThemeIcon('package');
  item.contextValue = `registeredModel${node.store.registryWrites ? '.writable' : ''}`;
  item.tooltip = registeredModelTooltip(model, now);
  return item;
}

/** "Version 3" with "@champion · Production · ready · 3 days ago" beside it. */
export function modelVersionItem(node: ModelVersionNode, now: number): vscode.TreeItem {
  const { version } = node;
  const item = new vscode.TreeItem(`Version ${version.version}`, vscode.TreeItemCollapsibleState.None);
  const parts = [...version.aliases].sort().map((alias) => `@${alias}`);
  if (version.current_stage && version.current_stage !== 'None') parts.push(version.current_stage);
  parts.push(statusText(version.status), age(version.creation_timestamp, now));
  item.description = parts.join(' · ');
  item.iconPath = statusIcon(version.status, version.aliases.length > 0 ? 'tag' : 'versions');
  item.contextValue = modelVersionContextValue(node);
  item.tooltip = modelVersionTooltip(version, node.folder.uri, now);
  item.accessibilityInformation = { label: `${version.name} version ${version.version}, ${item.description}` };
  return item;
}

// Flags the menus in package.json match on, in this order (`viewItem =~ /^modelVersion.*\.aliased.*\.writable/`).
function modelVersionContextValue(node: ModelVersionNode): string {
  const flags = ['modelVersion'];
  if (node.version.run_id) flags.push('run');
  if (node.version.aliases.length > 0) flags.push('aliased');
  if (node.store.registryWrites) flags.push('writable');
  return flags.join('.');
}

export function loggedModelsItem(node: LoggedModelsNode): vscode.TreeItem {
  const item = new vscode.TreeItem('Logged models', vscode.TreeItemCollapsibleState.Collapsed);
  if (node.count !== undefined) item.description = `${node.count}`;
  item.iconPath = new vscode.ThemeIcon('folder-library');
  item.contextValue = 'loggedModels';
  item.tooltip = `MLflow 3 logged models of ${node.folder.name}'s tracking store, by experiment`;
  return item;
}

export function loggedModelExperimentItem(node: LoggedModelExperimentNode): vscode.TreeItem {
  const { group } = node;
  const item = new vscode.TreeItem(group.experimentName, vscode.TreeItemCollapsibleState.Collapsed);
  const count = group.models.length;
  item.description = `${count} model${count === 1 ? '' : 's'}`;
  item.iconPath = new vscode.ThemeIcon('beaker');
  item.contextValue = 'loggedModelExperiment';
  item.tooltip = `Experiment ${group.experimentName} (id ${group.experimentId})`;
  return item;
}

/** "cnn-model" with "ready · classifier · 3 days ago" beside it. */
export function loggedModelItem(node: LoggedModelNode, now: number): vscode.TreeItem {
  const { model } = node;
  const item = new vscode.TreeItem(model.name || model.model_id, vscode.TreeItemCollapsibleState.None);
  const parts = [statusText(model.status)];
  if (model.model_type) parts.push(model.model_type);
  parts.push(age(model.creation_timestamp, now));
  item.description = parts.join(' · ');
  item.iconPath = statusIcon(model.status, 'symbol-class');
  item.contextValue = `loggedModel${model.source_run_id ? '.run' : ''}`;
  item.tooltip = loggedModelTooltip(model, node.folder.uri, now);
  return item;
}

function age(created: number | null, now: number): string {
  return created === null ? 'created at an unknown time' : formatRelativeTime(created, now);
}

function statusText(status: string): string {
  return status.toLowerCase().replace(/_/g, ' ');
}

function statusIcon(status: string, readyIcon: string): vscode.ThemeIcon {
  const [icon, color] = status === 'READY' ? [readyIcon, undefined] : STATUS_ICONS[status] ?? ['question', undefined];
  return new vscode.ThemeIcon(icon, color ? new vscode.ThemeColor(color) : undefined);
}
