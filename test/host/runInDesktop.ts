import * as path from 'node:path';
import { runTests } from '@vscode/test-electron';
import { repoRoot } from '../support/repoRoot';
import { parseRunnerArgs } from '../support/runnerArgs';

/**
 * The same host suite in desktop VS Code, for machines that can download it (not CI here: see
 * runInCodeServer.ts). The version matches the code-server build the suite is checked against.
 */
async function main(): Promise<number> {
  const args = parseRunnerArgs(process.argv.slice(2));
  return runTests({
    version: '1.100.3',
    extensionDevelopmentPath: repoRoot,
    extensionTestsPath: args.tests ?? path.join(repoRoot, 'out', 'test', 'host', 'index.js'),
    launchArgs: [args.workspace, '--disable-extensions', '--disable-workspace-trust'],
  });
}

main().then(
  (code) => process.exit(code),
  (error: Error) => {
    console.error(error.message);
    process.exit(1);
  },
);
