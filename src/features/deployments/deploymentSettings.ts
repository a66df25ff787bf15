import * as vscode from 'vscode';
import type { RolloutPolicy } from '../../core/deploy/deploymentTarget';

// The deploy and build settings live here rather than in src/vscode/settings.ts so the feature owns them whole.
export function dockerHostSetting(): string {
  // In an untrusted workspace VS Code hides the workspace's value (restrictedConfigurations).
  return section().get<string>('docker.host', '').trim();
}

export function rolloutPolicy(): RolloutPolicy {
  return {
    healthTimeoutMs: Math.max(1, section().get<number>('deploy.healthTimeoutSeconds', 60)) * 1000,
    autoRollback: section().get<boolean>('deploy.autoRollback', true),
    revisionHistoryLimit: Math.max(0, Math.floor(section().get<number>('deploy.revisionHistoryLimit', 5))),
  };
}

export interface BuildSettings {
  /** registry host[:port][/namespace] images are tagged for; empty: no registry */
  registry: string;
  /** FROM of the generated Dockerfile; empty: the model's Python version, slim */
  baseImage: string;
}

export function buildSettings(): BuildSettings {
  return {
    registry: section().get<string>('build.registry', '').trim(),
    baseImage: section().get<string>('build.baseImage', '').trim(),
  };
}

export function affectsDockerHost(event: vscode.ConfigurationChangeEvent): boolean {
  return event.affectsConfiguration('mlops.docker.host');
}

function section(): vscode.WorkspaceConfiguration {
  return vscode.workspace.getConfiguration('mlops');
}
