// Live updates: what changes in Wrike reaches the open app without a reload, in its place in the list,
// marked New / Updated and announced; a hidden page asks Wrike nothing and catches up when shown again.
// Time runs on Playwright's clock (page.clock), so a 30-second poll takes no 30 seconds here.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { POLL_MS, SEEN_MS } from "../../web/live/live.ts";
import { screenshot, signIn, taskRows, until, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { ADA, SIM_HOSTS, sim, wrikeAs, type SeedUser } from "./sim.ts";

interface T {
  id: string;
  title: string;
  status: string;
  updatedDate: string;
}

let context: BrowserContext;
let page: Page;
let ada: SeedUser;
let wrike: Awaited<ReturnType<typeof wrikeAs>>;
/** Requests the page made to the relay's /api/v4/tasks..., in order. */
const taskCalls: string[] = [];

/** Changes Ada's data straight at the simulator (not through the app), with her permanent token. */
async function wrikeWrite(method: "PUT" | "POST", path: string, form: Record<string, unknown>): Promise<T> {
  const token = ada.accounts.find((a) => a.host === "us")!.permanentToken;
  const body = new URLSearchParams();
  for (const [k, v] of Object.entries(form))
    body.set(k, typeof v === "object" ? JSON.stringify(v) : String(v));
  const res = await fetch(`http://${SIM_HOSTS.us}/api/v4/${path}`, {
    method,
    headers: { Authorization: `bearer ${token}`, "Content-Type": "application/x-www-form-urlencoded" },
    body,
  });
  if (!res.ok) throw new Error(`${method} ${path}: ${res.status} ${await res.text()}`);
  return ((await res.json()) as { data: T[] }).data[0]!;
}

/** Lets the app's poll timer come due (fake time), as 30 seconds on screen would. */
async function nextPoll(): Promise<void> {
  await page.clock.fastForward(POLL_MS);
}

function row(id: string) {
  return page.locator(`a[data-task-id="${id}"]`);
}

function banner() {
  return page.getByTestId("status-banner");
}

/** Makes the page hidden or visible as a browser does for a background tab (headless Chromium never does). */
async function setHidden(hidden: boolean): Promise<void> {
  await page.evaluate((h) => {
    if (h) Object.defineProperty(document, "visibilityState", { configurable: true, get: () => "hidden" });
    else delete (document as unknown as Record<string, unknown>).visibilityState;
    document.dispatchEvent(new Event("visibilitychange"));
  }, hidden);
}

beforeAll(async () => {
  await sim.reset();
  wrike = await wrikeAs(ADA.email);
  ada = wrike.user;
  ({ context, page } = await newPage());
  await page.setViewportSize({ width: 1280, height: 900 });
  // Fake timers and Date in the page from the first document on; time still flows until fast-forwarded.
  await page.clock.install();
  page.on("request", (r) => {
    const u = new URL(r.url());
    if (u.pathname.startsWith("/api/v4/tasks")) taskCalls.push(`${u.pathname}${u.search}`);
  });
  // The first sync takes Wrike's newest updatedDate of Ada's tasks as its watermark; changes come after it.
  const baseline = page.waitForResponse((r) => {
    const q = new URL(r.url()).searchParams;
    return (
      r.url().includes("/api/v4/tasks?") && q.get("sortField") === "UpdatedDate" && q.get("pageSize") === "1"
    );
  });
  await signIn(page);
  await baseline;
  await page.locator("section.group a[data-task-id]").first().waitFor();
  // Set on this document: still there at the end means no reload happened.
  await page.evaluate(() => ((window as unknown as { liveTest: string }).liveTest = "same page"));
});
afterAll(async () => {
  await context.close();
  await sim.reset();
});

/** Changed and created in Wrike by the first test. */
let changed: string;
let created: T;

describe("My work", () => {
  it("shows a task changed in Wrike with its new title, marked Updated, and a new one marked New", async () => {
    changed = (await page.locator("section.group a[data-task-id]").first().getAttribute("data-task-id"))!;
    const title = `Renamed in Wrike ${Date.now()}`;
    await wrikeWrite("PUT", `tasks/${changed}`, { title });
    const account = (await wrike.get<{ rootFolderId: string }>("account")).data[0]!;
    // Due long ago: the first row of Overdue, so on screen without scrolling.
    created = await wrikeWrite("POST", `folders/${account.rootFolderId}/tasks`, {
      title: "Arrived while you watched",
      responsibles: [ada.id],
      dates: { type: "Milestone", due: "2020-01-02" },
    });

    await nextPoll();

    await waitForText(row(changed).locator(".title"), title);
    await waitForText(row(changed).locator("[data-live]"), "Updated");
    await waitForText(row(created.id).locator(".title"), "Arrived while you watched");
    await waitForText(row(created.id).locator("[data-live]"), "New");
    // In its group by the current grouping: Overdue, ahead of every other overdue task (due soonest).
    const overdue = page.locator("section.group-overdue");
    expect(await overdue.locator(`a[data-task-id="${created.id}"]`).count()).toBe(1);
    // The marks are text in the link, so a screen reader hears them with the row.
    await page.getByRole("link", { name: new RegExp(`Updated\\s*${title}`) }).waitFor();
    await page.getByRole("link", { name: /New\s*Arrived while you watched/ }).waitFor();
    // Announced in the aria-live status.
    await waitForText(banner(), "2 tasks updated, 1 new");
    expect(await banner().getAttribute("aria-live")).toBe("polite");
    await screenshot(page, "live-updates");
    expect(await page.evaluate(() => (window as unknown as { liveTest?: string }).liveTest)).toBe(
      "same page",
    );
  });

  it("clears a mark when the task is opened, and after it has been on screen a while", async () => {
    await row(created.id).click();
    await waitForText(page.locator("#panel-title"), "Arrived while you watched");
    await page.getByRole("button", { name: "Close task details" }).click();
    await until(
      async () => (await row(created.id).locator("[data-live]").count()) === 0,
      "the New mark to go",
    );
    // Opening the other task scrolled this one away: its mark stays until it has been on screen a while.
    await row(changed).scrollIntoViewIfNeeded();
    await new Promise((r) => setTimeout(r, 300)); // the intersection observer reports it on screen
    await page.clock.fastForward(SEEN_MS - 2_000);
    expect(await row(changed).locator("[data-live]").count()).toBe(1);
    await page.clock.fastForward(2_000);
    await until(
      async () => (await row(changed).locator("[data-live]").count()) === 0,
      "the Updated mark to go",
    );
    await until(async () => ((await banner().textContent()) ?? "").trim() === "", "the announcement to end");
  });
});

describe("My tasks, most recently updated first", () => {
  it("moves a changed task to the top and takes out one that was completed", async () => {
    await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "My tasks" }).click();
    await page.getByRole("search").getByLabel("Sort by").selectOption("updated");
    // The two tasks the first test changed are the most recently updated.
    await until(
      async () =>
        [created.id, changed].includes((await taskRows(page).first().getAttribute("data-task-id")) ?? ""),
      "the list sorted by update",
    );
    const countBefore = (await page.getByTestId("task-count").textContent())!.trim();
    const total = Number(/of ([\d,]+)$/.exec(countBefore)?.[1]?.replace(/,/g, "") ?? NaN);
    const ids = await taskRows(page).evaluateAll((as) => as.map((a) => a.getAttribute("data-task-id")!));
    const bump = ids[4]!;
    const done = ids[2]!;
    await wrikeWrite("PUT", `tasks/${bump}`, { importance: "High" });
    await wrikeWrite("PUT", `tasks/${done}`, { status: "Completed" });

    await nextPoll();

    await until(
      async () => (await taskRows(page).first().getAttribute("data-task-id")) === bump,
      "the changed task to move to the top",
    );
    await until(async () => (await row(done).count()) === 0, "the completed task to leave");
    expect(await row(bump).locator("[data-live]").textContent()).toContain("Updated");
    await waitForText(page.getByTestId("task-count"), `Showing 99 of ${total - 1}`);
    await waitForText(banner(), "2 tasks updated");
  });
});

