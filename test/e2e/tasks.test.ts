// My tasks: filters, search by title / permalink number / id, sort, paging, the virtual list, the cache.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { rowTitles, screenshot, searchTasks, signIn, taskRows, until, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { ADA, sim, wrikeAs } from "./sim.ts";

interface T {
  id: string;
  title: string;
  importance: string;
  permalink: string;
  updatedDate: string;
  dates?: { due?: string };
}

let context: BrowserContext;
let page: Page;
let wrike: Awaited<ReturnType<typeof wrikeAs>>;
const apiCalls: string[] = [];

async function activeTasks(extra: Record<string, unknown> = {}): Promise<{ data: T[]; total: number }> {
  const res = await wrike.get<T>("tasks", { responsibles: [wrike.user.id], status: "Active", ...extra });
  return { data: res.data, total: res.responseSize ?? res.data.length };
}

async function count(): Promise<string> {
  return (await page.getByTestId("task-count").textContent())?.trim() ?? "";
}

/** Waits for the list to show `total` (either "N tasks" or "Showing n of N"). */
async function waitForTotal(total: number): Promise<void> {
  const n = new Intl.NumberFormat("en").format(total);
  await waitForText(page.getByTestId("task-count"), new RegExp(`(^${n} tasks?$)|(of ${n}$)`));
}

async function select(label: string, value: string): Promise<void> {
  await page.getByRole("search").getByLabel(label, { exact: true }).selectOption(value);
}

const searchFor = (text: string): Promise<void> => searchTasks(page, text);
const titles = (): Promise<string[]> => rowTitles(page);

beforeAll(async () => {
  await sim.reset();
  wrike = await wrikeAs(ADA.email);
  ({ context, page } = await newPage());
  await page.setViewportSize({ width: 1280, height: 800 });
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith("/api/v4/tasks")) apiCalls.push(`${u.pathname}${u.search}`);
  });
  await signIn(page, { path: "/tasks" });
});
afterAll(async () => {
  await context.close();
});

describe("the list", () => {
  it("shows my active tasks: a page of 100 of all of them, only visible rows in the DOM", async () => {
    const { total } = await activeTasks();
    expect(total).toBeGreaterThan(100);
    await waitForText(page.getByTestId("task-count"), `Showing 100 of ${total}`);
    const inDom = await taskRows(page).count();
    expect(inDom).toBeGreaterThan(5);
    expect(inDom).toBeLessThan(45);
    await screenshot(page, "my-tasks");
  });

  it("loads the next page (nextPageToken) when scrolled to the end", async () => {
    const { total } = await activeTasks();
    await page.getByTestId("virtual-list").evaluate((el) => el.scrollTo(0, el.scrollHeight));
    await waitForTotal(total);
    expect(apiCalls.some((c) => c.includes("nextPageToken="))).toBe(true);
    // Still windowed after paging: the DOM holds a screenful, not every row.
    expect(await taskRows(page).count()).toBeLessThan(45);
  });

  it("marks overdue tasks and shows due days", async () => {
    await page.getByTestId("virtual-list").evaluate((el) => el.scrollTo(0, 0));
    await until(async () => (await page.locator("a.row.overdue").count()) > 0, "an overdue row");
    expect(await page.locator("a.row.overdue .late").first().textContent()).toBe("Overdue");
  });

  it("does not ask Wrike again when going back to a list just seen", async () => {
    await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "My work" }).click();
    await page.locator("section.group").first().waitFor();
    const before = apiCalls.length;
    await page.goBack();
    await taskRows(page).first().waitFor();
    expect(new URL(page.url()).pathname).toBe("/tasks");
    expect(apiCalls.length).toBe(before);
  });
});

