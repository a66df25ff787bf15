import type { RunSummary } from '../../../../src/protocol/compare';
import { differingParamKeys } from '../logic/paramDiff';

export function shownParamKeys(runs: readonly RunSummary[], paramKeys: readonly string[], differencesOnly: boolean): string[] {
  return differencesOnly ? differingParamKeys(runs, paramKeys) : [...paramKeys];
}