describe("when Wrike is down", () => {
  it("says so, backs off and retries the poll, and never signs out", async () => {
    const target = (await taskRows(page).nth(5).getAttribute("data-task-id"))!;
    const title = `Changed while Wrike was down ${Date.now()}`;
    await wrikeWrite("PUT", `tasks/${target}`, { title });
    await sim.faults({ target: "api", status: 503, retryAfter: 1, count: 2 });
    try {
      await nextPoll();
      await waitForText(banner(), /Wrike is unavailable, retrying/);
      await waitForText(row(target).locator(".title"), title);
      expect(await page.getByRole("navigation", { name: "Screens" }).count()).toBe(1);
    } finally {
      await sim.clearFaults();
    }
  });
});

describe("a hidden page", () => {
  it("asks Wrike nothing while hidden, and catches up at once when visible again", async () => {
    const target = (await taskRows(page).nth(3).getAttribute("data-task-id"))!;
    await setHidden(true);
    // Let the aborted poll (if one was in flight) settle before counting.
    await new Promise((r) => setTimeout(r, 300));
    const before = taskCalls.length;
    const title = `Changed while hidden ${Date.now()}`;
    await wrikeWrite("PUT", `tasks/${target}`, { title });
    await page.clock.fastForward(POLL_MS * 5);
    await new Promise((r) => setTimeout(r, 1_000));
    expect(taskCalls.slice(before)).toEqual([]);
    expect(await row(target).locator(".title").textContent()).not.toContain(title);

    await setHidden(false);
    // No time passes on the page's clock: becoming visible alone polls.
    await waitForText(row(target).locator(".title"), title);
    expect(taskCalls.length).toBe(before + 1);
    expect(taskCalls.at(-1)).toContain("updatedDate=");
    expect(await row(target).locator("[data-live]").textContent()).toContain("Updated");
    expect(await page.evaluate(() => (window as unknown as { liveTest?: string }).liveTest)).toBe(
      "same page",
    );
  });
});
