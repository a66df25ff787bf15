import * as vscode from 'vscode';
import type { DeploymentSummary, DeploymentTarget, TargetInfo, TargetKind } from '../../core/deploy/deploymentTarget';
import { KubernetesTarget } from '../../core/deploy/kubernetes/kubernetesTarget';
import { describeError } from '../../core/tracking/errors';
import type { ViewState } from '../../vscode/contextKeys';
import type { Logger } from '../../vscode/logger';
import type { DeploymentTargets, TargetEntry } from './deploymentTargets';
import { clusterGroupItem, eventItem, podItem } from './clusterItems';
import { warningsFirst } from './clusterTexts';
import { deploymentItem, revisionItem, targetItem } from './deploymentItems';
import type { ClusterGroupNode, DeploymentNode, DeploymentsNode, MessageNode, TargetNode } from './deploymentsNodes';
import { nodeId } from './deploymentsNodes';

const LIST_TIMEOUT_MS = 15_000;

/** What one target answered; the promise lets the root and its children share one listing. */
type Listing = { ok: true; info: TargetInfo; deployments: DeploymentSummary[] } | { ok: false; error: unknown };

/** Targets (the Docker engine, later clusters), their deployments, and each deployment's revisions. */
export class DeploymentsTree implements vscode.TreeDataProvider<DeploymentsNode>, vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<DeploymentsNode | undefined>();
  readonly onDidChangeTreeData = this.changed.event;
  private readonly stateChanged = new vscode.EventEmitter<ViewState>();
  /** for the welcome content: "empty" when every target answered and none has deployments */
  readonly onDidChangeState = this.stateChanged.event;
  private readonly listings = new Map<DeploymentTarget, Promise<Listing>>();
  /** the version each target reported last, for its tooltip */
  private readonly versions = new Map<DeploymentTarget, TargetInfo>();

  constructor(
    private readonly targets: DeploymentTargets,
    private readonly logger: Logger,
  ) {}

  /** Forgets what was listed and redraws: the next look asks the targets again. */
  refresh(): void {
    this.listings.clear();
    this.changed.fire(undefined);
  }

  /** Resolves once the root has been listed again (for commands that want the view current before they return). */
  async reloaded(): Promise<void> {
    this.refresh();
    await this.getChildren();
  }

  async getChildren(node?: DeploymentsNode): Promise<DeploymentsNode[]> {
    if (!node) return this.rootChildren();
    switch (node.kind) {
      case 'target':
        return this.targetChildren(node);
      case 'deployment': {
        const revisions: DeploymentsNode[] = node.deployment.revisions.map((revision) => ({ kind: 'revision', target: node.target, deployment: node.deployment, revision }));
        if (!(node.target instanceof KubernetesTarget)) return revisions;
        const { target, deployment } = node;
        return [...revisions, { kind: 'pods', target, deployment }, { kind: 'events', target, deployment }];
      }
      case 'pods':
      case 'events':
        return this.clusterDetails(node);
      default:
        return [];
    }
  }

  getTreeItem(node: DeploymentsNode): vscode.TreeItem {
    const item = this.itemFor(node);
    item.id = nodeId(node);
    return item;
  }

  /** The listing shown now for `target` (for host tests and commands that need the names). */
  async deploymentsOf(target: DeploymentTarget): Promise<DeploymentSummary[]> {
    const listing = await this.listing(target);
    if (!listing.ok) throw listing.error;
    return listing.deployments;
  }

  dispose(): void {
    this.changed.dispose();
    this.stateChanged.dispose();
  }

  private async rootChildren(): Promise<DeploymentsNode[]> {
    const entries = this.targets.all();
    const nodes: DeploymentsNode[] = [];
    let empty = true;
    for (const entry of entries) {
      if (!entry.ok) {
        empty = false;
        nodes.push(...settingProblem(entry));
        continue;
      }
      const listing = await this.listing(entry.target);
      if (!listing.ok || listing.deployments.length > 0) empty = false;
      nodes.push({ kind: 'target', target: entry.target });
    }
    this.stateChanged.fire(empty ? 'empty' : nodes.some((n) => n.kind === 'message') ? 'error' : 'ready');
    // One target that answered with nothing to show: the welcome content explains how to deploy.
    return empty && entries.length === 1 ? [] : nodes;
  }

  private async targetChildren(node: TargetNode): Promise<DeploymentsNode[]> {
    const listing = await this.listing(node.target);
    if (!listing.ok) return unreachable(node, listing.error);
    if (listing.deployments.length === 0) return [message(`${nodeId(node)}:none`, 'No deployments yet', 'info')];
    return listing.deployments.map((deployment): DeploymentNode => ({ kind: 'deployment', target: node.target, deployment }));
  }

  /** A cluster deployment's pods or recent events, asked when the group is opened; a failure shows in their place. */
  private async clusterDetails(node: ClusterGroupNode): Promise<DeploymentsNode[]> {
    const { target, deployment } = node;
    const id = nodeId(node);
    try {
      const signal = AbortSignal.timeout(LIST_TIMEOUT_MS);
      if (node.kind === 'pods') {
        const pods = await target.pods(deployment.name, { signal });
        return pods.length > 0 ? pods.map((pod) => ({ kind: 'pod', target, deployment, pod })) : [message(`${id}:none`, 'No pods (scaled to zero)', 'info')];
      }
      const events = warningsFirst(await target.events(deployment.name, { signal }));
      return events.length > 0 ? events.map((event, index) => ({ kind: 'event', target, deployment, event, index })) : [message(`${id}:none`, 'No recent events', 'info')];
    } catch (error) {
      this.logger.warn(`Deployments: cannot list the ${node.kind} of '${deployment.name}' on ${target.description}: ${describeError(error)}`);
      return [message(`${id}:error`, describeError(error), 'error', { title: 'Retry', command: 'mlops.deployments.refresh' })];
    }
  }

  private listing(target: DeploymentTarget): Promise<Listing> {
    let listing = this.listings.get(target);
    if (!listing) {
      listing = this.load(target);
      this.listings.set(target, listing);
    }
    return listing;
  }

  private async load(target: DeploymentTarget): Promise<Listing> {
    try {
      const signal = AbortSignal.timeout(LIST_TIMEOUT_MS);
      const info = await target.check({ signal });
      this.versions.set(target, info);
      return { ok: true, info, deployments: await target.list({ signal }) };
    } catch (error) {
      this.logger.warn(`Deployments: cannot list the deployments on ${target.description}: ${describeError(error)}`);
      return { ok: false, error };
    }
  }

  private itemFor(node: DeploymentsNode): vscode.TreeItem {
    switch (node.kind) {
      case 'target':
        return targetItem(node, this.versions.get(node.target));
      case 'deployment':
        return deploymentItem(node);
      case 'revision':
        return revisionItem(node, Date.now());
      case 'pods':
      case 'events':
        return clusterGroupItem(node);
      case 'pod':
        return podItem(node, Date.now());
      case 'event':
        return eventItem(node, Date.now());
      case 'message': {
        const item = new vscode.TreeItem(node.text, vscode.TreeItemCollapsibleState.None);
        item.iconPath = new vscode.ThemeIcon(node.icon);
        item.tooltip = node.tooltip ?? node.text;
        item.command = node.command;
        item.contextValue = 'deploymentsMessage';
        return item;
      }
    }
  }
}

