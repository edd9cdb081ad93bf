// With read-and-write access, a write reaches every list at once (issue 9): a reopened task comes back to
// My work with the count right and leaves a Completed-filtered list; a new task lands where the list's sort
// puts it, and the form names the place as Wrike does and writes the due day in the user's format. And
// comments, status changes and live polls interleaved under latency and a fault end with the screen as Wrike is.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { signIn, taskRows, until, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { ADA, sim, wrikeAs } from "./sim.ts";

interface T {
  id: string;
  title: string;
  status: string;
  customStatusId: string;
}
interface W {
  customStatuses: { id: string; name: string; group: string; hidden?: boolean }[];
}

let context: BrowserContext;
let page: Page;
let wrike: Awaited<ReturnType<typeof wrikeAs>>;

beforeAll(async () => {
  await sim.reset();
  wrike = await wrikeAs(ADA.email);
  ({ context, page } = await newPage());
  await signIn(page, { access: "write", path: "/" });
});
afterAll(async () => {
  await context.close();
  await sim.reset();
});

const nav = (name: string) => page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name });
const row = (id: string) => page.locator(`a[data-task-id="${id}"]`);

/** Unfolds every My work section that shows only its first rows. */
async function showAll(): Promise<void> {
  const more = page.getByRole("button", { name: /^Show all \d+/ });
  while ((await more.count()) > 0) await more.first().click();
}

/** My work's "N open tasks" figure. */
async function openCount(): Promise<number> {
  const sub = page.locator("#work-title + .sub");
  await waitForText(sub, /\d+ open tasks?/);
  return Number(/(\d+) open/.exec((await sub.textContent()) ?? "")![1]);
}

it("a reopened task comes back to My work at once, counted, and leaves the Completed list", async () => {
  const before = await openCount();
  await nav("My tasks").click();
  await page.getByLabel("Status").selectOption("Completed");
  await until(async () => new URL(page.url()).search === "?status=Completed", "the Completed filter");
  await until(async () => (await taskRows(page).count()) > 0, "completed rows");
  const id = (await taskRows(page).first().getAttribute("data-task-id"))!;
  const task = (await wrike.get<T>(`tasks/${id}`)).data[0]!;
  expect(task.status).toBe("Completed");
  const workflow = (await wrike.get<W>("workflows")).data.find((w) =>
    w.customStatuses.some((s) => s.id === task.customStatusId),
  )!;
  const active = workflow.customStatuses.find((s) => s.group === "Active" && !s.hidden)!;

  await row(id).click();
  await waitForText(page.locator("#panel-title"), task.title);
  await page.getByTestId("status-select").selectOption(active.id);
  await waitForText(page.getByTestId("task-status"), active.name);
  // It no longer matches the filter: the list behind the panel lets it go.
  await until(
    async () => (await taskRows(page).locator(`[data-task-id="${id}"]`).count()) === 0,
    "it to leave",
  );
  await until(
    async () => (await wrike.get<T>(`tasks/${id}`)).data[0]!.status === "Active",
    "Wrike to reopen it",
  );

  await page.getByTestId("task-panel").getByRole("button", { name: "Close task details" }).click();
  await nav("My work").click();
  // From My work's cache (loaded under a minute ago): the write itself put it back.
  await page.locator("#work-title").waitFor();
  await showAll();
  await row(id).first().waitFor();
  expect(await openCount()).toBe(before + 1);
});

it("the new-task form names My work and writes the due day as the account does", async () => {
  await nav("My tasks").click();
  await page.getByRole("button", { name: "New task" }).click();
  const form = page.getByRole("form", { name: "New task" });
  await waitForText(form.getByTestId("new-task-place"), "In: My work");
  expect(await form.textContent()).not.toContain("Root");
  // Acme's date format is dd/MM/yyyy: the hint says so, and the chosen day is written that way.
  await waitForText(form.getByTestId("new-task-due"), "dd/mm/yyyy");
  await form.getByLabel("Due (optional)").fill("2030-01-15");
  await waitForText(form.getByTestId("new-task-due"), /^15\/01\/2030 · /);
  await form.getByRole("button", { name: "Cancel" }).click();
});

