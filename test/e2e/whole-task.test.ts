// The whole task in the panel (issue 11 §3): parent and subtasks, attachments, custom fields, author,
// followers and time logged, each as Wrike (the simulator) has them, in a bounded number of calls; a
// subtask and back; downloads that save Wrike's bytes under the file's name and never render (hostile SVG
// and HTML included); a failed download that stays in its row; a phone width; Tab through every row.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BrowserContext, Download, Page } from "playwright-core";
import { screenshot, searchTasks, signIn, taskRows, until, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { ADA, sim, SIM_HOSTS, wrikeAs } from "./sim.ts";
import { formatHours } from "../../web/tasks/panel/format.ts";

interface T {
  id: string;
  title: string;
  status: string;
  authorIds: string[];
  followerIds: string[];
  subTaskIds: string[];
  superTaskIds: string[];
  attachmentCount: number;
  customFields: { id: string; value: string }[];
}
interface File {
  id: string;
  name: string;
  authorId: string;
  size: number;
}
interface Person {
  id: string;
  firstName: string;
  lastName: string;
}

let context: BrowserContext;
let page: Page;
let wrike: Awaited<ReturnType<typeof wrikeAs>>;
let acmeToken: string;
const dialogs: string[] = [];
/** Every document the browser loaded or navigated to, in any frame of any page. */
const navigations: string[] = [];
const pages: Page[] = [];
/** Paths of the /api calls the app made (reset before the step being counted). */
const apiCalls: string[] = [];

const FIELD_TASK = "Plan vision system field test";
const DRIFT_TASK = "Fix torque sensor drift on arm v2";

beforeAll(async () => {
  await sim.reset();
  wrike = await wrikeAs(ADA.email);
  const users = await sim.users();
  acmeToken = users.find((u) => u.email === ADA.email)!.accounts.find((a) => a.host === "us")!.permanentToken;
  ({ context, page } = await newPage());
  await page.setViewportSize({ width: 1280, height: 800 });
  context.on("page", (p) => pages.push(p));
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
  page.on("framenavigated", (f) => navigations.push(f.url()));
  page.on("request", (r) => {
    const url = new URL(r.url());
    if (url.origin === E2E_APP_ORIGIN && url.pathname.startsWith("/api/")) {
      apiCalls.push(decodeURIComponent(url.pathname.slice("/api/v4/".length)));
    }
  });
  await signIn(page, { path: "/tasks" });
});
afterAll(async () => {
  await context.close();
});

async function taskNamed(title: string): Promise<T> {
  const found = await wrike.get<{ id: string; title: string }>("tasks", { title });
  const id = found.data.find((t) => t.title === title)!.id;
  return (await wrike.get<T>(`tasks/${id}`, { fields: ["attachmentCount"], plainTextCustomFields: true }))
    .data[0]!;
}
const names = async (ids: string[]) =>
  ids.length === 0
    ? []
    : (await wrike.get<Person>(`contacts/${ids.join(",")}`)).data.map((p) => `${p.firstName} ${p.lastName}`);
const panel = () => page.getByTestId("task-panel");
const idle = () => page.locator("[data-testid=progress][data-active=false]").waitFor({ state: "attached" });

/** Opens a task from My tasks' search, as a person would (an in-app navigation, not a reload). */
async function openFromList(title: string): Promise<void> {
  if (new URL(page.url()).pathname !== "/tasks") await page.goto(`${E2E_APP_ORIGIN}/tasks`);
  await searchTasks(page, title);
  const row = taskRows(page).filter({ hasText: title }).first();
  await row.waitFor();
  await idle();
  apiCalls.length = 0;
  await row.click();
  await waitForText(panel().locator("#panel-title"), title);
}

/** Waits until the sections have answered (no skeleton left in the panel). */
async function sectionsLoaded(): Promise<void> {
  await until(async () => (await panel().locator("[aria-busy=true]").count()) === 0, "the panel's sections");
}

/** Wrike's bytes of an attachment, read straight from the simulator. */
async function wrikeBytes(id: string): Promise<Buffer> {
  const res = await fetch(`http://${SIM_HOSTS.us}/api/v4/attachments/${id}/download`, {
    headers: { Authorization: `bearer ${acmeToken}` },
  });
  return Buffer.from(await res.arrayBuffer());
}
async function bytesOf(d: Download): Promise<Buffer> {
  const chunks: Buffer[] = [];
  for await (const c of await d.createReadStream()) chunks.push(c as Buffer);
  return Buffer.concat(chunks);
}
async function downloadFrom(name: string): Promise<Download> {
  const [d] = await Promise.all([
    page.waitForEvent("download"),
    panel().getByTestId("task-attachments").getByRole("button", { name, exact: true }).click(),
  ]);
  return d;
}

it("shows the parent's subtasks, attachments, custom fields, people and time as Wrike has them, in few calls", async () => {
  const task = await taskNamed(FIELD_TASK);
  expect(task.subTaskIds.length).toBeGreaterThan(0);
  expect(task.attachmentCount).toBeGreaterThan(0);
  expect(task.customFields.length).toBeGreaterThan(5);
  await openFromList(FIELD_TASK);
  await sectionsLoaded();

  const subtasks = (await wrike.get<T>(`tasks/${task.subTaskIds.join(",")}`)).data;
  const subSection = panel().getByTestId("task-subtasks");
  await waitForText(subSection.locator("h3"), `Subtasks (${subtasks.length})`);
  for (const s of subtasks) await subSection.getByRole("link", { name: s.title, exact: true }).waitFor();

  const files = (await wrike.get<File>(`tasks/${task.id}/attachments`)).data;
  const fileSection = panel().getByTestId("task-attachments");
  expect(await fileSection.locator("[data-attachment-id]").count()).toBe(files.length);
  for (const name of await names([...new Set(files.map((f) => f.authorId))]))
    await waitForText(fileSection, name);
  for (const f of files) await waitForText(fileSection.locator(`[data-attachment-id="${f.id}"]`), f.name);

  const defs = (await wrike.get<{ id: string; title: string; type: string }>("customfields")).data;
  const fields = panel().getByTestId("task-fields");
  for (const v of task.customFields) {
    const def = defs.find((d) => d.id === v.id)!;
    const row = fields.locator(`[data-field-id="${v.id}"]`);
    await waitForText(row.locator("dt"), def.title);
    const shown = (await row.locator("dd").textContent())!;
    if (def.type === "Text" || def.type === "DropDown") expect(shown).toBe(v.value);
    if (def.type === "Multiple") expect(shown).toBe((JSON.parse(v.value) as string[]).join(", "));
    if (def.type === "Contacts") expect(shown).toBe((await names(v.value.split(","))).join(", "));
    if (def.type === "Checkbox") expect(shown).toBe(v.value === "true" ? "Yes" : "No");
    if (def.type === "Percentage") expect(shown).toBe(`${v.value}%`);
    if (def.type === "Duration") expect(shown).toBe(formatHours(Number(v.value) / 60));
    if (def.type === "Currency") expect(shown.replace(/\D/g, "")).toBe(`${v.value}00`);
    // A type the app does not know shows Wrike's text as it came.
    if (def.type === "LinkToDatabase") expect(shown).toBe(v.value);
  }
  // The Text value's HTML was stripped by Wrike (plainTextCustomFields) and nothing renders as markup.
  expect(await fields.locator("b, img, script").count()).toBe(0);

  for (const n of await names(task.authorIds)) await waitForText(panel().getByTestId("task-author"), n);
  for (const n of await names(task.followerIds)) await waitForText(panel().getByTestId("task-followers"), n);

  const logs = (
    await wrike.get<{ taskId: string; userId: string; hours: number }>(`tasks/${task.id}/timelogs`)
  ).data;
  const sum = (f: (l: (typeof logs)[number]) => boolean) => logs.filter(f).reduce((a, l) => a + l.hours, 0);
  const own = sum((l) => l.taskId === task.id && l.userId === wrike.user.id);
  expect(own).toBeGreaterThan(0);
  await waitForText(panel().getByTestId("time-mine"), formatHours(own));
  await waitForText(panel().getByTestId("time-everyone"), formatHours(sum((l) => l.taskId === task.id)));
  await waitForText(panel().getByTestId("time-with-subtasks"), formatHours(sum(() => true)));

  // The task with its comments, attachments and timelogs, then the subtasks in one call, the field titles,
  // and names and folders in batches: never one call per subtask, person or field.
  const related = apiCalls.filter((p) => p.startsWith("tasks/") && !p.startsWith(`tasks/${task.id}`));
  expect(related).toEqual([`tasks/${task.subTaskIds.join(",")}`]);
  expect(apiCalls.filter((p) => p === `tasks/${task.id}/attachments`)).toHaveLength(1);
  expect(apiCalls.filter((p) => p === `tasks/${task.id}/timelogs`)).toHaveLength(1);
  expect(apiCalls.filter((p) => p === "customfields")).toHaveLength(1);
  await screenshot(page, "task-panel-whole");
  const panelCalls = apiCalls.filter((p) => p !== "tasks"); // a live poll may land meanwhile
  expect(panelCalls.length, panelCalls.join("\n")).toBeLessThanOrEqual(9);
});

it("opens a subtask in the panel, and its parent from there; back on the parent, nothing is asked again", async () => {
  const task = await taskNamed(FIELD_TASK);
  const sub = (await wrike.get<T>(`tasks/${task.subTaskIds[0]}`)).data[0]!;
  await panel().getByTestId("task-subtasks").getByRole("link", { name: sub.title, exact: true }).click();
  await waitForText(panel().locator("#panel-title"), sub.title);
  const parent = panel().getByTestId("task-parent");
  await parent.getByRole("link", { name: FIELD_TASK }).waitFor();
  await sectionsLoaded();
  apiCalls.length = 0;
  await parent.getByRole("link", { name: FIELD_TASK }).click();
  await waitForText(panel().locator("#panel-title"), FIELD_TASK);
  await panel().getByTestId("task-subtasks").getByRole("link", { name: sub.title }).waitFor();
  await sectionsLoaded();
  // Cached for the session: the parent's sections come back without a call (a live poll of "tasks" aside).
  expect(apiCalls.filter((p) => p !== "tasks")).toEqual([]);
});

it("downloads a 1.5 MB attachment with its progress, as a file named as in Wrike, with Wrike's bytes; nothing navigates", async () => {
  const task = await taskNamed(FIELD_TASK);
  const file = (await wrike.get<File>(`tasks/${task.id}/attachments`)).data.find((f) => f.size > 1_000_000)!;
  const before = navigations.length;
  // A slow line (about 400 KB/s) so the progress of a big file is there to see.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 20,
    downloadThroughput: 400 * 1024,
    uploadThroughput: 400 * 1024,
  });
  const row = panel().locator(`[data-attachment-id="${file.id}"]`);
  const [d] = await Promise.all([
    page.waitForEvent("download", { timeout: 30_000 }),
    (async () => {
      await row.getByRole("button", { name: file.name, exact: true }).click();
      const shown = await waitForText(row.getByRole("status"), /Downloading… \d+%/);
      expect(Number(/(\d+)%/.exec(shown)![1])).toBeLessThan(100);
      expect(await row.locator("progress").getAttribute("max")).toBe("100");
    })(),
  ]);
  await cdp.send("Network.emulateNetworkConditions", {
    offline: false,
    latency: 0,
    downloadThroughput: -1,
    uploadThroughput: -1,
  });
  await cdp.detach();
  expect(d.suggestedFilename()).toBe(file.name);
  await row.getByRole("status").waitFor({ state: "detached" });
  expect((await bytesOf(d)).equals(await wrikeBytes(file.id))).toBe(true);
  expect(apiCalls.filter((p) => p === `attachments/${file.id}/download`)).toHaveLength(1);
  expect(navigations.slice(before)).toEqual([]);
  expect(pages).toEqual([]);
});

