import { controllerRefTo, controllerUid, type ControllerContext } from './controllerContext';
import {
  cleanupDeployment, newRSNewReplicas, rollRollingUpdate, scale, scaleDownOldForRecreate, scaleUpNewForRecreate,
} from './deploymentRollout';
import { checkPausedConditions, syncDeploymentStatus, syncRolloutStatus } from './deploymentStatus';
import {
  deploymentComplete, DESIRED_REPLICAS_ANNOTATION, findNewReplicaSet, getCondition, hasProgressDeadline, maxRevision,
  newCondition, Reasons, REVISION_ANNOTATION, setCondition, setNewReplicaSetAnnotations,
} from './deploymentUtil';
import type { Deployment, Pod, ReplicaSet } from './kubeTypes';
import { clone } from './kubeTypes';
import { updateAs } from './objectUpdates';
import { resourceByKind } from './resources';
import { labelSelectorMatcher } from './selectors';
import { computeTemplateHash, POD_TEMPLATE_HASH_LABEL } from './templateHash';

// The deployment controller's sync loop, ported from pkg/controller/deployment/deployment_controller.go
// (syncDeployment: deleting -> status only, paused or scaling event -> sync, else rollout by
// strategy) and sync.go getNewReplicaSet: the ReplicaSet whose template equals the Deployment's
// (ignoring pod-template-hash) is the new one; if none exists, one named <deployment>-<hash> is
// created with revision max(old revisions)+1; an old ReplicaSet that matches again (a rollback) is
// adopted and its revision raised, the old number kept in deployment.kubernetes.io/revision-history.

const deployments = () => resourceByKind('Deployment');
const replicaSets = () => resourceByKind('ReplicaSet');

export class DeploymentController {
  constructor(private readonly ctx: ControllerContext) {}

  reconcile(): void {
    for (const d of this.ctx.store.list(deployments()) as Deployment[]) {
      if (this.ctx.store.get(deployments(), d.metadata.namespace ?? '', d.metadata.name)) this.syncDeployment(d);
    }
  }

  private replicaSetsOf(d: Deployment): ReplicaSet[] {
    const selects = labelSelectorMatcher(d.spec.selector);
    const out: ReplicaSet[] = [];
    for (const rs of this.ctx.store.list(replicaSets(), d.metadata.namespace) as ReplicaSet[]) {
      const owner = controllerUid(rs);
      if (owner === d.metadata.uid) out.push(rs);
      else if (!owner && !rs.metadata.deletionTimestamp && selects(rs.metadata.labels)) {
        // ClaimReplicaSets adopts orphans the selector matches
        rs.metadata.ownerReferences = [...(rs.metadata.ownerReferences ?? []), controllerRefTo(d)];
        out.push(updateAs(this.ctx.store, replicaSets(), rs, 'resource') as ReplicaSet);
      }
    }
    return out;
  }

