// Time tracking in Chromium against the simulator: a timer started in the task panel survives a reload, shows
// in a second tab and is stopped there and saved to Wrike; My week shows the entry, edits and deletes it in
// Wrike; a locked entry is read-only and Wrike's refusal on a locked day is shown; the row button and the t
// key; a timer over midnight says what it records; a plan without time tracking and read-only access hide
// the feature with one line; My week at 360 px has no sideways overflow; axe finds nothing serious.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot, signIn, until, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { axeSerious, overflowing } from "./checks.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { ADA, sim, wrikeAs } from "./sim.ts";
import { ACME_ID, ADA_ID, SEEDED_TIMELOGS } from "../wrike-sim/index.ts";
import type { Timelog } from "../wrike-sim/types.ts";

let context: BrowserContext;
let page: Page;
let wrike: Awaited<ReturnType<typeof wrikeAs>>;
let task: { id: string; title: string };

/** Today in Ada's zone (Europe/London), as the app and the simulator count days. */
const londonDay = (ms = Date.now()) =>
  new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(ms);
const addDays = (day: string, n: number) => {
  const d = new Date(`${day}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + n);
  return d.toISOString().slice(0, 10);
};

const header = (p: Page) => p.getByTestId("header-timer");
const dialog = (p: Page) => p.getByTestId("save-timer");
/** The header's Stop (the rows' buttons are "Stop the timer on <task>"). */
const stopButton = (p: Page) => p.getByRole("button", { name: "Stop the timer", exact: true });

/** No timer, no unsaved entry and no plan memo left by an earlier test. */
async function clearTime(p: Page): Promise<void> {
  await p.setViewportSize({ width: 1280, height: 800 });
  await p.evaluate(() => {
    for (const k of ["wrike-pane-timer", "wrike-pane-timer-unsaved", "wrike-pane-time-off"])
      localStorage.removeItem(k);
  });
}

async function myLogs(): Promise<Timelog[]> {
  return (await wrike.get<Timelog>(`tasks/${task.id}/timelogs`)).data.filter(
    (t) => t.userId === wrike.user.id,
  );
}

beforeAll(async () => {
  await sim.reset();
  wrike = await wrikeAs(ADA.email);
  const seeded = SEEDED_TIMELOGS.find((t) => t.accountId === ACME_ID && !t.locked)!;
  task = (await wrike.get<{ id: string; title: string }>(`tasks/${seeded.taskId}`)).data[0]!;
  ({ context, page } = await newPage());
  await page.setViewportSize({ width: 1280, height: 800 });
  await signIn(page, { access: "write", path: `/tasks/${task.id}` });
  await waitForText(page.locator("#panel-title"), task.title);
});
afterAll(async () => {
  await context.close();
  await sim.reset();
});

describe("the timer", () => {
  let second: Page;
  let before: number;

  it("starts from the task panel and shows in the header", async () => {
    before = (await myLogs()).length;
    await page.getByTestId("panel-timer").click();
    await waitForText(header(page), task.title);
    await waitForText(page.getByTestId("timer-elapsed"), /^0:0[1-9]$/);
    expect(await page.getByTestId("panel-timer").textContent()).toContain("Stop timer");
    // Storage holds the task, its title, the start, the account and the user: nothing else.
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("wrike-pane-timer") ?? "{}"));
    expect(Object.keys(stored).sort()).toEqual(["accountId", "startedAt", "taskId", "title", "userId"]);
    expect(stored.userId).toBe(ADA_ID);
    expect(stored.taskId).toBe(task.id);
  });

  it("survives a reload", async () => {
    await page.reload();
    await waitForText(header(page), task.title, 20_000);
    await waitForText(page.getByTestId("timer-elapsed"), /^0:(0[3-9]|[1-5]\d)$/);
    await screenshot(page, "timer");
  });

  it("shows in a second tab, which stops it; the first tab follows", async () => {
    second = await context.newPage();
    await second.setViewportSize({ width: 1280, height: 800 });
    await second.goto(`${E2E_APP_ORIGIN}/week`);
    await waitForText(header(second), task.title, 20_000);
    await stopButton(second).click();
    await dialog(second)
      .getByRole("heading", { name: `Save time on ${task.title}` })
      .waitFor();
    // The first tab hears it: no timer runs, one entry waits to be saved.
    await page.getByTestId("timer-elapsed").waitFor({ state: "detached" });
    await waitForText(page.getByTestId("timer-unsaved"), "1 entry to save");
  });

  it("saves the entry to Wrike with the hours, day and comment", async () => {
    const d = dialog(second);
    await d.getByLabel("Hours").fill("0:45");
    expect(await d.getByLabel("Day").inputValue()).toBe(londonDay());
    await d.getByLabel("Comment").fill("Bench run, second tab");
    await d.getByRole("button", { name: "Save to Wrike" }).click();
    await d.waitFor({ state: "hidden" });
    await until(async () => (await myLogs()).length === before + 1, "the timelog in Wrike");
    const saved = (await myLogs()).find((t) => t.comment === "Bench run, second tab")!;
    expect(saved).toMatchObject({ hours: 0.75, trackedDate: londonDay(), taskId: task.id });
    // Both tabs are clear of it.
    await page.getByTestId("header-timer").waitFor({ state: "detached" });
    expect(await second.getByTestId("header-timer").count()).toBe(0);
  });

  it("shows the entry in My week, then edits and deletes it in Wrike", async () => {
    const saved = (await myLogs()).find((t) => t.comment === "Bench run, second tab")!;
    const row = second.locator(`[data-task-id-row="${task.id}"]`);
    const cell = row.locator(`[data-day="${londonDay()}"]`);
    await waitForText(cell, /0:45|\d:\d\d/);
    await cell.click();
    const editor = second.getByTestId("cell-editor");
    // Today's cell on this task holds only the saved entry (the seeded ones are on other days).
    const entry = editor.getByTestId("cell-entry");
    expect(await entry.count()).toBe(1);
    expect(await entry.getByLabel("Hours").inputValue()).toBe("0.75");
    await entry.getByLabel("Hours").fill("1:30");
    await entry.getByRole("button", { name: "Save" }).click();
    await until(
      async () => (await wrike.get<Timelog>(`timelogs/${saved.id}`)).data[0]!.hours === 1.5,
      "the edit in Wrike",
    );
    await waitForText(editor.getByTestId("cell-notice"), /Saved 1:30/);
    await entry.getByRole("button", { name: "Delete" }).click();
    await until(async () => !(await myLogs()).some((t) => t.id === saved.id), "the delete in Wrike");
    await second.keyboard.press("Escape");
    await editor.waitFor({ state: "detached" });
    await second.close();
  });
});

describe("My week", () => {
  it("shows a locked entry read-only, and Wrike's refusal of new time on a locked day", async () => {
    const seed = SEEDED_TIMELOGS.find((t) => t.locked)!;
    const day = addDays(londonDay(), -seed.daysAgo);
    await page.goto(`${E2E_APP_ORIGIN}/week?week=${day}`);
    const cell = page.locator(`[data-task-id-row="${seed.taskId}"] [data-day="${day}"]`);
    await waitForText(cell, "4:00", 20_000);
    expect(await cell.getAttribute("aria-label")).toMatch(/read-only/);
    await cell.click();
    const editor = page.getByTestId("cell-editor");
    await waitForText(editor.getByTestId("read-only-reason"), /Locked: Wrike has closed this period/);
    expect(await editor.getByRole("button", { name: "Delete" }).count()).toBe(0);
    await editor.getByLabel("New entry hours").fill("1");
    await editor.getByRole("button", { name: "Add" }).click();
    await waitForText(editor.getByTestId("cell-notice"), /Not added: Wrike has locked time entries/);
    expect(await cell.textContent()).toContain("4:00");
    await page.keyboard.press("Escape");
    const inWrike = (await wrike.get<Timelog>(`tasks/${seed.taskId}/timelogs`)).data.filter(
      (t) => t.trackedDate === day,
    );
    expect(inWrike.map((t) => t.id)).toEqual([seed.id]);
  });

  it("moves between weeks, marks today, totals the week and is keyboard usable", async () => {
    await page.goto(`${E2E_APP_ORIGIN}/week`);
    const grid = page.getByTestId("week-grid");
    await grid.waitFor({ timeout: 20_000 });
    expect(await page.locator("thead th.today").count()).toBe(1);
    // Arrow keys move between cells.
    const first = page.getByTestId("week-cell").first();
    await first.focus();
    await page.keyboard.press("ArrowRight");
    expect(await page.evaluate(() => document.activeElement?.getAttribute("data-c"))).toBe("1");
    await page.getByRole("button", { name: "Previous week" }).click();
    await until(async () => new URL(page.url()).searchParams.has("week"), "the week in the address");
    await page.getByRole("button", { name: "This week" }).click();
    await until(async () => !new URL(page.url()).searchParams.has("week"), "back to this week");
    await grid.waitFor();
    expect(await page.getByTestId("week-total").textContent()).toMatch(/^\d+:\d\d$/);
  });

  it("exports the week as a CSV download", async () => {
    // The week holding Ada's seeded entry of two days ago: never empty, whatever today's weekday.
    await page.goto(`${E2E_APP_ORIGIN}/week?week=${addDays(londonDay(), -2)}`);
    await page.getByTestId("week-row").first().waitFor({ timeout: 20_000 });
    const [download] = await Promise.all([
      page.waitForEvent("download"),
      page.getByRole("button", { name: "Export CSV" }).click(),
    ]);
    expect(download.suggestedFilename()).toMatch(/^my-week-\d{4}-\d{2}-\d{2}\.csv$/);
    // The browser is remote (a shared Chromium): read the file through Playwright's stream.
    const chunks: Buffer[] = [];
    for await (const c of await download.createReadStream()) chunks.push(c as Buffer);
    const text = Buffer.concat(chunks)
      .toString("utf8")
      .replace(/^\ufeff/, "");
    expect(text.split("\r\n")[0]).toBe(
      "Date,Task,Hours,Duration,Category,Comment,Read-only,Task ID,Entry ID",
    );
    expect(text.split("\r\n").length).toBeGreaterThan(2);
  });

  it("finds nothing serious with axe, in light and dark", async () => {
    for (const scheme of ["light", "dark"] as const) {
      await page.emulateMedia({ colorScheme: scheme });
      await page.goto(`${E2E_APP_ORIGIN}/week`);
      await page.getByTestId("week-grid").waitFor({ timeout: 20_000 });
      expect(await axeSerious(page)).toEqual([]);
      if (scheme === "light") await screenshot(page, "my-week");
    }
    await page.emulateMedia({ colorScheme: "light" });
  });

  it("fits 360 px (and 700 px) without sideways scrolling, with a timer running", async () => {
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(`${E2E_APP_ORIGIN}/week?week=${addDays(londonDay(), -2)}`);
    await page.getByTestId("week-grid").waitFor({ timeout: 20_000 });
    await page.evaluate(
      ([id, title, account, user]) =>
        localStorage.setItem(
          "wrike-pane-timer",
          JSON.stringify({
            taskId: id,
            title,
            startedAt: Date.now() - 65_000,
            accountId: account,
            userId: user,
          }),
        ),
      [task.id, task.title, ACME_ID, ADA_ID],
    );
    await page.reload();
    await page.getByTestId("week-grid").waitFor({ timeout: 20_000 });
    await header(page).waitFor();
    expect(await overflowing(page)).toEqual([]);
    await screenshot(page, "phone-my-week");
    await page.setViewportSize({ width: 700, height: 800 });
    expect(await overflowing(page)).toEqual([]);
    await stopButton(page).click();
    await dialog(page).getByRole("button", { name: "Discard" }).click();
    await page.setViewportSize({ width: 1280, height: 800 });
  });
});

describe("the row button, the t key and midnight", () => {
  it("starts and stops from a row and with t", async () => {
    await clearTime(page);
    await page.goto(`${E2E_APP_ORIGIN}/`);
    const row = page.locator("a.row[data-task-id]").first();
    await row.waitFor({ timeout: 20_000 });
    const id = await row.getAttribute("data-task-id");
    const title = (await row.locator(".title").textContent())!.trim();
    await page.getByRole("button", { name: `Start a timer on ${title}`, exact: true }).click();
    await waitForText(header(page), title);
    await page.getByRole("button", { name: `Stop the timer on ${title}`, exact: true }).click();
    await dialog(page).getByRole("button", { name: "Discard" }).click();
    await header(page).waitFor({ state: "detached" });
    // The keyboard: select the first row with j, then t starts its timer and t stops it.
    await page.locator("main h1").focus();
    await page.keyboard.press("j");
    await page.keyboard.press("t");
    const stored = await page.evaluate(() => JSON.parse(localStorage.getItem("wrike-pane-timer") ?? "{}"));
    expect(stored.taskId).toBe(id);
    await page.keyboard.press("t");
    await dialog(page).getByRole("button", { name: "Discard" }).waitFor();
    await page.keyboard.press("Escape");
    // Esc (like Later) keeps the entry to save.
    await waitForText(page.getByTestId("timer-unsaved"), "1 entry to save");
    await page.getByTestId("timer-unsaved").click();
    await dialog(page).getByRole("button", { name: "Discard" }).click();
    await page.getByTestId("timer-unsaved").waitFor({ state: "detached" });
  });

  it("says what a timer over midnight records", async () => {
    await clearTime(page);
    const started = Date.now() - 30 * 3_600_000;
    await page.evaluate(
      ([id, title, account, user, at]) =>
        localStorage.setItem(
          "wrike-pane-timer",
          JSON.stringify({ taskId: id, title, startedAt: at, accountId: account, userId: user }),
        ),
      [task.id, task.title, ACME_ID, ADA_ID, started] as const,
    );
    await page.reload();
    await stopButton(page).click();
    const d = dialog(page);
    await waitForText(d.getByTestId("midnight-note"), "crossed midnight");
    expect(await d.getByLabel("Day").inputValue()).toBe(londonDay(started));
    expect(await d.textContent()).toContain("at most 24 hours");
    expect(await d.getByLabel("Hours").inputValue()).toBe("24");
    await d.getByRole("button", { name: "Discard" }).click();
  });
});

describe("without time tracking", () => {
  it("hides the timer with one line when the plan refuses time entries", async () => {
    await clearTime(page);
    await sim.config({ timeTrackingDisabled: [ACME_ID] });
    try {
      await page.goto(`${E2E_APP_ORIGIN}/tasks/${task.id}`);
      await page.getByTestId("panel-timer").click();
      await header(page).waitFor();
      // The panel's own button stops it too.
      await page.getByTestId("panel-timer").click();
      await dialog(page).getByRole("button", { name: "Save to Wrike" }).click();
      await waitForText(
        page.getByTestId("timer-off"),
        /Time tracking is not available on this Wrike account/,
      );
      expect(await page.getByTestId("panel-timer").count()).toBe(0);
      expect(await page.getByTestId("row-timer").count()).toBe(0);
      await page.goto(`${E2E_APP_ORIGIN}/week`);
      await waitForText(page.getByTestId("timer-off"), /not available/, 20_000);
      expect(await page.getByTestId("add-time").count()).toBe(0);
    } finally {
      await sim.config({ timeTrackingDisabled: [] });
      await clearTime(page);
    }
  });

  it("hides it with read-only access", async () => {
    const { context: ro, page: p } = await newPage();
    try {
      await signIn(p, { path: `/tasks/${task.id}` });
      await waitForText(p.locator("#panel-title"), task.title);
      await waitForText(p.getByTestId("timer-off"), /needs read-and-write access/);
      expect(await p.getByTestId("panel-timer").count()).toBe(0);
      expect(await p.getByTestId("row-timer").count()).toBe(0);
      await p.keyboard.press("t");
      expect(await p.evaluate(() => localStorage.getItem("wrike-pane-timer"))).toBeNull();
    } finally {
      await ro.close();
    }
  });
});
