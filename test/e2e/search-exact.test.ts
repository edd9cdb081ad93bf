// My tasks' exact searches: a task id in any case, and a permalink that finds a known task whatever the
// status filter, saying when the task is outside the filters.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { rowTitles, searchTasks, signIn, taskRows, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { ADA, sim, wrikeAs } from "./sim.ts";

interface T {
  id: string;
  title: string;
  status: string;
  permalink: string;
}

let context: BrowserContext;
let page: Page;
let wrike: Awaited<ReturnType<typeof wrikeAs>>;

const searchFor = (text: string): Promise<void> => searchTasks(page, text);
const titles = (): Promise<string[]> => rowTitles(page);

beforeAll(async () => {
  await sim.reset();
  wrike = await wrikeAs(ADA.email);
  ({ context, page } = await newPage());
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, { path: "/tasks" });
  await taskRows(page).first().waitFor();
});
afterAll(async () => {
  await context.close();
});

it("finds a task by its id typed in lower case", async () => {
  const target = (
    await wrike.get<T>("tasks", { responsibles: [wrike.user.id], status: "Active", pageSize: 5 })
  ).data[2]!;
  await searchFor(target.id.toLowerCase());
  await waitForText(page.getByTestId("task-count"), /^1 task$/);
  expect(await titles()).toEqual([target.title]);
  // Active, like the list: nothing to explain.
  expect(await page.getByTestId("outside-filter").count()).toBe(0);
});

it("finds a completed task by permalink while the list shows active tasks, and says so", async () => {
  const done = (
    await wrike.get<T>("tasks", { responsibles: [wrike.user.id], status: "Completed", pageSize: 5 })
  ).data[0]!;
  expect(done.status).toBe("Completed");
  const number = new URL(done.permalink).searchParams.get("id")!;
  await searchFor(number);
  await waitForText(page.getByTestId("task-count"), /^1 task$/);
  expect(await titles()).toEqual([done.title]);
  expect(new URL(page.url()).searchParams.get("status")).toBeNull();
  await waitForText(
    page.getByTestId("outside-filter"),
    "Found by its permalink, outside your filters: it is completed, the list shows active tasks.",
  );
  // The pasted link works too.
  await searchFor(done.permalink);
  await waitForText(page.getByTestId("task-count"), /^1 task$/);
  expect(await taskRows(page).getAttribute("data-task-id")).toBe(done.id);
});
