import { type DvcFileHistory, versionsOfOutput } from '../../core/datasets/dvcHistory';
import type { DvcOutput } from '../../core/datasets/dvcTypes';
import type { DvcOutputVersion } from '../../core/datasets/dvcVersions';
import { type LineageReason, linkRunsToDvcOutput } from '../../core/datasets/lineage';
import type { CommitNode } from '../../core/git/gitTypes';
import type { Run, StoreProblem } from '../../core/tracking/types';

export interface LinkedRun {
  run: Run;
  /** digest, source, commit: in that order, strongest first */
  reasons: LineageReason[];
}

/** One DVC output's versions from git, each with the runs that trained on it. */
export interface OutputLineage {
  /** newest first */
  versions: { version: DvcOutputVersion; runs: LinkedRun[] }[];
  /** runs that used the output's data, but which version is not known */
  unversionedRuns: LinkedRun[];
  /** older versions exist beyond those read */
  truncated: boolean;
  problems: StoreProblem[];
  /** why there are no versions: no git repository (an explanation), or git failed (an error) */
  unavailable?: { text: string; failed: boolean };
}

/** A commit alone says the run's code saw this version, not that it read the data: a weaker link. */
export function isCommitOnly(reasons: readonly LineageReason[]): boolean {
  return reasons.length > 0 && reasons.every((reason) => reason === 'commit');
}

export function outputLineage(
  output: DvcOutput,
  history: DvcFileHistory,
  commitGraph: CommitNode[],
  runs: Run[],
  workspaceRoot: string,
): OutputLineage {
  const versions = versionsOfOutput(history, output);
  const linked = linkRunsToDvcOutput({ versions, commitGraph, historyComplete: !history.truncated, workspaceRoot }, runs);
  const byId = new Map(runs.map((run) => [run.info.run_id, run]));
  const byVersion = new Map<DvcOutputVersion | null, LinkedRun[]>();
  for (const link of linked.links) {
    const run = byId.get(link.run_id);
    if (!run) continue;
    const list = byVersion.get(link.version) ?? [];
    list.push({ run, reasons: link.reasons });
    byVersion.set(link.version, list);
  }
  return {
    versions: versions.map((version) => ({ version, runs: sortLinks(byVersion.get(version) ?? []) })),
    unversionedRuns: sortLinks(byVersion.get(null) ?? []),
    truncated: history.truncated,
    problems: history.problems,
  };
}

/** Runs that read the data first, then runs that only share the commit; newest first within each. */
function sortLinks(links: LinkedRun[]): LinkedRun[] {
  return links.sort((a, b) => Number(isCommitOnly(a.reasons)) - Number(isCommitOnly(b.reasons)) || (b.run.info.start_time ?? 0) - (a.run.info.start_time ?? 0));
}
