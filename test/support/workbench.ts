import * as fs from 'node:fs';
import * as path from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { launchChromium } from './chromium';
import { type CodeServer, startCodeServer } from './codeServer';
import { withDeadline } from './deadline';
import { exitOnSignals } from './exitOnSignals';

export interface WorkbenchOptions {
  workspace: string;
  /** Folder of the extension under development, loaded as if run from the desktop's F5. */
  extensionDevelopmentPath?: string;
  /** Compiled mocha entry point the extension host runs instead of a normal session. */
  extensionTestsPath?: string;
  port?: number;
  settings?: Record<string, unknown>;
  /** Runs after the page exists and before it loads the workbench: expose functions, listen to events. */
  prepare?: (page: Page) => Promise<void>;
}

/** The real VS Code workbench (code-server) in headless Chromium. */
export interface Workbench {
  page: Page;
  codeServer: CodeServer;
  screenshot(file: string): Promise<void>;
  close(): Promise<void>;
}

export async function openWorkbench(options: WorkbenchOptions): Promise<Workbench> {
  exitOnSignals();
  const codeServer = await startCodeServer({ port: options.port, settings: options.settings });
  let browser: Browser | undefined;
  const close = async () => {
    // Bounded: a close that hangs would keep the runner from exiting; Playwright kills Chromium on exit.
    if (browser) await withDeadline(15_000, 'Closing Chromium', browser.close()).catch(() => undefined);
    await codeServer.stop();
  };
  try {
    browser = await launchChromium();
    const page = await browser.newPage({ viewport: { width: 1280, height: 800 } });
    await options.prepare?.(page);
    await page.goto(workbenchUrl(codeServer.origin, options), { waitUntil: 'domcontentloaded' });
    const screenshot = async (file: string) => {
      fs.mkdirSync(path.dirname(file), { recursive: true });
      await page.screenshot({ path: file, timeout: 15_000 });
    };
    return { page, codeServer, screenshot, close };
  } catch (error) {
    await close();
    throw error;
  }
}

/** Resolves once the workbench's parts are on screen and keyboard input reaches it. */
export async function waitForWorkbench(page: Page, timeoutMs = 60_000): Promise<void> {
  await page.locator('.monaco-workbench .part.statusbar').waitFor({ state: 'visible', timeout: timeoutMs });
  await page.locator('.monaco-workbench .part.editor').click({ timeout: timeoutMs });
}

/**
 * code-server has no --extensionDevelopmentPath flag; the workbench reads the same settings from
 * the `payload` query parameter, as vscode-remote URIs whose authority must be the page's host.
 */
export function workbenchUrl(origin: string, options: Pick<WorkbenchOptions, 'workspace' | 'extensionDevelopmentPath' | 'extensionTestsPath'>): string {
  const authority = new URL(origin).host;
  const remote = (file: string) => `vscode-remote://${authority}${path.resolve(file)}`;
  const payload: [string, string][] = [];
  if (options.extensionDevelopmentPath) payload.push(['extensionDevelopmentPath', remote(options.extensionDevelopmentPath)]);
  if (options.extensionTestsPath) payload.push(['extensionTestsPath', remote(options.extensionTestsPath)]);
  const url = new URL(origin);
  // A .code-workspace file opens a multi-root workspace; anything else is one folder.
  url.searchParams.set(options.workspace.endsWith('.code-workspace') ? 'workspace' : 'folder', path.resolve(options.workspace));
  if (payload.length > 0) url.searchParams.set('payload', JSON.stringify(payload));
  return url.toString();
}
