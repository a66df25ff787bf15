import * as fs from 'node:fs';
import { type Browser, chromium } from 'playwright-core';

const chromiumPath = '/usr/bin/chromium';

/** Debian's headless Chromium; Playwright's own browser download is not reachable here. */
export async function launchChromium(): Promise<Browser> {
  if (!fs.existsSync(chromiumPath)) {
    throw new Error(`Chromium is not installed at ${chromiumPath}: run scripts/install-code-server.sh`);
  }
  return chromium.launch({
    executablePath: chromiumPath,
    headless: true,
    args: ['--no-sandbox', '--disable-gpu', '--disable-background-networking', '--disable-component-update', '--no-first-run'],
    // exitOnSignals owns signal handling, so that code-server is stopped on the same paths.
    handleSIGINT: false,
    handleSIGTERM: false,
    handleSIGHUP: false,
    timeout: 60_000,
  });
}