/** The settings that say where each kind of target is, for the message items' "Open Settings". */
const TARGET_SETTINGS: Record<TargetKind, { query: string; text: string }> = {
  docker: { query: 'mlops.docker.host', text: 'Set the Docker host (mlops.docker.host)...' },
  kubernetes: { query: 'mlops.kubernetes', text: 'Set the cluster (mlops.kubernetes.*)...' },
};

/** Why the target cannot be listed, and what to do: start it, or point the settings at one that runs. */
function unreachable(node: TargetNode, error: unknown): MessageNode[] {
  const id = nodeId(node);
  return [message(`${id}:error`, describeError(error), 'error', { title: 'Retry', command: 'mlops.deployments.refresh' }), openSettings(`${id}:settings`, node.target.kind)];
}

function settingProblem(entry: Extract<TargetEntry, { ok: false }>): MessageNode[] {
  return [message(`setting:${entry.kind}:error`, entry.problem, 'error'), openSettings(`setting:${entry.kind}:open`, entry.kind)];
}

function openSettings(id: string, kind: TargetKind): MessageNode {
  const { query, text } = TARGET_SETTINGS[kind];
  return message(id, text, 'gear', { title: 'Open Settings', command: 'workbench.action.openSettings', arguments: [query] });
}

function message(id: string, text: string, icon: MessageNode['icon'], command?: vscode.Command): MessageNode {
  return { kind: 'message', id, text, icon, command };
}
