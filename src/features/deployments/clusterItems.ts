import * as vscode from 'vscode';
import { formatRelativeTime, formatTimestamp } from '../../core/format/time';
import { eventDescription, eventLabel, podDescription, podReady } from './clusterTexts';
import type { ClusterGroupNode, EventNode, PodNode } from './deploymentsNodes';

export function clusterGroupItem(node: ClusterGroupNode): vscode.TreeItem {
  const item = new vscode.TreeItem(node.kind === 'pods' ? 'Pods' : 'Events', vscode.TreeItemCollapsibleState.Collapsed);
  item.iconPath = new vscode.ThemeIcon(node.kind === 'pods' ? 'vm' : 'bell');
  item.contextValue = `deploymentCluster.${node.kind}`;
  item.tooltip = node.kind === 'pods' ? `The pods of Deployment '${node.deployment.name}'` : `Recent events of '${node.deployment.name}', its ReplicaSets and pods, warnings first`;
  return item;
}

export function podItem(node: PodNode, now: number): vscode.TreeItem {
  const { pod } = node;
  const item = new vscode.TreeItem(pod.name, vscode.TreeItemCollapsibleState.None);
  item.description = `${podDescription(pod)} · ${formatRelativeTime(pod.createdAt, now)}`;
  const ok = podReady(pod) && pod.status === 'Running';
  item.iconPath = new vscode.ThemeIcon(ok ? 'pass' : 'warning', new vscode.ThemeColor(ok ? 'testing.iconPassed' : 'list.warningForeground'));
  item.contextValue = 'deploymentPod.kubernetes';
  item.tooltip = `Pod ${pod.name}\n${podDescription(pod)}\ncreated ${formatTimestamp(pod.createdAt)}`;
  item.accessibilityInformation = { label: `Pod ${pod.name}, ${podDescription(pod)}` };
  return item;
}

export function eventItem(node: EventNode, now: number): vscode.TreeItem {
  const { event } = node;
  const item = new vscode.TreeItem(eventLabel(event), vscode.TreeItemCollapsibleState.None);
  item.description = `${eventDescription(event)} · ${formatRelativeTime(event.lastSeen, now)}`;
  const warning = event.type === 'Warning';
  item.iconPath = new vscode.ThemeIcon(warning ? 'warning' : 'info', warning ? new vscode.ThemeColor('list.warningForeground') : undefined);
  item.contextValue = `deploymentEvent.${warning ? 'warning' : 'normal'}`;
  item.tooltip = `${eventLabel(event)} on ${event.object}${event.count > 1 ? `, ${event.count} times` : ''}, last ${formatTimestamp(event.lastSeen)}\n\n${event.message}`;
  return item;
}
