// My tasks with more than 10,000 tasks: paged in with nextPageToken, a screenful of rows in the DOM, and
// no blank space while flinging through them. The data comes from a second, larger simulator; its API is
// reached through a route that stands in for the relay's proxy (the relay itself is covered by the other
// files). How long a scroll frame takes is a figure of `npm run bench`, not a pass/fail here.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { BIG_TASK_COUNT, fling, loadEveryPage, openBigList, rowsInDom } from "./big-list.ts";
import { newPage } from "./browser.ts";
import { waitForText } from "./app.ts";
import { MAX_TASKS } from "../../web/tasks/mywork-plan.ts";
import { startSimulator, type Simulator } from "../wrike-sim/index.ts";

let big: Simulator;
let context: BrowserContext;
let page: Page;
let total = 0;

beforeAll(async () => {
  big = await startSimulator({ taskCount: BIG_TASK_COUNT, rateLimitPerMinute: 1_000_000 });
  ({ context, page } = await newPage());
  await openBigList(page, big);
}, 60_000);
afterAll(async () => {
  await context.close();
  await big.close();
});

it("My work holds only its cap of them, says how many there are, and points to My tasks for the rest", async () => {
  const note = await waitForText(page.getByText(/^My work holds \d+ of your/), /open tasks/);
  const [, held, all] = /^My work holds (\d+) of your (\d+) open tasks/.exec(note.trim())!;
  expect(Number(held)).toBe(MAX_TASKS);
  expect(Number(all)).toBeGreaterThan(3 * MAX_TASKS);
  // The header counts them all (Wrike's counts), and says nothing of how many are in progress: only the
  // ones held could be counted.
  const sub = (await page.locator("p.sub").textContent()) ?? "";
  expect(sub).toContain(`· ${all} open tasks`);
  expect(sub).not.toContain("in progress");
  expect(await page.getByRole("link", { name: "My tasks" }).count()).toBeGreaterThan(1);
});

it("pages in more than 10,000 tasks and keeps only a screenful of rows in the DOM", async () => {
  const loaded = await loadEveryPage(page);
  total = loaded.total;
  expect(total).toBeGreaterThan(10_000);
  console.log(`loaded ${total} tasks in ${Math.ceil(total / 100)} pages: ${loaded.ms} ms`);
  const rows = await rowsInDom(page);
  expect(rows.count).toBeLessThan(45);
  expect(rows.last).toBe(total);
}, 150_000);

it("shows rows, never blank space, all through a fast fling, and only the rows for the position", async () => {
  const { blanks } = await fling(page);
  expect(blanks).toHaveLength(6);
  for (const [i, blank] of blanks.entries()) expect(blank, `blank at check ${i + 1}`).toEqual([]);
  // 150 frames of 800 px at 52 px a row: past row 2,000; the DOM holds the rows there, a screenful.
  const rows = await rowsInDom(page);
  expect(rows.first).toBeGreaterThan(1500);
  expect(rows.count).toBeLessThan(45);
  expect(rows.last - rows.first + 1).toBe(rows.count);
});
