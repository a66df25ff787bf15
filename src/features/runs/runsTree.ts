import * as vscode from 'vscode';
import { TrackingError, describeError } from '../../core/tracking/errors';
import type { MetricPoint, RunSearch } from '../../core/tracking/types';
import type { ViewState } from '../../vscode/contextKeys';
import type { Logger } from '../../vscode/logger';
import type { Settings } from '../../vscode/settings';
import type { WorkspaceStores } from '../stores/workspaceStores';
import { RunPages } from './runPages';
import { runTreeItem } from './runItem';
import type { ExperimentNode, FolderNode, MessageNode, MoreNode, RunNode, RunsNode } from './runsNodes';
import { nodeId } from './runsNodes';
import type { RunsViewState } from './runsViewState';
import { escapeMarkdown, runTooltip } from './runTooltip';

const MAX_SPARKLINES = 30;

/** Experiments, then their runs page by page, for each workspace folder's tracking store. */
export class RunsTree implements vscode.TreeDataProvider<RunsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<RunsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly stateChanged = new vscode.EventEmitter<ViewState>();
  /** the single-folder state, for welcome content */
  readonly onDidChangeState = this.stateChanged.event;
  readonly pages: RunPages;
  private readonly experiments = new Map<string, ExperimentNode>();

  constructor(
    private readonly stores: WorkspaceStores,
    private readonly viewState: RunsViewState,
    private readonly settings: Settings,
    private readonly logger: Logger,
  ) {
    this.pages = new RunPages(() => settings.runsPageSize());
  }

  /** Forgets everything loaded: the next expansion asks the store again. */
  reload(): void {
    this.pages.clear();
    this.experiments.clear();
    this.changed.fire(undefined);
  }

  /** Shows data already updated in `pages` without reloading anything else. */
  redraw(node?: ExperimentNode): void {
    this.changed.fire(node);
  }

  searchFor = (experimentId: string): Omit<RunSearch, 'maxResults' | 'pageToken'> => ({
    experimentIds: [experimentId],
    filter: this.viewState.filter || undefined,
    orderBy: this.viewState.orderBy ? [this.viewState.orderBy] : undefined,
    view: this.viewState.showDeleted ? 'all' : 'active',
  });

  loadedExperiments(): ExperimentNode[] {
    return [...this.experiments.values()].filter((node) => this.pages.get(nodeId(node)));
  }

  async getChildren(node?: RunsNode): Promise<RunsNode[]> {
    if (!node) {
      const folders = this.stores.folders();
      if (folders.length === 1) return this.folderChildren({ kind: 'folder', folder: folders[0] }, true);
      this.stateChanged.fire(folders.length === 0 ? 'noStore' : 'ready');
      return folders.map((folder): FolderNode => ({ kind: 'folder', folder }));
    }
    if (node.kind === 'folder') return this.folderChildren(node, false);
    if (node.kind === 'experiment') return this.experimentChildren(node);
    return [];
  }

  /** Lets `TreeView.reveal` find a node's ancestors; ids, not object identity, tie them to what is shown. */
  getParent(node: RunsNode): RunsNode | undefined {
    switch (node.kind) {
      case 'experiment':
        return this.stores.folders().length === 1 ? undefined : { kind: 'folder', folder: node.folder };
      case 'run': {
        const parent: ExperimentNode = { kind: 'experiment', folder: node.folder, store: node.store, experiment: node.experiment };
        return this.experiments.get(nodeId(parent)) ?? parent;
      }
      case 'more':
        return node.parent;
      default:
        return undefined;
    }
  }

  getTreeItem(node: RunsNode): vscode.TreeItem {
    const item = this.itemFor(node);
    item.id = nodeId(node);
    return item;
  }

  async resolveTreeItem(item: vscode.TreeItem, node: RunsNode, token: vscode.CancellationToken): Promise<vscode.TreeItem> {
    if (node.kind !== 'run') return item;
    const histories = this.settings.sparklines() ? await this.histories(node, token) : undefined;
    item.tooltip = runTooltip(node.run, histories, Date.now());
    return item;
  }

  dispose(): void {
    this.changed.dispose();
    this.stateChanged.dispose();
  }

  private async folderChildren(node: FolderNode, only: boolean): Promise<RunsNode[]> {
    const entry = await this.stores.get(node.folder);
    const report = (state: ViewState) => only && this.stateChanged.fire(state);
    if (entry.status === 'noStore') {
      report('noStore');
      return only ? [] : [message(`${node.folder.name}:nostore`, 'No MLflow tracking store in this folder', 'info', chooseStoreCommand)];
    }
    if (entry.status === 'error') {
      report('error');
      return [message(`${node.folder.name}:error`, entry.message, 'error', showLogCommand)];
    }
    try {
      const listing = await entry.store.listExperiments(this.viewState.showDeleted ? 'all' : 'active');
      const experiments = [...listing.items].sort((a, b) => a.name.localeCompare(b.name, undefined, { sensitivity: 'base' }));
      report(experiments.length === 0 ? 'empty' : 'ready');
      const nodes: RunsNode[] = experiments.map((experiment) => this.experimentNode({ kind: 'experiment', folder: node.folder, store: entry.store, experiment }));
      for (const problem of listing.problems) nodes.push(message(`${node.folder.name}:${problem.item}`, `Skipped ${problem.item}`, 'warning', showLogCommand, problem.message));
      if (experiments.length === 0 && !only) nodes.push(message(`${node.folder.name}:empty`, 'No experiments yet', 'info'));
      return nodes;
    } catch (error) {
      this.logger.error(`Runs: cannot list the experiments of ${entry.store.uri}`, error);
      report('error');
      return [message(`${node.folder.name}:error`, describeError(error), 'error', showLogCommand)];
    }
  }

  private experimentNode(fresh: ExperimentNode): ExperimentNode {
    const key = nodeId(fresh);
    const known = this.experiments.get(key);
    if (known && known.store === fresh.store) {
      known.experiment = fresh.experiment;
      return known;
    }
    this.experiments.set(key, fresh);
    return fresh;
  }

  private async experimentChildren(node: ExperimentNode): Promise<RunsNode[]> {
    const key = nodeId(node);
    let page = this.pages.get(key);
    try {
      page ??= await this.pages.loadFirst(key, node.store, node.experiment.experiment_id, this.searchFor);
    } catch (error) {
      if (error instanceof TrackingError && error.code === 'INVALID_ARGUMENT') {
        return [message(`${key}:filter`, `Invalid filter: ${error.reason}`, 'error', { title: 'Edit Filter', command: 'mlops.runs.filter' })];
      }
      this.logger.error(`Runs: cannot search the runs of experiment ${node.experiment.experiment_id}`, error);
      return [message(`${key}:error`, describeError(error), 'error', showLogCommand)];
    }
    const children: RunsNode[] = page.runs.map((run): RunNode => ({ kind: 'run', folder: node.folder, store: node.store, experiment: node.experiment, run }));
    for (const problem of page.problems) children.push(message(`${key}:${problem.item}`, `Skipped ${problem.item}`, 'warning', showLogCommand, problem.message));
    if (page.nextPageToken) children.push({ kind: 'more', parent: node, loaded: page.runs.length } satisfies MoreNode);
    if (page.runs.length === 0) {
      children.push(message(`${key}:none`, this.viewState.filter ? 'No runs match the filter' : 'No runs yet', 'info'));
    }
    return children;
  }

  private itemFor(node: RunsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'folder': {
        const item = new vscode.TreeItem(node.folder.name, vscode.TreeItemCollapsibleState.Expanded);
        item.iconPath = vscode.ThemeIcon.Folder;
        return item;
      }
      case 'experiment': {
        const { experiment } = node;
        const item = new vscode.TreeItem(experiment.name, vscode.TreeItemCollapsibleState.Collapsed);
        item.description = experiment.lifecycle_stage === 'deleted' ? `deleted · id ${experiment.experiment_id}` : `id ${experiment.experiment_id}`;
        item.iconPath = new vscode.ThemeIcon('beaker');
        item.contextValue = `experiment${node.store.kind === 'rest' ? '.server' : ''}`;
        const tags = Object.entries(experiment.tags).filter(([k]) => !k.startsWith('mlflow.'));
        const md = new vscode.MarkdownString(`**${escapeMarkdown(experiment.name)}**\n\n${escapeMarkdown(experiment.artifact_location)}`);
        if (tags.length > 0) md.appendMarkdown('\n\n' + tags.map(([k, v]) => `**${escapeMarkdown(k)}** ${escapeMarkdown(v)}`).join('  \n'));
        item.tooltip = md;
        return item;
      }
      case 'run':
        return runTreeItem(node, this.metricToShow(), Date.now());
      case 'more': {
        const item = new vscode.TreeItem(`Show more runs (${node.loaded} shown)`, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon('ellipsis');
        item.command = { title: 'Show More Runs', command: 'mlops.runs.showMore', arguments: [node] };
        return item;
      }
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.tooltip = node.tooltip ?? node.text;
        item.command = node.command;
        return item;
      }
    }
  }

  private metricToShow(): string | undefined {
    const orderedMetric = /^\s*metrics?\.(?:"([^"]+)"|`([^`]+)`|(\S+))/i.exec(this.viewState.orderBy ?? '');
    return this.viewState.metric || this.settings.runsMetric() || (orderedMetric ? (orderedMetric[1] ?? orderedMetric[2] ?? orderedMetric[3]) : undefined);
  }

  private async histories(node: RunNode, token: vscode.CancellationToken): Promise<Map<string, MetricPoint[]>> {
    const controller = new AbortController();
    const subscription = token.onCancellationRequested(() => controller.abort());
    const keys = Object.keys(node.run.data.metrics).sort().slice(0, MAX_SPARKLINES);
    const result = new Map<string, MetricPoint[]>();
    try {
      await Promise.all(keys.map(async (key) => {
        try {
          result.set(key, await node.store.getMetricHistory(node.run.info.run_id, key, controller.signal));
        } catch (error) {
          this.logger.debug(`Runs: no history for ${key} of ${node.run.info.run_id}: ${describeError(error)}`);
        }
      }));
    } finally {
      subscription.dispose();
    }
    return result;
  }
}

const showLogCommand: vscode.Command = { title: 'Show Log', command: 'mlops.showLog' };
const chooseStoreCommand: vscode.Command = { title: 'Choose Tracking Store', command: 'mlops.chooseStore' };

function message(id: string, text: string, icon: MessageNode['icon'], command?: vscode.Command, tooltip?: string): MessageNode {
  return { kind: 'message', id, text, icon, command, tooltip };
}
