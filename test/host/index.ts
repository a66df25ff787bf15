import Mocha from 'mocha';
import * as vscode from 'vscode';
import { findFiles } from '../support/findFiles';
import { markedReporterLog } from './hostOutput';

/** Entry point the extension host calls (extensionTestsPath): runs every compiled *.test.js next to it. */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
  for (const file of findFiles(__dirname, '.test.js')) mocha.addFile(file);
  await mocha.loadFilesAsync();
  const reporterLog = Mocha.reporters.Base.consoleLog;
  // Desktop VS Code prints the extension host's console to the terminal as is; only the web
  // workbench (code-server) mixes it into its own log.
  if (vscode.env.uiKind === vscode.UIKind.Web) Mocha.reporters.Base.consoleLog = markedReporterLog();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve)).finally(() => {
    Mocha.reporters.Base.consoleLog = reporterLog;
  });
  if (failures > 0) throw new Error(`${failures} host test(s) failed`);
}
