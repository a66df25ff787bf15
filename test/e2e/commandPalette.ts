import type { Page } from 'playwright-core';
import { waitFor } from '../support/waitFor';

/** Runs a command the way a user does: F1, type its "Category: Title", Enter on the matching entry. */
export async function runFromCommandPalette(page: Page, label: string, timeoutMs = 60_000): Promise<void> {
  const input = page.locator('.quick-input-widget input');
  const entry = page.locator('.quick-input-list .monaco-list-row', { hasText: label }).first();
  // An extension's commands join the palette only once the extension host has registered the
  // extension, which can be well after the workbench is on screen; the palette is reopened until then.
  await waitFor(`"${label}" in the command palette`, timeoutMs, async () => {
    await page.keyboard.press('F1');
    await input.waitFor({ state: 'visible' });
    await input.fill(`>${label}`);
    const listed = await entry.waitFor({ state: 'visible', timeout: 3000 }).then(() => true, () => false);
    if (!listed) await page.keyboard.press('Escape');
    return listed;
  }, 0);
  // Enter before the list has caught up with the typed text would run whatever was first before.
  await page.locator('.quick-input-list .monaco-list-row.focused', { hasText: label }).waitFor({ state: 'visible' });
  await page.keyboard.press('Enter');
}
