// What a changed path of a file store means for the views: which kinds of items and which run.
import * as path from 'node:path';
import type { StoreChangeKind } from '../types';
import { REGISTRY_MODELS, TRASH } from './storeLayout';

export interface ClassifiedChange {
  kinds: StoreChangeKind[];
  runId?: string;
}

/** `relative` is the path under the store root; undefined for changes nothing shows. */
export function classifyStorePath(relative: string): ClassifiedChange | undefined {
  const parts = relative.split(path.sep).filter((part) => part !== '');
  if (parts.length === 0) return { kinds: ['experiments'] };
  if (parts[0] === REGISTRY_MODELS) return { kinds: ['models'] };
  // Deleting or restoring an experiment moves its folder in or out of .trash.
  const inExperiment = parts[0] === TRASH ? parts.slice(1) : parts;
  if (inExperiment.length <= 1) return { kinds: ['experiments'] };
  const [, child, grandchild] = inExperiment;
  switch (child) {
    case 'meta.yaml':
    case 'tags':
      return { kinds: ['experiments'] };
    case 'datasets':
      return { kinds: ['datasets'] };
    case 'models':
      return { kinds: ['models'] };
    case 'traces':
      return undefined;
  }
  if (grandchild === 'artifacts') return undefined;
  if (grandchild === 'inputs') return { kinds: ['datasets', 'runs'], runId: child };
  if (grandchild === 'outputs') return { kinds: ['models', 'runs'], runId: child };
  return { kinds: ['runs'], runId: child };
}
