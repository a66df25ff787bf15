import type * as vscode from 'vscode';
import { CoalescedTask } from '../../core/async/coalescedTask';
import type { Subscription } from '../../core/deploy/deploymentTarget';
import { describeError } from '../../core/tracking/errors';
import type { Logger } from '../../vscode/logger';
import type { DeploymentTargets } from './deploymentTargets';
import type { DeploymentsTree } from './deploymentsTree';

const COALESCE_MS = 300;
const FIRST_RETRY_MS = 2_000;
const MAX_RETRY_MS = 60_000;

/**
 * Follows the engines' events while the Deployments view is visible: a container of ours that is
 * created, started, stopped or removed (by us, by the docker CLI, by a restart of Docker) redraws
 * the view. A watch that ends is started again with a growing delay, and the view redrawn, so an
 * engine that went away shows its error item and one that came back shows its deployments.
 */
export class DeploymentsLiveUpdates implements vscode.Disposable {
  private readonly task: CoalescedTask;
  private watches: Subscription[] = [];
  private retry: NodeJS.Timeout | undefined;
  private retryMs = FIRST_RETRY_MS;
  private visible = false;

  constructor(
    tree: DeploymentsTree,
    private readonly targets: DeploymentTargets,
    private readonly logger: Logger,
  ) {
    this.task = new CoalescedTask(async () => tree.refresh(), COALESCE_MS, (error) => logger.debug(`Deployments: refresh failed: ${describeError(error)}`));
  }

  setVisible(visible: boolean): void {
    if (visible === this.visible) return;
    this.visible = visible;
    if (visible) {
      this.start();
      // What changed while hidden.
      this.task.request();
    } else this.stop();
  }

  /** The targets were rebuilt (another Docker host): watch the new ones. */
  restart(): void {
    this.stop();
    if (this.visible) this.start();
  }

  dispose(): void {
    this.visible = false;
    this.stop();
    this.task.dispose();
  }

  private start(): void {
    for (const entry of this.targets.all()) {
      if (!entry.ok) continue;
      const { target } = entry;
      this.watches.push(
        target.watch(
          () => {
            this.retryMs = FIRST_RETRY_MS;
            this.task.request();
          },
          (error) => {
            this.logger.debug(`Deployments: watching ${target.description} ended: ${describeError(error)}`);
            this.task.request();
            this.scheduleRetry();
          },
        ),
      );
    }
  }

  private scheduleRetry(): void {
    if (this.retry || !this.visible) return;
    this.retry = setTimeout(() => {
      this.retry = undefined;
      this.restart();
      this.task.request();
    }, this.retryMs);
    this.retryMs = Math.min(MAX_RETRY_MS, this.retryMs * 2);
  }

  private stop(): void {
    if (this.retry) clearTimeout(this.retry);
    this.retry = undefined;
    for (const watch of this.watches) watch.dispose();
    this.watches = [];
  }
}
