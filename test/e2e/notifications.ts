import type { Page } from 'playwright-core';

/** Resolves with the toast's text once a notification containing `text` is shown. */
export async function waitForNotification(page: Page, text: string, timeoutMs = 20_000): Promise<string> {
  const toast = page.locator('.notifications-toasts .notification-toast', { hasText: text });
  await toast.first().waitFor({ state: 'visible', timeout: timeoutMs });
  return toast.first().innerText();
}
