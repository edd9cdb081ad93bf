// The pane's screens are chunks fetched on need (web/embed/screens.ts): one that cannot be fetched is said
// where the screen would be, and the pane stops saying it is busy; the same screen loads once it can.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import { newPage } from "./browser.ts";
import { EMBED_HOST, embedHost, paneFrame, signInInPopup } from "./embed-host.ts";
import { sim } from "./sim.ts";

let stop: (() => Promise<void>) | undefined;
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  stop = await embedHost(`<div id="pane" data-wrike-pane="tasks"></div>`);
});
afterAll(async () => {
  await stop?.();
});
beforeEach(async () => {
  await sim.reset();
  ({ context, page } = await newPage());
});
afterEach(async () => {
  await context.close();
});

/** Makes every request for the named chunk fail, as a dropped connection would; returns the undo. */
async function failChunk(name: string): Promise<() => Promise<void>> {
  const pattern = new RegExp(`/assets/${name}-[\\w-]+\\.js$`);
  await context.route(pattern, (route) => route.abort("connectionfailed"));
  return () => context.unroute(pattern);
}

it("says so when the sign-in's chunk cannot be fetched, and signs in once it can", async () => {
  const restore = await failChunk("signin-screen");
  await page.goto(EMBED_HOST);
  const frame = await paneFrame(page);
  const status = frame.locator("main [role=status]");
  await status.filter({ hasText: "could not be loaded" }).waitFor();
  expect(await frame.locator("main").getAttribute("aria-busy")).toBeNull();
  expect(await frame.getByRole("button", { name: "Sign in with Wrike" }).count()).toBe(0);

  await restore();
  await page.reload();
  const again = await paneFrame(page);
  await signInInPopup(context, again);
  await again.locator("li[data-task-id]").first().waitFor({ timeout: 15_000 });
});

it("says so when the tasks' chunk cannot be fetched after a sign-in", async () => {
  await page.goto(EMBED_HOST);
  await signInInPopup(context, await paneFrame(page));
  await (await paneFrame(page)).locator("li[data-task-id]").first().waitFor({ timeout: 15_000 });

  // Back with the session's cookie, the tasks' chunk now fails: the pane is signed in but says it.
  await failChunk("tasks-screen");
  await page.reload();
  const frame = await paneFrame(page);
  await frame.locator("main [role=status]").filter({ hasText: "could not be loaded" }).waitFor();
  expect(await frame.getByRole("button", { name: "Sign out" }).count()).toBe(1);
  expect(await frame.locator("main").getAttribute("aria-busy")).toBeNull();
  expect(await frame.locator("li[data-task-id]").count()).toBe(0);
});
