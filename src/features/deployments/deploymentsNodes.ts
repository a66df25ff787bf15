import type * as vscode from 'vscode';
import type { DeploymentSummary, DeploymentTarget, Revision } from '../../core/deploy/deploymentTarget';
import type { EventSummary, PodSummary } from '../../core/deploy/kubernetes/deploymentDetails';
import type { KubernetesTarget } from '../../core/deploy/kubernetes/kubernetesTarget';

export type DeploymentsNode = TargetNode | DeploymentNode | RevisionNode | MessageNode | ClusterGroupNode | PodNode | EventNode;

/** "Pods" or "Events" under a deployment on a cluster. */
export interface ClusterGroupNode {
  kind: 'pods' | 'events';
  target: KubernetesTarget;
  deployment: DeploymentSummary;
}

export interface PodNode {
  kind: 'pod';
  target: KubernetesTarget;
  deployment: DeploymentSummary;
  pod: PodSummary;
}

export interface EventNode {
  kind: 'event';
  target: KubernetesTarget;
  deployment: DeploymentSummary;
  event: EventSummary;
  /** its place in the list shown (events have no name of their own) */
  index: number;
}

export interface TargetNode {
  kind: 'target';
  target: DeploymentTarget;
}

export interface DeploymentNode {
  kind: 'deployment';
  target: DeploymentTarget;
  deployment: DeploymentSummary;
}

export interface RevisionNode {
  kind: 'revision';
  target: DeploymentTarget;
  deployment: DeploymentSummary;
  revision: Revision;
}

/** An explanation in place of items: an engine that does not answer, a setting that cannot be read. */
export interface MessageNode {
  kind: 'message';
  id: string;
  text: string;
  tooltip?: string;
  icon: 'error' | 'warning' | 'info' | 'gear';
  command?: vscode.Command;
}

// Names are DNS labels and locations URIs, but JSON keeps the ids unambiguous whatever they hold.
export function nodeId(node: DeploymentsNode): string {
  const key = (...parts: (string | number)[]) => JSON.stringify(parts);
  switch (node.kind) {
    case 'target':
      return `target:${key(node.target.kind, node.target.location)}`;
    case 'deployment':
      return `deployment:${key(node.target.kind, node.target.location, node.deployment.name)}`;
    case 'revision':
      return `revision:${key(node.target.kind, node.target.location, node.deployment.name, node.revision.revision)}`;
    case 'pods':
    case 'events':
      return `${node.kind}:${key(node.target.kind, node.target.location, node.deployment.name)}`;
    case 'pod':
      return `pod:${key(node.target.kind, node.target.location, node.deployment.name, node.pod.name)}`;
    case 'event':
      return `event:${key(node.target.kind, node.target.location, node.deployment.name, node.event.object, node.event.reason, node.index)}`;
    case 'message':
      return `message:${node.id}`;
  }
}
