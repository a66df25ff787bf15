import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { withDeadline } from '../support/deadline';
import { findFiles } from '../support/findFiles';
import { repoRoot } from '../support/repoRoot';
import { parseRunnerArgs, type RunnerArgs } from '../support/runnerArgs';
import { testResultPath } from '../support/testResults';
import { openWorkbench, waitForWorkbench, type Workbench } from '../support/workbench';
import './workbenchContext';

/**
 * Runs the *.e2e.js suites in plain Node against one code-server workbench in headless Chromium,
 * with the built extension loaded for the fixture workspace; exits non-zero when any test fails.
 */
async function main(args: RunnerArgs): Promise<number> {
  const extensionMain = path.join(repoRoot, 'dist', 'extension.js');
  if (!fs.existsSync(extensionMain)) throw new Error(`${extensionMain} is missing: run npm run build`);
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', timeout: 60_000, slow: 10_000 });
  for (const file of findFiles(__dirname, '.e2e.js')) mocha.addFile(file);
  mocha.suite.afterEach(async function () {
    const test = this.currentTest;
    if (test?.state === 'failed') await saveScreenshot(this.workbench, `e2e-failure-${slug(test.fullTitle())}.png`);
  });

  let workbench: Workbench | undefined;
  const started = Date.now();
  try {
    const failures = await withDeadline(args.timeoutMs, 'The e2e run', (async () => {
      workbench = await openWorkbench({
        workspace: args.workspace,
        port: args.port,
        extensionDevelopmentPath: repoRoot,
        prepare: async (page) => {
          if (args.verbose) page.on('console', (message) => console.log(`[workbench ${message.type()}] ${message.text()}`));
        },
      });
      await waitForWorkbench(workbench.page);
      mocha.suite.ctx.workbench = workbench;
      await mocha.loadFilesAsync();
      return new Promise<number>((resolve) => mocha.run(resolve));
    })());
    console.log(`e2e tests finished with ${failures} failure(s) after ${((Date.now() - started) / 1000).toFixed(1)} s`);
    return failures === 0 ? 0 : 1;
  } catch (error) {
    console.error(error instanceof Error ? error.message : error);
    await saveScreenshot(workbench, 'e2e-failure.png');
    return 1;
  } finally {
    await workbench?.close();
  }
}

async function saveScreenshot(workbench: Workbench | undefined, name: string): Promise<void> {
  if (!workbench) return;
  const file = testResultPath(name);
  await workbench.screenshot(file).then(
    () => console.error(`screenshot: ${path.relative(process.cwd(), file)}`),
    (error: Error) => console.error(`no screenshot: ${error.message}`),
  );
}

function slug(title: string): string {
  return title.toLowerCase().replace(/[^a-z0-9]+/g, '-').replace(/^-|-$/g, '').slice(0, 80);
}

// process.exit rather than exitCode: after a deadline, work still pending would keep the process
// alive; exiting runs the handlers that kill code-server and Chromium.
Promise.resolve()
  .then(() => main(parseRunnerArgs(process.argv.slice(2))))
  .then(
    (code) => process.exit(code),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
