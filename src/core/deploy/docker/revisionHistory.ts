import type { ContainerRole, RevisionRecord } from './revisionLabels';

/** One of our containers, as listed by the engine. */
export interface RevisionContainer {
  id: string;
  name: string;
  running: boolean;
  record: RevisionRecord;
}

/** A revision: its serving container once it was promoted, and its candidate while on trial or after failing. */
export interface RevisionState {
  revision: number;
  serving?: RevisionContainer;
  candidate?: RevisionContainer;
}

export interface DeploymentState {
  name: string;
  /** newest first */
  revisions: RevisionState[];
  /**
   * The highest revision with a serving container. A serving container is made only after the
   * candidate passed its health check and is removed again if the switch fails, and a rollback
   * makes a new, higher revision; so the highest one promoted is the one clients get.
   */
  current: RevisionState | null;
}

/** The container that speaks for a revision: the serving one if there is one. */
export function representative(state: RevisionState): RevisionContainer {
  return (state.serving ?? state.candidate) as RevisionContainer;
}

export function groupByDeployment(containers: RevisionContainer[]): DeploymentState[] {
  const byName = new Map<string, RevisionContainer[]>();
  for (const container of containers) {
    const list = byName.get(container.record.deployment) ?? [];
    list.push(container);
    byName.set(container.record.deployment, list);
  }
  return [...byName.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([name, list]) => deploymentState(name, list));
}

export function deploymentState(name: string, containers: RevisionContainer[]): DeploymentState {
  const byRevision = new Map<number, RevisionState>();
  for (const container of containers) {
    const { revision, role } = container.record;
    const state = byRevision.get(revision) ?? { revision };
    const slot: ContainerRole = role;
    // Two containers in one slot only if someone copied our labels; the running one wins.
    const present = state[slot];
    if (!present || (!present.running && container.running)) state[slot] = container;
    byRevision.set(revision, state);
  }
  const revisions = [...byRevision.values()].sort((a, b) => b.revision - a.revision);
  return { name, revisions, current: revisions.find((r) => r.serving) ?? null };
}

export function nextRevision(state: DeploymentState): number {
  return (state.revisions[0]?.revision ?? 0) + 1;
}

/** What `rollout undo` without a revision goes back to: the newest promoted revision before the current one. */
export function previousRevision(state: DeploymentState): RevisionState | null {
  const current = state.current?.revision;
  if (current === undefined) return null;
  return state.revisions.find((r) => r.revision < current && r.serving) ?? null;
}

/**
 * Revisions beyond the history limit: the current one stays, plus the `limit` newest others.
 * Running ones stay too (a failed candidate left for inspection); they go once stopped.
 */
export function revisionsToPrune(state: DeploymentState, limit: number): RevisionState[] {
  const others = state.revisions.filter((r) => r !== state.current);
  return others.slice(Math.max(0, limit)).filter((r) => !r.serving?.running && !r.candidate?.running);
}

export function containersOf(state: RevisionState): RevisionContainer[] {
  return [state.serving, state.candidate].filter((c): c is RevisionContainer => c !== undefined);
}
