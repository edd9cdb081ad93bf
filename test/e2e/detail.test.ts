// Task detail: deep link, names fetched in batches, "Open in Wrike", Esc; a hostile description stays inert.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { screenshot, signIn, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { ADA, sim, wrikeAs } from "./sim.ts";
import { LINK_REL } from "../../web/ui/sanitize-rules.ts";

interface T {
  id: string;
  title: string;
  status: string;
  customStatusId: string;
  permalink: string;
  parentIds: string[];
  responsibleIds: string[];
  description: string;
}

let context: BrowserContext;
let page: Page;
let wrike: Awaited<ReturnType<typeof wrikeAs>>;
const dialogs: string[] = [];

beforeAll(async () => {
  await sim.reset();
  wrike = await wrikeAs(ADA.email);
  ({ context, page } = await newPage());
  await page.setViewportSize({ width: 1280, height: 800 });
  page.on("dialog", (d) => {
    dialogs.push(d.message());
    void d.dismiss();
  });
});
afterAll(async () => {
  await context.close();
});

/** One of Ada's active tasks with comments, several assignees where possible, and parent folders. */
async function richTask(): Promise<{ task: T; comments: number }> {
  const list = await wrike.get<{ id: string }>("tasks", { responsibles: [wrike.user.id], status: "Active" });
  const full = await wrike.get<T>(
    `tasks/${list.data
      .slice(0, 60)
      .map((t) => t.id)
      .join(",")}`,
  );
  const candidates = full.data
    .filter((t) => t.parentIds.length > 0 && !t.title.includes("<"))
    .sort((a, b) => b.responsibleIds.length - a.responsibleIds.length);
  for (const task of candidates) {
    const c = await wrike.get(`tasks/${task.id}/comments`);
    if (c.data.length > 0) return { task, comments: c.data.length };
  }
  throw new Error("no seeded task with comments");
}

it("opens a deep-linked task after sign-in, with status, folders, assignees and comments", async () => {
  const { task, comments } = await richTask();
  await signIn(page, { path: `/tasks/${task.id}` });
  const panel = page.getByTestId("task-panel");
  await waitForText(panel.locator("#panel-title"), task.title);

  const workflows = await wrike.get<{ customStatuses: { id: string; name: string }[] }>("workflows");
  const statusName = workflows.data
    .flatMap((w) => w.customStatuses)
    .find((s) => s.id === task.customStatusId)!.name;
  await waitForText(panel.getByTestId("task-status"), statusName);

  const people = await wrike.get<{ firstName: string; lastName: string }>(
    `contacts/${task.responsibleIds.join(",")}`,
  );
  for (const p of people.data)
    await waitForText(panel.getByTestId("task-assignees"), `${p.firstName} ${p.lastName}`);
  const folders = await wrike.get<{ title: string }>(`folders/${task.parentIds.join(",")}`);
  for (const f of folders.data) await waitForText(panel, f.title);

  await waitForText(panel.locator("#comments-title"), `Comments (${comments})`);
  const open = panel.getByRole("link", { name: /Open in Wrike/ });
  expect(await open.getAttribute("href")).toBe(task.permalink);
  expect(await open.getAttribute("target")).toBe("_blank");
  expect(await open.getAttribute("rel")).toContain("noopener");
  // The list is behind the panel.
  await page.getByTestId("virtual-list").waitFor();
  await screenshot(page, "task-detail");
});

it("renders in dark theme", async () => {
  await page.getByRole("button", { name: "Use dark theme" }).click();
  await page.locator("html[data-theme=dark]").waitFor({ state: "attached" });
  const bg = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
  expect(bg).not.toBe("rgb(246, 247, 249)");
  await screenshot(page, "dark-theme");
  await page.getByRole("button", { name: "Use light theme" }).click();
  await page.locator("html[data-theme=light]").waitFor({ state: "attached" });
});

it("closes with Esc; a deep-linked panel closes to My tasks", async () => {
  await page.getByTestId("task-panel").locator("#panel-title").focus();
  await page.keyboard.press("Escape");
  await page.getByTestId("task-panel").waitFor({ state: "detached" });
  expect(new URL(page.url()).pathname).toBe("/tasks");
});

it("says so when a task does not exist", async () => {
  await page.goto(`${E2E_APP_ORIGIN}/tasks/IEAAAAAAKQNOSUCH`);
  await waitForText(page.getByTestId("task-panel").getByRole("alert"), "Could not open this task");
});

it("renders a hostile description and comment inert", async () => {
  const list = await wrike.get<{ id: string; title: string }>("tasks", { title: "Check <img" });
  const hostile = list.data[0];
  expect(hostile).toBeDefined();
  await page.goto(`${E2E_APP_ORIGIN}/tasks/${hostile!.id}`);
  const panel = page.getByTestId("task-panel");
  // The title's markup shows as text.
  await waitForText(panel.locator("#panel-title"), "<img src=x onerror=alert(1)>");
  const description = panel.getByTestId("task-description");
  await waitForText(description, "Read me carefully.");
  await panel.getByTestId("task-comments").waitFor();

  // Hover and click everything the payload might have hung a handler on.
  for (const el of await description.locator("*").all()) {
    await el.hover({ force: true, timeout: 1000 }).catch(() => {});
  }
  await description.click({ position: { x: 5, y: 5 } });

  const report = await panel.evaluate((root) => {
    const all = Array.from(root.querySelectorAll("*"));
    return {
      flag: (window as unknown as { __xss?: string }).__xss ?? null,
      banned: all.filter((e) =>
        /^(script|iframe|object|embed|svg|form|style|meta|base|link)$/i.test(e.tagName),
      ).length,
      handlers: all.flatMap((e) =>
        Array.from(e.attributes)
          .filter((a) => /^on/i.test(a.name))
          .map((a) => a.name),
      ),
      scriptUrls: all.filter((e) =>
        Array.from(e.attributes).some((a) =>
          /^\s*(javascript|data|vbscript):/i.test(a.value.replace(/[\s\u0000-\u001f]/g, "")),
        ),
      ).length,
      styles: all.filter((e) => e.closest(".rich") && e.hasAttribute("style")).length,
      links: Array.from(root.querySelectorAll(".rich a[href]")).map((a) => [
        a.getAttribute("target"),
        a.getAttribute("rel"),
      ]),
      bodyVisible: getComputedStyle(document.body).display !== "none",
    };
  });
  expect(report.flag).toBeNull();
  expect(dialogs).toEqual([]);
  expect(report.banned).toBe(0);
  expect(report.handlers).toEqual([]);
  expect(report.scriptUrls).toBe(0);
  expect(report.styles).toBe(0);
  expect(report.bodyVisible).toBe(true);
  expect(report.links.length).toBeGreaterThan(0);
  for (const [target, rel] of report.links) {
    expect(target).toBe("_blank");
    expect(rel).toBe(LINK_REL);
  }
  // The page is still ours (no meta refresh, no navigation away).
  expect(new URL(page.url()).origin).toBe(E2E_APP_ORIGIN);
});
