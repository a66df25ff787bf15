import * as vscode from 'vscode';
import type { DeploymentSummary, Revision, RevisionStatus, TargetInfo } from '../../core/deploy/deploymentTarget';
import { formatRelativeTime, formatTimestamp } from '../../core/format/time';
import type { DeploymentNode, RevisionNode, TargetNode } from './deploymentsNodes';

const STATUS_ICONS: Record<RevisionStatus | 'failed', [string, string]> = {
  healthy: ['pass', 'testing.iconPassed'],
  unhealthy: ['warning', 'list.warningForeground'],
  stopped: ['debug-stop', 'disabledForeground'],
  failed: ['error', 'testing.iconFailed'],
};

export function targetItem(node: TargetNode, info: TargetInfo | undefined): vscode.TreeItem {
  const { target } = node;
  const item = new vscode.TreeItem(target.kind === 'docker' ? 'Docker engine' : 'Kubernetes cluster', vscode.TreeItemCollapsibleState.Expanded);
  item.description = target.location;
  item.iconPath = new vscode.ThemeIcon(target.kind === 'docker' ? 'server-environment' : 'cloud');
  item.contextValue = `deploymentTarget.${target.kind}`;
  item.tooltip = `${info ? `${info.version} at ` : ''}${target.location}`;
  return item;
}

/** "iris" with "iris-classifier v3 · healthy · :8080" beside it. */
export function deploymentItem(node: DeploymentNode): vscode.TreeItem {
  const { deployment } = node;
  const current = deployment.current;
  const item = new vscode.TreeItem(deployment.name, vscode.TreeItemCollapsibleState.Collapsed);
  item.description = current ? [modelText(current), current.status, `:${current.port}`].join(' · ') : 'never served';
  item.iconPath = statusIcon(current ? current.status : 'failed');
  item.contextValue = `deployment.${node.target.kind}.${current?.status === 'stopped' || !current ? 'stopped' : 'running'}`;
  item.tooltip = deploymentTooltip(deployment, node.target.description);
  item.accessibilityInformation = { label: `Deployment ${deployment.name}, ${item.description}` };
  return item;
}

/** "Revision 3" with "current · iris-classifier v2 · healthy · 5 minutes ago · Deploy ..." beside it. */
export function revisionItem(node: RevisionNode, now: number): vscode.TreeItem {
  const { revision } = node;
  const item = new vscode.TreeItem(`Revision ${revision.revision}`, vscode.TreeItemCollapsibleState.None);
  const parts = revision.current ? ['current'] : [];
  parts.push(modelText(revision), revision.served ? revision.status : 'failed', formatRelativeTime(revision.createdAt, now));
  // a cluster's revisions are told apart by their image as much as by their model
  if (node.target.kind === 'kubernetes' && revision.model) parts.push(revision.image.reference);
  if (revision.changeCause) parts.push(revision.changeCause);
  item.description = parts.join(' · ');
  item.iconPath = revision.current ? new vscode.ThemeIcon('star-full', new vscode.ThemeColor(STATUS_ICONS[revision.status][1])) : statusIcon(revision.served ? revision.status : 'failed');
  // Flags the menus match on, in this order (`viewItem =~ /^deploymentRevision.*\.served/`).
  const flags = ['deploymentRevision', node.target.kind];
  flags.push(revision.current ? 'current' : revision.served ? 'served' : 'failed');
  item.contextValue = flags.join('.');
  item.tooltip = revisionTooltip(revision);
  item.accessibilityInformation = { label: `Revision ${revision.revision}, ${item.description}` };
  return item;
}

export function modelText(revision: Revision): string {
  return revision.model ? `${revision.model.name} v${revision.model.version}` : revision.image.reference;
}

function deploymentTooltip(deployment: DeploymentSummary, where: string): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**${deployment.name}** on ${where}\n\n`);
  const current = deployment.current;
  if (current) md.appendMarkdown(`revision ${current.revision} serves ${modelText(current)} on port ${current.port}: ${current.status}\n\n`);
  else md.appendMarkdown('no revision has served yet\n\n');
  md.appendMarkdown(`${deployment.revisions.length} revision${deployment.revisions.length === 1 ? '' : 's'} kept`);
  return md;
}

function revisionTooltip(revision: Revision): vscode.MarkdownString {
  const md = new vscode.MarkdownString(undefined, true);
  md.appendMarkdown(`**Revision ${revision.revision}**${revision.current ? ' (current)' : ''} · ${revision.served ? revision.status : 'failed its health check'}\n\n`);
  md.appendMarkdown(`model: ${revision.model ? `${revision.model.name} version ${revision.model.version}` : 'not recorded'}  \n`);
  md.appendMarkdown(`image: \`${revision.image.reference}\`  \n`);
  md.appendMarkdown(`digest: \`${revision.image.digest}\`  \n`);
  md.appendMarkdown(`port: ${revision.port}  \ncreated: ${formatTimestamp(revision.createdAt)}`);
  if (revision.rollbackOf !== null) md.appendMarkdown(`  \nrollback to revision ${revision.rollbackOf}`);
  if (revision.changeCause) md.appendMarkdown(`\n\n${revision.changeCause}`);
  return md;
}

function statusIcon(status: RevisionStatus | 'failed'): vscode.ThemeIcon {
  const [icon, color] = STATUS_ICONS[status];
  return new vscode.ThemeIcon(icon, new vscode.ThemeColor(color));
}
