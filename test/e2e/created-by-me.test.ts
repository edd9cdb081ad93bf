// My tasks' "Created by me" (Wrike's authors=[me]) beside "Assigned to me", in the URL with the other filters,
// and the person's last My tasks view restored when My tasks opens without a query.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { signIn, taskRows, until, waitForApp, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { ADA, sim, wrikeAs } from "./sim.ts";

let context: BrowserContext;
let page: Page;
let wrike: Awaited<ReturnType<typeof wrikeAs>>;

interface T {
  id: string;
  status: string;
  authorIds?: string[];
  responsibleIds?: string[];
}

/** Every task of Ada's account, straight from Wrike, with its authors and assignees (all pages). */
async function everyTask(): Promise<T[]> {
  const all: T[] = [];
  const fields = ["authorIds", "responsibleIds"];
  let res = await wrike.get<T>("tasks", { pageSize: 1000, fields });
  all.push(...res.data);
  while (res.nextPageToken) {
    res = await wrike.get<T>("tasks", { nextPageToken: res.nextPageToken, fields });
    all.push(...res.data);
  }
  return all;
}

beforeAll(async () => {
  await sim.reset();
  wrike = await wrikeAs(ADA.email);
  ({ context, page } = await newPage());
  await page.setViewportSize({ width: 1280, height: 4000 });
  await signIn(page, { path: "/tasks" });
});
afterAll(async () => {
  await context.close();
});

it("Created by me shows exactly the active tasks Wrike names me the author of, whoever they are assigned to", async () => {
  const mine = (await everyTask()).filter(
    (t) => t.status === "Active" && t.authorIds?.includes(wrike.user.id),
  );
  const notAssignedToMe = mine.filter((t) => !t.responsibleIds?.includes(wrike.user.id));
  expect(mine.length).toBeGreaterThan(0);
  expect(notAssignedToMe.length).toBeGreaterThan(0);

  await page.getByRole("radio", { name: "Created by me" }).check();
  await until(() => new URL(page.url()).searchParams.get("who") === "created", "who=created in the URL");
  const n = new Intl.NumberFormat("en").format(mine.length);
  await waitForText(page.getByTestId("task-count"), new RegExp(`(^${n} tasks?$)|(of ${n}$)`));
  // Every page scrolled in: the rows are exactly Wrike's set.
  const seen = new Set<string>();
  for (let i = 0; i < 40 && seen.size < mine.length; i++) {
    for (const id of await taskRows(page).evaluateAll((as) => as.map((a) => a.getAttribute("data-task-id")!)))
      seen.add(id);
    await page.getByTestId("virtual-list").evaluate((el) => el.scrollBy(0, 2500));
    await page.waitForTimeout(150);
  }
  expect([...seen].sort()).toEqual(mine.map((t) => t.id).sort());
  expect(notAssignedToMe.some((t) => seen.has(t.id))).toBe(true);
});

it("remembers the last My tasks view and restores it when My tasks opens without a query", async () => {
  await page.getByRole("search").getByLabel("Sort by", { exact: true }).selectOption("updated");
  await until(() => new URL(page.url()).searchParams.get("sort") === "updated", "sort in the URL");
  expect(new URL(page.url()).searchParams.get("who")).toBe("created");
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "My work" }).click();
  await page.getByRole("heading", { name: "My work", level: 1 }).waitFor();
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "My tasks" }).click();
  await until(() => new URL(page.url()).search === "?who=created&sort=updated", "the last view restored");
  expect(await page.getByRole("radio", { name: "Created by me" }).isChecked()).toBe(true);
  expect(await page.getByRole("search").getByLabel("Sort by", { exact: true }).inputValue()).toBe("updated");
  // A reload of the plain address restores it too (it is kept in this browser, not in the page).
  await page.goto(new URL("/tasks", page.url()).href);
  await waitForApp(page);
  await until(() => new URL(page.url()).search === "?who=created&sort=updated", "restored after a reload");
  // Back to the defaults: the plain /tasks is the default view again.
  await page.getByRole("radio", { name: "Assigned to me" }).check();
  await page.getByRole("search").getByLabel("Sort by", { exact: true }).selectOption("due");
  await until(() => new URL(page.url()).search === "", "the default view");
  await page.goto(new URL("/tasks", page.url()).href);
  await waitForApp(page);
  await page.getByTestId("task-count").waitFor();
  expect(new URL(page.url()).search).toBe("");
});
