import type { Locator, Page } from 'playwright-core';

/** The pane of a view in the side bar, found by its title ("Runs", "Models", "Datasets"). */
export function viewPane(page: Page, title: string): Locator {
  return page.locator('.pane', { has: page.locator('.pane-header', { hasText: new RegExp(`^\\s*${title}`, 'i') }) });
}

export function treeRow(pane: Locator, label: string | RegExp): Locator {
  return pane.locator('.monaco-list-row', { hasText: label }).first();
}

export async function openMlopsContainer(page: Page): Promise<void> {
  await page.locator('a.action-label[aria-label^="MLOps"]').click();
  await viewPane(page, 'Runs').waitFor({ state: 'visible' });
}

/** Expands a collapsed tree row (clicking a twistie toggles; an expanded row is left alone). */
export async function expand(row: Locator): Promise<void> {
  await row.waitFor({ state: 'visible' });
  if ((await row.getAttribute('aria-expanded')) !== 'true') await row.click();
  await row.locator('xpath=.').and(row).waitFor();
}
