import type { FakeClock } from './clock';
import type { ControllerContext } from './controllerContext';
import { DeploymentController } from './deploymentController';
import { Kubelet } from './kubelet';
import type { ObjectStore } from './objectStore';
import { ReplicaSetController } from './replicaSetController';

// Runs the controllers until the cluster settles: a write by one (a new ReplicaSet) is input to
// the next (its pods), as their informers would make it. It runs after every client write, before
// the response goes out, so a client that reads after writing sees the controllers' reaction
// (as from a fast control plane), and whenever the clock reaches a time a controller asked for
// (a pod turning ready, a pull back-off ending, a progress deadline).

const MAX_PASSES = 200;

export class ControllerManager {
  private readonly deployments: DeploymentController;
  private readonly replicaSets: ReplicaSetController;
  private readonly kubelet: Kubelet;
  private running = false;
  private again = false;
  private wakeUp: number | undefined;
  private cancelWakeUp: (() => void) | undefined;
  private stopped = false;

  constructor(
    private readonly store: ObjectStore,
    private readonly clock: FakeClock,
    makeContext: (manager: ControllerManager) => ControllerContext,
  ) {
    const ctx = makeContext(this);
    this.deployments = new DeploymentController(ctx);
    this.replicaSets = new ReplicaSetController(ctx);
    this.kubelet = new Kubelet(ctx);
  }

  /** Reconciles until nothing changes any more. Re-entrant calls fold into the running one. */
  reconcile(): void {
    if (this.stopped) return;
    if (this.running) {
      this.again = true;
      return;
    }
    this.running = true;
    this.wakeUp = undefined;
    try {
      for (let pass = 0; ; pass++) {
        if (pass >= MAX_PASSES) throw new Error(`fakeKube: the controllers did not settle after ${MAX_PASSES} passes`);
        this.again = false;
        const before = this.store.currentRevision();
        this.deployments.reconcile();
        this.replicaSets.reconcile();
        this.kubelet.reconcile();
        if (this.store.currentRevision() === before && !this.again) break;
      }
    } finally {
      this.running = false;
      this.armWakeUp();
    }
  }

  /** A controller wants to look again at `ms` (clock time). */
  wakeAt(ms: number): void {
    if (this.wakeUp === undefined || ms < this.wakeUp) this.wakeUp = Math.max(ms, this.clock.now());
  }

  stop(): void {
    this.stopped = true;
    this.cancelWakeUp?.();
  }

  private armWakeUp(): void {
    this.cancelWakeUp?.();
    this.cancelWakeUp = undefined;
    if (this.wakeUp === undefined || this.stopped) return;
    this.cancelWakeUp = this.clock.schedule(this.wakeUp, () => this.reconcile());
  }
}
