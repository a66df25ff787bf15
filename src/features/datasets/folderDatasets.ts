import type * as vscode from 'vscode';
import { type DvcFileHistory, loadDvcFileHistory } from '../../core/datasets/dvcHistory';
import type { DvcOutput, DvcWorkspace } from '../../core/datasets/dvcTypes';
import { loadDvcWorkspace } from '../../core/datasets/dvcWorkspace';
import { GitRepository } from '../../core/git/gitRepository';
import type { CommitNode } from '../../core/git/gitTypes';
import { describeError } from '../../core/tracking/errors';
import type { Logger } from '../../vscode/logger';
import type { FolderStore, WorkspaceStores } from '../stores/workspaceStores';
import { type OutputLineage, outputLineage } from './dvcLineage';
import { type MlflowDatasets, loadMlflowDatasets } from './mlflowDatasets';
import { type RunIndex, loadRunIndex } from './runIndex';

/** versions of a defining file read from git; older ones are summarised as "more" */
const MAX_VERSIONS = 100;
const MAX_GRAPH_COMMITS = 20_000;

export type MlflowPart =
  | { status: 'noStore' }
  | { status: 'error'; message: string }
  | { status: 'ready'; data: MlflowDatasets };

export interface DvcPart {
  workspace: DvcWorkspace;
  repository: GitRepository | undefined;
  /** why there is no repository to read versions from */
  noHistory?: { text: string; failed: boolean };
}

/**
 * What the Datasets view has loaded for one workspace folder. Each part loads on first use and
 * is kept until forgotten, so expanding and redrawing never asks the store or git twice.
 * Failures are kept as results (the view shows them), never as rejected promises.
 */
export class FolderDatasets {
  private mlflow: Promise<MlflowPart> | undefined;
  private runIndex: Promise<RunIndex | undefined> | undefined;
  private dvc: Promise<DvcPart> | undefined;
  private graph: Promise<CommitNode[]> | undefined;
  private readonly histories = new Map<string, Promise<DvcFileHistory>>();
  private readonly lineages = new Map<string, Promise<OutputLineage>>();

  constructor(
    readonly folder: vscode.WorkspaceFolder,
    private readonly stores: WorkspaceStores,
    private readonly logger: Logger,
  ) {}

  /** The tracking store changed: datasets, runs and the lineage built on them load again. */
  forgetTracking(): void {
    this.mlflow = undefined;
    this.runIndex = undefined;
    this.lineages.clear();
  }

  /** DVC files or git history changed. */
  forgetDvc(): void {
    this.dvc = undefined;
    this.graph = undefined;
    this.histories.clear();
    this.lineages.clear();
  }

  mlflowDatasets(): Promise<MlflowPart> {
    this.mlflow ??= this.stores.get(this.folder).then(async (entry): Promise<MlflowPart> => {
      if (entry.status !== 'ready') return entry.status === 'noStore' ? { status: 'noStore' } : { status: 'error', message: entry.message };
      try {
        return { status: 'ready', data: await loadMlflowDatasets(entry.store) };
      } catch (error) {
        this.logger.error(`Datasets: cannot list the datasets of ${entry.store.uri}`, error);
        return { status: 'error', message: `Cannot read the datasets of ${entry.store.uri}: ${describeError(error)}` };
      }
    });
    return this.mlflow;
  }

  /** The store's runs; undefined without a readable store. */
  runs(): Promise<RunIndex | undefined> {
    this.runIndex ??= this.stores.get(this.folder).then(async (entry: FolderStore) => {
      if (entry.status !== 'ready') return undefined;
      try {
        return await loadRunIndex(entry.store);
      } catch (error) {
        this.logger.error(`Datasets: cannot search the runs of ${entry.store.uri}`, error);
        return { runs: new Map(), truncated: false, problems: [{ item: 'runs', message: describeError(error) }] };
      }
    });
    return this.runIndex;
  }

  dvcData(): Promise<DvcPart> {
    this.dvc ??= (async (): Promise<DvcPart> => {
      const root = this.folder.uri.fsPath;
      const workspace = await loadDvcWorkspace(root).catch((error: unknown): DvcWorkspace => {
        this.logger.error(`Datasets: cannot look for DVC files in ${root}`, error);
        return { outputs: [], dependencies: [], files: [], truncated: false, problems: [{ item: this.folder.name, message: describeError(error) }] };
      });
      if (workspace.outputs.length === 0) return { workspace, repository: undefined };
      try {
        const repository = await GitRepository.open(root);
        return { workspace, repository, noHistory: repository ? undefined : { text: `${this.folder.name} is not in a git repository, so its DVC data has no versions`, failed: false } };
      } catch (error) {
        this.logger.error(`Datasets: cannot open the git repository of ${root}`, error);
        return { workspace, repository: undefined, noHistory: { text: `Cannot read the git history: ${describeError(error)}`, failed: true } };
      }
    })();
    return this.dvc;
  }

  /** The output's versions with the runs linked to each. */
  lineage(output: DvcOutput): Promise<OutputLineage> {
    const key = JSON.stringify([output.definedIn, output.declaredPath]);
    let known = this.lineages.get(key);
    if (!known) {
      known = this.loadLineage(output);
      this.lineages.set(key, known);
    }
    return known;
  }

  private async loadLineage(output: DvcOutput): Promise<OutputLineage> {
    const empty = (unavailable: OutputLineage['unavailable']): OutputLineage => ({ versions: [], unversionedRuns: [], truncated: false, problems: [], unavailable });
    const { repository, noHistory } = await this.dvcData();
    if (!repository) return empty(noHistory ?? { text: 'No git history', failed: false });
    try {
      const [history, graph, index] = await Promise.all([this.history(repository, output.definedIn), this.commitGraph(repository), this.runs()]);
      const runs = index ? [...index.runs.values()] : [];
      return outputLineage(output, history, graph, runs, this.folder.uri.fsPath);
    } catch (error) {
      this.logger.error(`Datasets: cannot read the git history of ${output.definedIn}`, error);
      return empty({ text: `Cannot read the git history of ${output.definedIn}: ${describeError(error)}`, failed: true });
    }
  }

  private history(repository: GitRepository, definedIn: string): Promise<DvcFileHistory> {
    let known = this.histories.get(definedIn);
    if (!known) {
      known = loadDvcFileHistory(repository, this.folder.uri.fsPath, definedIn, { maxCount: MAX_VERSIONS });
      this.histories.set(definedIn, known);
      // A failure is not kept: the next expansion tries again.
      known.catch(() => this.histories.get(definedIn) === known && this.histories.delete(definedIn));
    }
    return known;
  }

  private commitGraph(repository: GitRepository): Promise<CommitNode[]> {
    if (!this.graph) {
      const loading = repository.commitGraph({ maxCount: MAX_GRAPH_COMMITS });
      this.graph = loading;
      loading.catch(() => this.graph === loading && (this.graph = undefined));
    }
    return this.graph;
  }
}
