import type { Page } from 'playwright-core';

/**
 * A full-page screenshot for a person to look at, taken again once when Chromium answers
 * "Unable to capture screenshot": on a starved machine (CI running the crash tests beside)
 * its compositor sometimes misses a frame. Screenshots are evidence, not assertions.
 */
export async function screenshot(page: Page, path: string): Promise<void> {
  try {
    await page.screenshot({ path, fullPage: true });
  } catch (error) {
    if (!String(error).includes('Unable to capture screenshot')) throw error;
    await page.waitForTimeout(500);
    await page.screenshot({ path, fullPage: true });
  }
}