  private syncDeployment(input: Deployment): void {
    let d = input;
    const rsList = this.replicaSetsOf(d);
    if (d.metadata.deletionTimestamp) {
      const { d: synced, newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
      syncDeploymentStatus(this.ctx, [...oldRSs, newRS], newRS, synced);
      return;
    }
    d = checkPausedConditions(this.ctx, d);
    if (d.spec.paused || this.isScalingEvent(d, rsList)) {
      this.sync(d, rsList);
      return;
    }
    if (d.spec.strategy.type === 'Recreate') this.rolloutRecreate(d, rsList);
    else this.rolloutRolling(d, rsList);
  }

  /** isScalingEvent: an active ReplicaSet was sized for a different replica count. */
  private isScalingEvent(d: Deployment, rsList: ReplicaSet[]): boolean {
    const { newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, rsList, false);
    return [...oldRSs, newRS].some((rs) => {
      if (!rs || rs.spec.replicas === 0) return false;
      const desired = rs.metadata.annotations?.[DESIRED_REPLICAS_ANNOTATION];
      return desired !== undefined && Number(desired) !== d.spec.replicas;
    });
  }

  private sync(input: Deployment, rsList: ReplicaSet[]): void {
    const { d, newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(input, rsList, false);
    scale(this.ctx, d, newRS, oldRSs);
    if (d.spec.paused) cleanupDeployment(this.ctx, this.fresh(oldRSs), d);
    const after = this.getAllReplicaSetsAndSyncRevision(this.freshDeployment(d), this.replicaSetsOf(d), false);
    syncDeploymentStatus(this.ctx, [...after.oldRSs, after.newRS], after.newRS, after.d);
  }

  private rolloutRolling(input: Deployment, rsList: ReplicaSet[]): void {
    const { d, newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(input, rsList, true);
    if (!newRS) return;
    const scaled = rollRollingUpdate(this.ctx, d, newRS, oldRSs);
    const current = this.freshDeployment(d);
    if (!scaled && deploymentComplete(current, current.status)) cleanupDeployment(this.ctx, this.fresh(oldRSs), current);
    const freshNew = this.fresh([newRS])[0];
    syncRolloutStatus(this.ctx, [...this.fresh(oldRSs), freshNew], freshNew, current);
  }

  private rolloutRecreate(input: Deployment, rsList: ReplicaSet[]): void {
    let { d, newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(input, rsList, false);
    const status = () => {
      const freshNew = newRS && this.fresh([newRS])[0];
      syncRolloutStatus(this.ctx, [...this.fresh(oldRSs), freshNew], freshNew, this.freshDeployment(d));
    };
    if (scaleDownOldForRecreate(this.ctx, d, oldRSs)) return void status();
    if (this.oldPodsRunning(oldRSs)) return void status();
    if (!newRS) ({ d, newRS, oldRSs } = this.getAllReplicaSetsAndSyncRevision(d, this.replicaSetsOf(d), true));
    if (newRS) scaleUpNewForRecreate(this.ctx, d, newRS);
    const current = this.freshDeployment(d);
    if (deploymentComplete(current, current.status)) cleanupDeployment(this.ctx, this.fresh(oldRSs), current);
    status();
  }

  private oldPodsRunning(oldRSs: ReplicaSet[]): boolean {
    const uids = new Set(oldRSs.map((rs) => rs.metadata.uid));
    return (this.ctx.store.list(resourceByKind('Pod')) as Pod[]).some((pod) =>
      uids.has(controllerUid(pod) ?? '') && pod.status?.phase !== 'Failed' && pod.status?.phase !== 'Succeeded');
  }

  private getAllReplicaSetsAndSyncRevision(d: Deployment, rsList: ReplicaSet[], createIfNotExisted: boolean): { d: Deployment; newRS?: ReplicaSet; oldRSs: ReplicaSet[] } {
    const existing = findNewReplicaSet(d, rsList);
    const oldRSs = rsList.filter((rs) => rs.metadata.uid !== existing?.metadata.uid);
    const { d: synced, newRS } = this.getNewReplicaSet(d, existing, oldRSs, createIfNotExisted);
    return { d: synced, newRS, oldRSs };
  }

  private getNewReplicaSet(input: Deployment, existing: ReplicaSet | undefined, oldRSs: ReplicaSet[], create: boolean): { d: Deployment; newRS?: ReplicaSet } {
    const d = clone(input);
    const newRevision = maxRevision(oldRSs) + 1;
    if (existing) {
      const rsCopy = clone(existing);
      const annotationsUpdated = setNewReplicaSetAnnotations(d, rsCopy, newRevision, true);
      if (annotationsUpdated || (rsCopy.spec.minReadySeconds ?? 0) !== (d.spec.minReadySeconds ?? 0)) {
        rsCopy.spec.minReadySeconds = d.spec.minReadySeconds;
        return { d, newRS: updateAs(this.ctx.store, replicaSets(), rsCopy, 'resource') as ReplicaSet };
      }
      let needsUpdate = this.setRevision(d, rsCopy.metadata.annotations?.[REVISION_ANNOTATION]);
      if (hasProgressDeadline(d) && !getCondition(d.status, 'Progressing')) {
        setCondition(d.status, newCondition(this.ctx.now(), 'Progressing', 'True', Reasons.FoundNewReplicaSet, `Found new replica set "${rsCopy.metadata.name}"`));
        needsUpdate = true;
      }
      return { d: needsUpdate ? updateAs(this.ctx.store, deployments(), d, 'status') as Deployment : d, newRS: rsCopy };
    }
    if (!create) return { d };
    const hash = computeTemplateHash(d.spec.template, d.status.collisionCount);
    const template = clone(d.spec.template);
    template.metadata = { ...(template.metadata ?? {}), labels: { ...(template.metadata?.labels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash } };
    const selector = clone(d.spec.selector);
    selector.matchLabels = { ...(selector.matchLabels ?? {}), [POD_TEMPLATE_HASH_LABEL]: hash };
    const rs: ReplicaSet = {
      apiVersion: 'apps/v1',
      kind: 'ReplicaSet',
      metadata: {
        name: `${d.metadata.name}-${hash}`, namespace: d.metadata.namespace, uid: '', resourceVersion: '', creationTimestamp: '',
        labels: template.metadata.labels, ownerReferences: [controllerRefTo(d)],
      },
      spec: { replicas: 0, minReadySeconds: d.spec.minReadySeconds, selector, template },
      status: { replicas: 0 },
    };
    rs.spec.replicas = newRSNewReplicas(d, [...oldRSs, rs], 0);
    setNewReplicaSetAnnotations(d, rs, newRevision, false);
    const clash = this.ctx.store.get(replicaSets(), d.metadata.namespace ?? '', rs.metadata.name) as ReplicaSet | undefined;
    if (clash) {
      // a ReplicaSet of that name that is not this template's: a hash collision, retried with collisionCount+1
      d.status.collisionCount = (d.status.collisionCount ?? 0) + 1;
      this.ctx.wakeNow();
      return { d: updateAs(this.ctx.store, deployments(), d, 'status') as Deployment };
    }
    const created = this.ctx.store.create(replicaSets(), rs) as ReplicaSet;
    if (rs.spec.replicas > 0) {
      this.ctx.events.record(d, 'Normal', 'ScalingReplicaSet', `Scaled up replica set ${created.metadata.name} to ${rs.spec.replicas}`, { component: 'deployment-controller' });
    }
    this.setRevision(d, String(newRevision));
    if (hasProgressDeadline(d)) {
      setCondition(d.status, newCondition(this.ctx.now(), 'Progressing', 'True', Reasons.NewReplicaSetCreated, `Created new replica set "${created.metadata.name}"`));
    }
    return { d: updateAs(this.ctx.store, deployments(), d, 'status') as Deployment, newRS: created };
  }

  private setRevision(d: Deployment, revision: string | undefined): boolean {
    if (revision === undefined || d.metadata.annotations?.[REVISION_ANNOTATION] === revision) return false;
    d.metadata.annotations = { ...(d.metadata.annotations ?? {}), [REVISION_ANNOTATION]: revision };
    return true;
  }

  /** The stored state of these ReplicaSets; deleted ones are left out. */
  private fresh(list: ReplicaSet[]): ReplicaSet[] {
    return list.flatMap((rs) => {
      const stored = this.ctx.store.get(replicaSets(), rs.metadata.namespace ?? '', rs.metadata.name) as ReplicaSet | undefined;
      return stored ? [stored] : [];
    });
  }

  private freshDeployment(d: Deployment): Deployment {
    return (this.ctx.store.get(deployments(), d.metadata.namespace ?? '', d.metadata.name) as Deployment | undefined) ?? d;
  }
}
