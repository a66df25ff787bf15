import * as vscode from 'vscode';
import { DeployError } from '../../core/deploy/deployError';
import type { DeploymentTarget, TargetKind } from '../../core/deploy/deploymentTarget';
import { resolveDockerHost } from '../../core/deploy/docker/dockerHost';
import { DockerTarget } from '../../core/deploy/docker/dockerTarget';
import { describeError } from '../../core/tracking/errors';
import { affectsDockerHost, dockerHostSetting } from './deploymentSettings';

/** A target, or why the settings do not name one (a malformed mlops.docker.host). */
export type TargetEntry = { ok: true; target: DeploymentTarget } | { ok: false; kind: TargetKind; location: string; problem: string };

/** One kind of place deployments run, made from the settings: the Docker engine, a cluster. */
export interface TargetSource {
  kind: TargetKind;
  /** true when a settings change means the target must be made again */
  affects(event: vscode.ConfigurationChangeEvent): boolean;
  /** undefined: nothing of this kind is configured, so the view shows none */
  create(): TargetEntry | undefined;
}

/** The local Docker engine of mlops.docker.host, DOCKER_HOST or the default socket. */
export const dockerSource: TargetSource = {
  kind: 'docker',
  affects: affectsDockerHost,
  create: () => {
    const setting = dockerHostSetting();
    try {
      return { ok: true, target: new DockerTarget(resolveDockerHost(setting, process.env)) };
    } catch (error) {
      return { ok: false, kind: 'docker', location: setting, problem: describeError(error) };
    }
  },
};

/** The places deployments run, in the view's order; each made again when its settings change. */
export class DeploymentTargets implements vscode.Disposable {
  private readonly changed = new vscode.EventEmitter<void>();
  readonly onDidChange = this.changed.event;
  private entries: TargetEntry[] | undefined;
  private readonly subscription: vscode.Disposable;

  constructor(private readonly sources: TargetSource[] = [dockerSource]) {
    this.subscription = vscode.workspace.onDidChangeConfiguration((event) => {
      if (!this.sources.some((source) => source.affects(event))) return;
      this.entries = undefined;
      this.changed.fire();
    });
  }

  /** Makes the targets again from the settings and the files they name (a kubeconfig with a renewed token). */
  reload(): void {
    this.entries = undefined;
    this.changed.fire();
  }

  all(): TargetEntry[] {
    this.entries ??= this.sources.flatMap((source) => source.create() ?? []);
    return this.entries;
  }

  /** The cluster of mlops.kubernetes.*, or undefined when none is configured; throws when its settings cannot be read. */
  cluster(): DeploymentTarget | undefined {
    const entry = this.all().find((e) => (e.ok ? e.target.kind : e.kind) === 'kubernetes');
    if (!entry) return undefined;
    if (!entry.ok) throw new DeployError('INVALID_ARGUMENT', entry.problem);
    return entry.target;
  }

  /** The local Docker engine; throws when the setting cannot be read. */
  docker(): DeploymentTarget {
    return this.ofKind('docker', 'No Docker engine is configured.');
  }

  ofKind(kind: TargetKind, missing: string): DeploymentTarget {
    const entry = this.all().find((e) => (e.ok ? e.target.kind : e.kind) === kind);
    if (!entry) throw new DeployError('NOT_FOUND', missing);
    if (!entry.ok) throw new DeployError('INVALID_ARGUMENT', entry.problem);
    return entry.target;
  }

  dispose(): void {
    this.subscription.dispose();
    this.changed.dispose();
  }
}
