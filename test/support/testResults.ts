import * as path from 'node:path';
import { repoRoot } from './repoRoot';

/** Where runs leave screenshots and logs for people and CI to look at (git-ignored). */
export const testResultsDir = path.join(repoRoot, 'test-results');

export function testResultPath(name: string): string {
  return path.join(testResultsDir, name);
}
