import * as fs from 'node:fs';
import * as path from 'node:path';
import { withDeadline } from '../support/deadline';
import { repoRoot } from '../support/repoRoot';
import { parseRunnerArgs, type RunnerArgs } from '../support/runnerArgs';
import { testResultPath } from '../support/testResults';
import { openWorkbench, type Workbench } from '../support/workbench';
import { readLogMessage } from './hostOutput';

/**
 * Runs the host suite (test/host/index.ts) inside the real VS Code extension host of code-server,
 * driven by headless Chromium, and exits with the suite's code.
 */
async function main(args: RunnerArgs): Promise<number> {
  const tests = args.tests ?? path.join(repoRoot, 'out', 'test', 'host', 'index.js');
  for (const [file, fix] of [[path.join(repoRoot, 'dist', 'extension.js'), 'npm run build'], [tests, 'npm run compile-tests']]) {
    if (!fs.existsSync(file)) throw new Error(`${file} is missing: run ${fix}`);
  }
  let workbench: Workbench | undefined;
  let suiteExit: (code: number) => void = () => undefined;
  const suiteEnded = new Promise<number>((resolve) => (suiteExit = resolve));
  const started = Date.now();
  try {
    const code = await withDeadline(args.timeoutMs, 'The host test run', (async () => {
      workbench = await openWorkbench({
        workspace: args.workspace,
        port: args.port,
        extensionDevelopmentPath: repoRoot,
        extensionTestsPath: tests,
        prepare: async (page) => {
          // The workbench calls these when it runs extension tests (as for @vscode/test-web).
          await page.exposeFunction('codeAutomationLog', (level: string, message: unknown) => printLog(args, level, message));
          await page.exposeFunction('codeAutomationExit', (exitCode: number) => suiteExit(exitCode));
          page.on('crash', () => suiteExit(1));
        },
      });
      return suiteEnded;
    })());
    console.log(`host tests exited with ${code} after ${seconds(started)} s`);
    if (code !== 0) await saveFailureEvidence(workbench);
    return code;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await saveFailureEvidence(workbench);
    return 1;
  } finally {
    await workbench?.close();
  }
}

function printLog(args: RunnerArgs, level: string, message: unknown): void {
  const { text, fromSuite } = readLogMessage(message);
  if (fromSuite) console.log(text);
  else if (args.verbose) console.log(`[workbench ${level}] ${text}`);
}

async function saveFailureEvidence(workbench: Workbench | undefined): Promise<void> {
  if (!workbench) return;
  const screenshot = testResultPath('host-failure.png');
  await workbench.screenshot(screenshot).then(
    () => console.error(`screenshot: ${path.relative(process.cwd(), screenshot)}`),
    (error: Error) => console.error(`no screenshot: ${error.message}`),
  );
  const logs = testResultPath('host-logs');
  try {
    fs.rmSync(logs, { recursive: true, force: true });
    fs.cpSync(path.join(workbench.codeServer.userDataDir, 'logs'), logs, { recursive: true });
    console.error(`code-server logs: ${path.relative(process.cwd(), logs)} (--verbose prints the workbench's log)`);
  } catch (error) {
    console.error(`no code-server logs: ${(error as Error).message}`);
  }
}

function seconds(since: number): string {
  return ((Date.now() - since) / 1000).toFixed(1);
}

// process.exit rather than exitCode: after a deadline, work still pending (a hung start-up) would
// keep the process alive; exiting runs the handlers that kill code-server and Chromium.
Promise.resolve()
  .then(() => main(parseRunnerArgs(process.argv.slice(2))))
  .then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
