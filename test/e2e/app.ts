// Drives the app in Chromium: sign-in through the simulator's pages, and waiting for what the screen says.
import type { Locator, Page } from "playwright-core";
import { E2E_APP_ORIGIN } from "./env.ts";
import { ADA } from "./sim.ts";

/** Waits until the locator's text matches (Playwright's waitFor has no text condition). */
export async function waitForText(
  locator: Locator,
  pattern: RegExp | string,
  timeout = 15_000,
): Promise<string> {
  const end = Date.now() + timeout;
  let last = "";
  for (;;) {
    last = (await locator.textContent({ timeout: Math.max(1, end - Date.now()) }).catch(() => null)) ?? "";
    if (typeof pattern === "string" ? last.includes(pattern) : pattern.test(last)) return last;
    if (Date.now() > end) throw new Error(`text ${JSON.stringify(last)} never matched ${pattern}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** Until `check` is true (polled), or fail with `what`. */
export async function until(
  check: () => Promise<boolean> | boolean,
  what: string,
  timeout = 15_000,
): Promise<void> {
  const end = Date.now() + timeout;
  while (!(await check())) {
    if (Date.now() > end) throw new Error(`timed out waiting for ${what}`);
    await new Promise((r) => setTimeout(r, 50));
  }
}

/** The signed-in app is on screen (its top navigation). */
export async function waitForApp(page: Page): Promise<void> {
  await page.getByRole("navigation", { name: "Screens" }).waitFor({ timeout: 20_000 });
}

/** My work has every bucket in and every row laid out (its first screenful comes before the rest). */
export async function waitForMyWork(page: Page): Promise<void> {
  await page.locator("section.group a[data-task-id]").first().waitFor({ timeout: 20_000 });
  await page
    .locator('section.screen[aria-labelledby="work-title"]:not([aria-busy])')
    .waitFor({ timeout: 20_000 });
}

/**
 * Signs in with Wrike from the app's sign-in screen: the simulator's login page, account chooser (Ada
 * has two accounts) and consent page, then back to the app at `path`.
 */
export async function signIn(
  page: Page,
  opts: {
    path?: string;
    access?: "read" | "write";
    user?: { email: string; password: string };
    account?: string;
  } = {},
): Promise<void> {
  const user = opts.user ?? ADA;
  await page.goto(`${E2E_APP_ORIGIN}${opts.path ?? "/"}`);
  await page.getByRole("link", { name: "Sign in with Wrike" }).waitFor();
  if (opts.access === "write") await page.getByLabel(/Read and write/).check();
  await page.getByRole("link", { name: "Sign in with Wrike" }).click();
  await page.getByRole("heading", { name: "Log in to Wrike (simulator)" }).waitFor();
  await page.getByLabel("Email").fill(user.email);
  await page.getByLabel("Password").fill(user.password);
  await page.getByRole("button", { name: "Log in" }).click();
  const chooser = page.getByRole("heading", { name: "Choose an account" });
  const consent = page.getByRole("heading", { name: "Allow access" });
  await chooser.or(consent).first().waitFor();
  if (await chooser.isVisible()) {
    await page.getByRole("button", { name: opts.account ?? ADA.account }).click();
  }
  await consent.waitFor();
  await page.getByRole("button", { name: "Allow" }).click();
  await waitForApp(page);
}

/** Types into My tasks' search box and submits it. */
export async function searchTasks(page: Page, text: string): Promise<void> {
  const box = page.getByRole("searchbox");
  await box.fill(text);
  await box.press("Enter");
}

/** The titles of the task rows currently in the DOM, in order. */
export async function rowTitles(page: Page): Promise<string[]> {
  return (await taskRows(page).locator(".title").allTextContents()).map((t) => t.trim());
}

/** Rows of the task list currently in the DOM. */
export function taskRows(page: Page): Locator {
  return page.locator("[data-testid=virtual-list] a[data-task-id]");
}

/**
 * Saves a screenshot after fonts and layout settle: into test/e2e/artifacts (git-ignored) on every run, and
 * into docs/screenshots for the README when UPDATE_SCREENSHOTS=1, so a test run leaves the tree clean.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  await page.locator("[data-testid=progress][data-active=false]").waitFor({ state: "attached" });
  await page.evaluate(() => document.fonts.ready);
  const dir = process.env.UPDATE_SCREENSHOTS === "1" ? "docs/screenshots" : "test/e2e/artifacts";
  await page.screenshot({ path: `${dir}/${name}.png`, animations: "disabled" });
}