it("saves a PNG under its name with its bytes", async () => {
  await openFromList(DRIFT_TASK);
  const task = await taskNamed(DRIFT_TASK);
  const png = (await wrike.get<File>(`tasks/${task.id}/attachments`)).data.find((f) =>
    f.name.endsWith(".png"),
  )!;
  const d = await downloadFrom(png.name);
  expect(d.suggestedFilename()).toBe(png.name);
  expect((await bytesOf(d)).equals(await wrikeBytes(png.id))).toBe(true);
});

it("downloads hostile SVG and HTML files without ever rendering them", async () => {
  const title = `Check <img src=x onerror=alert(1)> & "quotes" in titles`;
  await openFromList("Check <img");
  await waitForText(panel().locator("#panel-title"), title);
  await sectionsLoaded();
  const task = await taskNamed(title);
  const files = (await wrike.get<File>(`tasks/${task.id}/attachments`)).data;
  const before = navigations.length;
  for (const f of files.filter((x) => /\.(svg|html)$/.test(x.name))) {
    const d = await downloadFrom(f.name);
    expect(d.suggestedFilename()).toBe(f.name);
    expect((await bytesOf(d)).equals(await wrikeBytes(f.id))).toBe(true);
  }
  // The name that tries to rename the download is still one .txt file.
  const odd = files.find((f) => f.name.includes('"'))!;
  expect((await downloadFrom(odd.name)).suggestedFilename()).toMatch(/\.txt$/);
  await page.waitForTimeout(300);
  expect(await page.evaluate(() => (window as unknown as { __xss?: unknown }).__xss ?? null)).toBeNull();
  expect(dialogs).toEqual([]);
  expect(pages).toEqual([]);
  expect(page.frames()).toHaveLength(1);
  expect(navigations.slice(before)).toEqual([]);
  expect(navigations.some((u) => u.includes("/api/") || u.startsWith("blob:"))).toBe(false);
  expect(new URL(page.url()).origin).toBe(E2E_APP_ORIGIN);
});

