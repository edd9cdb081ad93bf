// Task rows name where each task lives (its first folder or project), as Wrike's own lists do.
import type { BrowserContext, Page } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signIn, until } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { ADA, sim, wrikeAs } from "./sim.ts";

let context: BrowserContext;
let page: Page;

beforeEach(async () => {
  await sim.reset();
  ({ context, page } = await newPage());
});
afterEach(async () => {
  await context.close();
});

/** What Wrike says of a task's first parent: its title, or "" for the account's root. */
async function firstParentTitle(taskId: string): Promise<string> {
  const wrike = await wrikeAs(ADA.email);
  const [task] = (await wrike.get<{ parentIds?: string[] }>(`tasks/${taskId}`)).data;
  const parentId = task?.parentIds?.[0];
  if (!parentId) return "";
  const [folder] = (await wrike.get<{ title: string; scope?: string }>(`folders/${parentId}`)).data;
  return folder && folder.scope !== "WsRoot" ? folder.title : "";
}

describe("a row's folder or project", () => {
  for (const path of ["/", "/tasks"]) {
    it(`is Wrike's title of the task's first parent on ${path}`, async () => {
      await signIn(page, { path });
      await page.goto(`${E2E_APP_ORIGIN}${path}`);
      await page.locator("main a[data-task-id]").first().waitFor();
      await until(async () => (await page.getByTestId("task-place").count()) > 0, "folder names");
      const rows = page.locator("main a[data-task-id]");
      const n = Math.min(await rows.count(), 5);
      for (let i = 0; i < n; i++) {
        const row = rows.nth(i);
        const id = (await row.getAttribute("data-task-id")) ?? "";
        const expected = await firstParentTitle(id);
        const place = row.getByTestId("task-place");
        if (expected === "") expect(await place.count()).toBe(0);
        else expect(await place.innerText()).toBe(expected);
      }
    });
  }
});
