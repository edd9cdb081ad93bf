// With read-and-write access: change a task's status (only to its own workflow's statuses) and comment,
// optimistically, rolled back with a clear error when Wrike refuses. Read-only access offers neither.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { signIn, until, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { ADA, sim, wrikeAs } from "./sim.ts";

interface T {
  id: string;
  title: string;
  customStatusId: string;
}
interface W {
  id: string;
  customStatuses: { id: string; name: string; group: string; hidden?: boolean }[];
}

let context: BrowserContext;
let page: Page;
let wrike: Awaited<ReturnType<typeof wrikeAs>>;
let task: T;
let workflow: W;

beforeAll(async () => {
  await sim.reset();
  wrike = await wrikeAs(ADA.email);
  const list = await wrike.get<T>("tasks", { responsibles: [wrike.user.id], status: "Active", pageSize: 5 });
  task = list.data.find((t) => !t.title.includes("<"))!;
  const workflows = await wrike.get<W>("workflows");
  workflow = workflows.data.find((w) => w.customStatuses.some((s) => s.id === task.customStatusId))!;
  ({ context, page } = await newPage());
  await signIn(page, { access: "write", path: `/tasks/${task.id}` });
  await waitForText(page.locator("#panel-title"), task.title);
});
afterAll(async () => {
  await context.close();
  await sim.reset();
});

it("offers only the statuses of the task's own workflow", async () => {
  const options = await page
    .getByTestId("status-select")
    .locator("option")
    .evaluateAll((os) => os.map((o) => (o as HTMLOptionElement).value));
  expect(options.sort()).toEqual(
    workflow.customStatuses
      .filter((s) => !s.hidden)
      .map((s) => s.id)
      .sort(),
  );
});

it("changes the status in Wrike", async () => {
  const next = workflow.customStatuses.find((s) => s.group === "Active" && s.id !== task.customStatusId)!;
  await page.getByTestId("status-select").selectOption(next.id);
  await waitForText(page.getByTestId("task-status"), next.name);
  await until(
    async () => (await wrike.get<T>(`tasks/${task.id}`)).data[0]!.customStatusId === next.id,
    "Wrike to change",
  );
});

it("rolls the status back and says why when Wrike fails", async () => {
  const current = (await wrike.get<T>(`tasks/${task.id}`)).data[0]!.customStatusId;
  const currentName = workflow.customStatuses.find((s) => s.id === current)!.name;
  const other = workflow.customStatuses.find((s) => s.group === "Active" && s.id !== current)!;
  // Until cleared rather than count: 1, so a background live-update poll cannot use the fault up first.
  await sim.faults({ target: "api", status: 500 });
  try {
    await page.getByTestId("status-select").selectOption(other.id);
    await waitForText(page.getByTestId("task-panel").getByRole("alert"), "The status was not changed");
  } finally {
    await sim.clearFaults();
  }
  await waitForText(page.getByTestId("task-status"), currentName);
  expect((await wrike.get<T>(`tasks/${task.id}`)).data[0]!.customStatusId).toBe(current);
});

it("posts a comment, escaped as text", async () => {
  const before = (await wrike.get(`tasks/${task.id}/comments`)).data.length;
  await page.getByLabel("Add a comment").fill("Looks good <b>not bold</b>");
  await page.getByRole("button", { name: "Comment", exact: true }).click();
  await waitForText(page.locator("#comments-title"), `Comments (${before + 1})`);
  await waitForText(page.getByTestId("task-comments"), "Looks good <b>not bold</b>");
  await until(
    async () => (await wrike.get(`tasks/${task.id}/comments`)).data.length === before + 1,
    "Wrike to store it",
  );
});

it("offers no write actions with read-only access", async () => {
  const ro = await newPage();
  try {
    await signIn(ro.page, { path: `/tasks/${task.id}` });
    await waitForText(ro.page.locator("#panel-title"), task.title);
    await ro.page.getByTestId("task-description").or(ro.page.getByText("No description.")).first().waitFor();
    expect(await ro.page.getByTestId("status-select").count()).toBe(0);
    expect(await ro.page.getByLabel("Add a comment").count()).toBe(0);
    expect(new URL(ro.page.url()).origin).toBe(E2E_APP_ORIGIN);
  } finally {
    await ro.context.close();
  }
});

it("creates a task assigned to me and opens it", async () => {
  await page.goto(`${E2E_APP_ORIGIN}/tasks`);
  await page.getByRole("button", { name: "New task" }).click();
  const form = page.getByRole("form", { name: "New task" });
  await form.getByLabel("Title").fill("Write the release checklist");
  await form.getByLabel("Due (optional)").fill("2030-01-15");
  await form.getByRole("button", { name: "Create task" }).click();
  await waitForText(page.locator("#panel-title"), "Write the release checklist");
  const found = await wrike.get<T & { responsibleIds: string[]; dates: { due?: string } }>("tasks", {
    title: "Write the release checklist",
    fields: ["responsibleIds"],
  });
  expect(found.data).toHaveLength(1);
  expect(found.data[0]!.responsibleIds).toEqual([wrike.user.id]);
  expect(found.data[0]!.dates.due?.slice(0, 10)).toBe("2030-01-15");
  expect(new URL(page.url()).pathname).toBe(`/tasks/${found.data[0]!.id}`);
});

it("takes the new row back out and says why when creating fails", async () => {
  await page.getByTestId("task-panel").getByRole("button", { name: "Close task details" }).click();
  await page.getByRole("button", { name: "New task" }).click();
  const form = page.getByRole("form", { name: "New task" });
  await form.getByLabel("Title").fill("This one will fail");
  await sim.faults({ target: "api", status: 500 });
  try {
    await form.getByRole("button", { name: "Create task" }).click();
    await waitForText(form.getByRole("alert"), "The task was not created");
  } finally {
    await sim.clearFaults();
  }
  expect(await page.locator("a[data-task-id] .title", { hasText: "This one will fail" }).count()).toBe(0);
  expect(await form.getByLabel("Title").inputValue()).toBe("This one will fail");
  expect((await wrike.get("tasks", { title: "This one will fail" })).data).toHaveLength(0);
});
