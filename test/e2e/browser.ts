// Connects a test file to the shared Chromium; each test gets a fresh context (its own cookies).
import { chromium, type Browser, type BrowserContext, type Page } from "playwright-core";
import { afterAll, inject } from "vitest";

let browser: Browser | undefined;

export async function newPage(): Promise<{ context: BrowserContext; page: Page }> {
  browser ??= await chromium.connect(inject("browserWsEndpoint"));
  const context = await browser.newContext();
  const page = await context.newPage();
  return { context, page };
}

afterAll(async () => {
  await browser?.close();
  browser = undefined;
});
