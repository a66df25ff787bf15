// Which version of a DVC output a commit saw, from the commit graph alone: the nearest version
// commit among its ancestors. Where merged branches carry different versions and neither
// version descends from the other, the answer is unknown rather than a guess.
import type { CommitNode } from '../git/gitTypes';
import type { DvcOutputVersion } from './dvcVersions';

export type VersionAtCommit =
  | { kind: 'version'; version: DvcOutputVersion }
  /** the output did not exist yet in that commit */
  | { kind: 'none' }
  | { kind: 'unknown'; reason: string };

type Effective = string | null | 'unknown' | 'ambiguous';

interface CommitState {
  effective: Effective;
  /** version commits among the commit's ancestors, itself included */
  reach: ReadonlySet<string>;
}

const unknownState: CommitState = { effective: 'unknown', reach: new Set() };

/**
 * @param graph every child before its parents, as `GitRepository.commitGraph` lists it
 * @param historyComplete false when older versions than those given may exist
 */
export function versionResolver(
  versions: DvcOutputVersion[],
  graph: CommitNode[],
  historyComplete: boolean,
): (commit: string) => VersionAtCommit {
  const versionByCommit = new Map(versions.map((version) => [version.commit.commit.toLowerCase(), version]));
  const states = new Map<string, CommitState>();
  for (let i = graph.length - 1; i >= 0; i--) {
    const node = graph[i];
    const commit = node.commit.toLowerCase();
    const parents = node.parents.map((parent) => states.get(parent.toLowerCase()) ?? unknownState);
    const reach = unionOf(parents.map((parent) => parent.reach));
    if (versionByCommit.has(commit)) {
      states.set(commit, { effective: commit, reach: new Set([...reach, commit]) });
    } else {
      const rootEffective: Effective = historyComplete ? null : 'unknown';
      states.set(commit, { effective: parents.length === 0 ? rootEffective : mergedEffective(parents, states), reach });
    }
  }
  return (commit) => {
    const state = states.get(commit.toLowerCase());
    if (state === undefined) return { kind: 'unknown', reason: 'the commit is not in the loaded history of HEAD' };
    if (state.effective === null) return { kind: 'none' };
    if (state.effective === 'unknown') return { kind: 'unknown', reason: 'the history before the commit is not loaded' };
    if (state.effective === 'ambiguous') return { kind: 'unknown', reason: 'merged branches hold different versions' };
    return { kind: 'version', version: versionByCommit.get(state.effective) as DvcOutputVersion };
  }
}

/** A version that another parent's version descends from is older, and a merge keeps the newer one. */
function mergedEffective(parents: CommitState[], states: Map<string, CommitState>): Effective {
  const candidates = new Set(parents.map((parent) => parent.effective));
  if (candidates.has('unknown')) return 'unknown';
  if (candidates.has('ambiguous')) return 'ambiguous';
  candidates.delete(null);
  const versions = [...candidates] as string[];
  const newest = versions.filter((candidate) => !versions.some((other) => other !== candidate && states.get(other)?.reach.has(candidate)));
  if (newest.length === 0) return null;
  return newest.length === 1 ? newest[0] : 'ambiguous';
}

function unionOf(sets: ReadonlySet<string>[]): ReadonlySet<string> {
  if (sets.length === 1) return sets[0];
  const union = new Set<string>();
  for (const set of sets) for (const item of set) union.add(item);
  return union;
}
