// The pane's screens are chunks fetched on need (web/embed/screens.ts): one that cannot be fetched is said
// where the screen would be, and the pane stops saying it is busy; the same screen loads once it can.
import { expect, it } from "vitest";
import { EMBED_HOST, paneFrame, signInInPopup, useEmbedHost } from "./embed-host.ts";

const host = useEmbedHost(`<div id="pane" data-wrike-pane="tasks"></div>`);

/** Makes every request for the named chunk fail, as a dropped connection would; returns the undo. */
async function failChunk(name: string): Promise<() => Promise<void>> {
  const pattern = new RegExp(`/assets/${name}-[\\w-]+\\.js$`);
  await host.context.route(pattern, (route) => route.abort("connectionfailed"));
  return () => host.context.unroute(pattern);
}

it("says so when the sign-in's chunk cannot be fetched, and signs in once it can", async () => {
  const restore = await failChunk("signin-screen");
  await host.page.goto(EMBED_HOST);
  const frame = await paneFrame(host.page);
  const status = frame.locator("main [role=status]");
  await status.filter({ hasText: "could not be loaded" }).waitFor();
  expect(await frame.locator("main").getAttribute("aria-busy")).toBeNull();
  expect(await frame.getByRole("button", { name: "Sign in with Wrike" }).count()).toBe(0);

  await restore();
  await host.page.reload();
  const again = await paneFrame(host.page);
  await signInInPopup(host.context, again);
  await again.locator("li[data-task-id]").first().waitFor({ timeout: 15_000 });
});

it("says so when the tasks' chunk cannot be fetched after a sign-in", async () => {
  await host.page.goto(EMBED_HOST);
  await signInInPopup(host.context, await paneFrame(host.page));
  await (await paneFrame(host.page)).locator("li[data-task-id]").first().waitFor({ timeout: 15_000 });

  // Back with the session's cookie, the tasks' chunk now fails: the pane is signed in but says it.
  await failChunk("tasks-screen");
  await host.page.reload();
  const frame = await paneFrame(host.page);
  await frame.locator("main [role=status]").filter({ hasText: "could not be loaded" }).waitFor();
  expect(await frame.getByRole("button", { name: "Sign out" }).count()).toBe(1);
  expect(await frame.locator("main").getAttribute("aria-busy")).toBeNull();
  expect(await frame.locator("li[data-task-id]").count()).toBe(0);
});