it("a failed download says so in its row and the rest of the panel stays", async () => {
  const task = await taskNamed(DRIFT_TASK);
  await openFromList(DRIFT_TASK);
  await sectionsLoaded();
  const png = (await wrike.get<File>(`tasks/${task.id}/attachments`)).data.find((f) =>
    f.name.endsWith(".png"),
  )!;
  await sim.faults({ target: "api", status: 500, count: 2 });
  await panel().getByTestId("task-attachments").getByRole("button", { name: png.name, exact: true }).click();
  const row = panel().locator(`[data-attachment-id="${png.id}"]`);
  await waitForText(row.getByRole("alert"), `Could not download ${png.name}`);
  await sim.clearFaults();
  await panel().getByTestId("task-fields").locator("dd").first().waitFor();
  const d = await downloadFrom(png.name);
  expect(d.suggestedFilename()).toBe(png.name);
  await row.getByRole("alert").waitFor({ state: "detached" });
});

it("fits a 360 px phone without sideways scrolling, and Tab reaches every subtask and attachment", async () => {
  await page.setViewportSize({ width: 360, height: 740 });
  await page.goto(`${E2E_APP_ORIGIN}/tasks`);
  await openFromList(FIELD_TASK);
  await sectionsLoaded();
  const overflow = await page.evaluate(() => {
    const body = document.querySelector("[data-testid=task-panel] .body") as HTMLElement;
    return {
      page: document.documentElement.scrollWidth - document.documentElement.clientWidth,
      panel: body.scrollWidth - body.clientWidth,
    };
  });
  expect(overflow).toEqual({ page: 0, panel: 0 });
  await waitForText(panel().getByTestId("task-time"), "Mine");

  const wanted = await panel()
    .locator("[data-testid=task-subtasks] a, [data-testid=task-attachments] button")
    .allTextContents();
  expect(wanted.length).toBeGreaterThan(1);
  await panel().locator("#panel-title").focus();
  const reached = new Set<string>();
  for (let i = 0; i < 80 && wanted.some((w) => !reached.has(w)); i++) {
    await page.keyboard.press("Tab");
    const inside = await page.evaluate(() => {
      const el = document.activeElement;
      return el?.closest("[data-testid=task-subtasks], [data-testid=task-attachments]")
        ? el.textContent
        : null;
    });
    if (inside) reached.add(inside);
  }
  expect(wanted.filter((w) => !reached.has(w))).toEqual([]);
  await page.setViewportSize({ width: 1280, height: 800 });
});