it("a new task lands where the list's sort puts it, not on top", async () => {
  await nav("My tasks").click();
  await page.getByLabel("Status").selectOption("Active");
  await until(async () => new URL(page.url()).search === "", "the Active filter");
  await waitForText(page.getByTestId("task-count"), /of \d+$/);
  const total = Number(
    /of ([\d,]+)$/.exec((await page.getByTestId("task-count").textContent())!)![1]!.replace(/,/g, ""),
  );
  const first = await taskRows(page).first().getAttribute("data-task-id");

  await page.getByRole("button", { name: "New task" }).click();
  const form = page.getByRole("form", { name: "New task" });
  await form.getByLabel("Title").fill("Due far in the future");
  await form.getByLabel("Due (optional)").fill("2039-06-30");
  await form.getByRole("button", { name: "Create task" }).click();
  await waitForText(page.locator("#panel-title"), "Due far in the future");
  const created = new URL(page.url()).pathname.split("/").pop()!;

  // Sorted by due date, soonest first: where Wrike's own order puts it (not on top), and counted.
  await waitForText(page.getByTestId("task-count"), new RegExp(`of ${(total + 1).toLocaleString("en")}$`));
  expect(await taskRows(page).first().getAttribute("data-task-id")).toBe(first);
  const order = await wrike.get<T>("tasks", {
    responsibles: [wrike.user.id],
    status: "Active",
    sortField: "DueDate",
    sortOrder: "Asc",
    pageSize: 1000,
  });
  const at = order.data.findIndex((t) => t.id === created);
  expect(at).toBeGreaterThan(0);
  const shown = Number(
    /^Showing (\d+)/.exec((await page.getByTestId("task-count").textContent())!.trim())?.[1],
  );
  if (at < shown) {
    // Scroll the virtual list to that place: the row rendered there is the new task.
    await page
      .getByTestId("virtual-list")
      .evaluate((el, f) => (el.scrollTop = el.scrollHeight * f), at / shown);
    await row(created).first().waitFor();
    expect(Number(await row(created).first().getAttribute("data-row-index"))).toBe(at);
  } else {
    expect(await row(created).count()).toBe(0); // past the loaded pages: it comes with its page
  }

  // My work groups by due day: it is under Later, not on top of Overdue.
  await page.getByTestId("task-panel").getByRole("button", { name: "Close task details" }).click();
  await nav("My work").click();
  await page.locator("#work-title").waitFor();
  await showAll();
  await row(created).first().waitFor();
  const section = await row(created)
    .first()
    .evaluate((a) => a.closest("section")?.getAttribute("aria-labelledby"));
  expect(section).toBe("group-later");
});

it("comments, status changes and polls interleaved under latency and faults: the screen ends as Wrike is", async () => {
  await nav("My tasks").click();
  await until(async () => (await taskRows(page).count()) > 1, "rows");
  const id = (await taskRows(page).nth(1).getAttribute("data-task-id"))!;
  const task = (await wrike.get<T>(`tasks/${id}`)).data[0]!;
  const workflow = (await wrike.get<W>("workflows")).data.find((w) =>
    w.customStatuses.some((s) => s.id === task.customStatusId),
  )!;
  const visible = workflow.customStatuses.filter((s) => !s.hidden);
  const otherActive = visible.find((s) => s.group === "Active" && s.id !== task.customStatusId)!;
  const done = visible.find((s) => s.group === "Completed")!;
  const before = (await wrike.get(`tasks/${id}/comments`)).data.length;
  const poll = () => page.evaluate(() => window.dispatchEvent(new Event("online")));
  const panel = page.getByTestId("task-panel");
  await row(id).first().click();
  await waitForText(page.locator("#panel-title"), task.title);

  await sim.faults({ target: "api", latencyMs: 300 });
  try {
    await page.getByLabel("Add a comment").fill("Interleaved one");
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    // Right after the comment, while it is on its way: both status changes must still reach Wrike.
    await page.getByTestId("status-select").selectOption(otherActive.id);
    await poll();
    await page.getByTestId("status-select").selectOption(done.id);
    await waitForText(page.getByTestId("task-status"), done.name);
    await until(async () => await page.getByLabel("Add a comment").isEnabled(), "the comment to settle");
    // One write at a time on this task: the two status changes go after the comment, in order.
    await page.locator("[data-testid=status-select][aria-busy=false]").waitFor({ timeout: 15_000 });
  } finally {
    await sim.clearFaults();
  }
  await sim.faults({ target: "api", status: 500 });
  try {
    await page.getByLabel("Add a comment").fill("Interleaved refused");
    await page.getByRole("button", { name: "Comment", exact: true }).click();
    await page.getByTestId("status-select").selectOption(otherActive.id);
    await poll();
    await waitForText(panel.getByRole("alert").filter({ hasText: "comment" }), "The comment was not posted");
    await waitForText(panel.getByRole("alert").filter({ hasText: "status" }), "The status was not changed");
  } finally {
    await sim.clearFaults();
  }
  await poll();

  // Wrike: the first comment and the completion arrived; nothing of the refused pair did.
  const inWrike = (await wrike.get<T>(`tasks/${id}`)).data[0]!;
  expect(inWrike.customStatusId).toBe(done.id);
  const thread = (await wrike.get<{ text: string }>(`tasks/${id}/comments`)).data;
  expect(thread).toHaveLength(before + 1);
  expect(thread.some((c) => c.text.includes("Interleaved one"))).toBe(true);
  // The screen: the same status, the same thread (the refused comment is back in the box, not in the thread).
  await waitForText(page.getByTestId("task-status"), done.name);
  await waitForText(page.locator("#comments-title"), `Comments (${before + 1})`);
  expect(await page.getByTestId("task-comments").textContent()).not.toContain("Interleaved refused");
  expect(await page.getByLabel("Add a comment").inputValue()).toBe("Interleaved refused");
  // Completed: gone from the Active list behind the panel and from My work.
  expect(await taskRows(page).locator(`[data-task-id="${id}"]`).count()).toBe(0);
  await panel.getByRole("button", { name: "Close task details" }).click();
  await nav("My work").click();
  await page.locator("#work-title").waitFor();
  await showAll();
  expect(await row(id).count()).toBe(0);
});