describe("filters", () => {
  it("filters by status", async () => {
    await select("Status", "Completed");
    const done = await wrike.get<T>("tasks", { responsibles: [wrike.user.id], status: "Completed" });
    await waitForTotal(done.responseSize ?? done.data.length);
    expect(new URL(page.url()).search).toBe("?status=Completed");
    // Completed tasks are never overdue.
    expect(await page.locator("a.row.overdue").count()).toBe(0);
    await select("Status", "Active");
  });

  it("filters by importance", async () => {
    await select("Importance", "High");
    const { total } = await activeTasks({ importance: "High" });
    await waitForTotal(total);
    const rows = taskRows(page);
    const n = await rows.count();
    expect(n).toBeGreaterThan(0);
    expect(await rows.locator(".imp-high").count()).toBe(n);
    await select("Importance", "");
  });

  it("filters overdue tasks", async () => {
    await select("Due", "overdue");
    const rows = taskRows(page);
    await until(async () => (await count()).endsWith("tasks") && (await rows.count()) > 0, "overdue list");
    const n = await rows.count();
    expect(await page.locator("a.row.overdue").count()).toBe(n);
    await select("Due", "");
  });

  it("filters tasks with no date", async () => {
    await select("Due", "none");
    const { total } = await activeTasks({ type: "Backlog" });
    await waitForTotal(total);
    expect(await taskRows(page).locator("time").count()).toBe(0);
    await select("Due", "");
  });

  it("sorts by last update", async () => {
    await select("Sort by", "updated");
    const first = await activeTasks({ sortField: "UpdatedDate", sortOrder: "Desc", pageSize: 5 });
    await until(
      async () => (await titles()).slice(0, 5).join("|") === first.data.map((t) => t.title).join("|"),
      "rows in update order",
    );
    await select("Sort by", "due");
  });
});

describe("search", () => {
  it("by title", async () => {
    const { data, total } = await activeTasks({ title: "firmware" });
    expect(total).toBeGreaterThan(0);
    await searchFor("firmware");
    await waitForTotal(total);
    for (const t of await titles()) expect(t.toLowerCase()).toContain("firmware");
    expect(data.length).toBe(total);
  });

  it("by permalink number", async () => {
    const { data } = await activeTasks({ pageSize: 10 });
    const target = data[7]!;
    const number = new URL(target.permalink).searchParams.get("id")!;
    await searchFor(number);
    await waitForTotal(1);
    expect(await titles()).toEqual([target.title]);
  });

  it("by task id", async () => {
    const { data } = await activeTasks({ pageSize: 10 });
    const target = data[3]!;
    await searchFor(target.id);
    await waitForTotal(1);
    expect(await titles()).toEqual([target.title]);
  });

  it("says why the list is empty", async () => {
    await searchFor("no task is called this");
    await waitForText(page.locator("main"), "No active task of yours matches");
    await page.getByRole("button", { name: "Clear filters" }).click();
    await taskRows(page).first().waitFor();
    expect(new URL(page.url()).search).toBe("");
  });
});

describe("keyboard", () => {
  it("moves with j/k, opens with Enter, closes with Esc and returns focus", async () => {
    await page.locator("main h1").focus();
    await page.keyboard.press("j");
    await page.keyboard.press("j");
    await page.keyboard.press("k");
    await page.keyboard.press("j");
    const second = (await titles())[1]!;
    const focused = await page.evaluate(() => document.activeElement?.getAttribute("data-row-index"));
    expect(focused).toBe("1");
    await page.keyboard.press("Enter");
    await waitForText(page.locator("#panel-title"), second);
    expect(new URL(page.url()).pathname).toMatch(/^\/tasks\/.+/);
    expect(await page.evaluate(() => document.activeElement?.id)).toBe("panel-title");
    await page.keyboard.press("Escape");
    await page.getByTestId("task-panel").waitFor({ state: "detached" });
    expect(new URL(page.url()).pathname).toBe("/tasks");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-row-index"))).toBe("1");
  });

  it("focuses search with /, shows help with ?, switches screens with g then p / w / t", async () => {
    await page.keyboard.press("/");
    expect(await page.evaluate(() => (document.activeElement as HTMLInputElement | null)?.type)).toBe(
      "search",
    );
    await page.keyboard.press("Escape");
    await page.keyboard.press("?");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
    await page.keyboard.press("Escape");
    await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor({ state: "hidden" });
    await page.keyboard.press("g");
    await page.keyboard.press("p");
    await page.getByRole("heading", { name: "Profile", level: 1 }).waitFor();
    await page.keyboard.press("g");
    await page.keyboard.press("w");
    await page.getByRole("heading", { name: "My work", level: 1 }).waitFor();
    await page.keyboard.press("g");
    await page.keyboard.press("t");
    await page.getByRole("heading", { name: "My tasks", level: 1 }).waitFor();
  });
});
