import * as fs from 'node:fs';
import * as path from 'node:path';
import Mocha from 'mocha';
import { markedReporterLog } from './hostOutput';

/** Entry point the extension host calls (extensionTestsPath): runs every compiled *.test.js next to it. */
export async function run(): Promise<void> {
  const mocha = new Mocha({ ui: 'bdd', reporter: 'spec', color: false, timeout: 30_000 });
  for (const file of findTestFiles(__dirname)) mocha.addFile(file);
  await mocha.loadFilesAsync();
  const reporterLog = Mocha.reporters.Base.consoleLog;
  Mocha.reporters.Base.consoleLog = markedReporterLog();
  const failures = await new Promise<number>((resolve) => mocha.run(resolve)).finally(() => {
    Mocha.reporters.Base.consoleLog = reporterLog;
  });
  if (failures > 0) throw new Error(`${failures} host test(s) failed`);
}

function findTestFiles(dir: string): string[] {
  return fs
    .readdirSync(dir, { withFileTypes: true })
    .flatMap((entry) => {
      const full = path.join(dir, entry.name);
      if (entry.isDirectory()) return findTestFiles(full);
      return entry.isFile() && entry.name.endsWith('.test.js') ? [full] : [];
    })
    .sort();
}
