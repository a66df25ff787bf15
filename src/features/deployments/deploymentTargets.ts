import * as vscode from 'vscode';
import { DeployError } from '../../core/deploy/deployError';
import type { DeploymentTarget } from '../../core/deploy/deploymentTarget';
import { resolveDockerHost } from '../../core/deploy/docker/dockerHost';
import { DockerTarget } from '../../core/deploy/docker/dockerTarget';
import { describeError } from '../../core/tracking/errors';
import { affectsDockerHost, dockerHostSetting } from './deploymentSettings';

/** A target, or why the settings do not name one (a malformed mlops.docker.host). */
export type TargetEntry = { ok: true; target: DeploymentTarget } | { ok: false; kind: DeploymentTarget['kind']; location: string; problem: string };

/** The places deployments run, built from the settings; rebuilt when they change. */
export class DeploymentTargets implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private entries: TargetEntry[] | undefined;
  private readonly subscription: vscode.Disposable;

  constructor() {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!affectsDockerHost(event)) return;
      this.entries = undefined;
      this.changed.fire();
    });
  }

  all(): TargetEntry[] {
    this.entries ??= [dockerEntry()];
    return this.entries;
  }

  /** The local Docker engine (the only target until clusters come); throws when the setting cannot be read. */
  docker(): DeploymentTarget {
    const entry = this.all().find((e) => (e.ok ? e.target.kind : e.kind) === 'docker');
    if (!entry) throw new DeployError('NOT_FOUND', 'No Docker engine is configured.');
    if (!entry.ok) throw new DeployError('INVALID_ARGUMENT', entry.problem);
    return entry.target;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}

function dockerEntry(): TargetEntry {
  const setting = dockerHostSetting();
  try {
    return { ok: true, target: new DockerTarget(resolveDockerHost(setting, process.env)) };
  } catch (error) {
    return { ok: false, kind: 'docker', location: setting, problem: describeError(error) };
  }
}
