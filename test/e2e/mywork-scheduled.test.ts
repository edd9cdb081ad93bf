// My work never contradicts itself: a task planned to start after today sits under "Scheduled" with the day
// it starts, never under "To do" or "In progress", whatever its status (an "In Progress" status included).
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { dayOf, todayIn } from "../../web/ui/dates.ts";
import { indexStatuses } from "../../web/wrike/workflows.ts";
import type { Task, Workflow } from "../../web/wrike/types.ts";
import { signIn, waitForMyWork } from "./app.ts";
import { newPage } from "./browser.ts";
import { ADA, sim, wrikeAs } from "./sim.ts";

let context: BrowserContext;
let page: Page;

interface Part {
  group: string;
  part: string;
  rows: { id: string; note: string }[];
}

/** Every sub-heading of every My work section with the rows under it, as the screen shows them. */
async function parts(): Promise<Part[]> {
  return page.locator("section.group").evaluateAll((sections) =>
    sections.flatMap((section) => {
      const group = section.querySelector("h2")?.textContent?.trim() ?? "";
      return Array.from(section.querySelectorAll("h3")).map((h3) => {
        const list = h3.nextElementSibling;
        const rows = Array.from(list?.querySelectorAll("a[data-task-id]") ?? []).map((a) => ({
          id: a.getAttribute("data-task-id") ?? "",
          note: a.querySelector(".note")?.textContent?.trim() ?? "",
        }));
        return { group, part: h3.textContent?.trim() ?? "", rows };
      });
    }),
  );
}

beforeAll(async () => {
  await sim.reset();
  ({ context, page } = await newPage());
  await page.setViewportSize({ width: 1280, height: 900 });
  await signIn(page);
  await page.getByRole("heading", { name: "My work", level: 1 }).waitFor();
  await waitForMyWork(page);
});
afterAll(async () => {
  await context.close();
});

it("puts every task whose start is after today under Scheduled, with the day it starts", async () => {
  const wrike = await wrikeAs(ADA.email);
  const tasks = (
    await wrike.get<Task>("tasks", { responsibles: [wrike.user.id], status: "Active", pageSize: 1000 })
  ).data;
  const statuses = indexStatuses((await wrike.get<Workflow>("workflows")).data);
  const byId = new Map(tasks.map((t) => [t.id, t]));
  // Ada's profile zone; the app counts days in it.
  const today = todayIn("Europe/London");
  const start = (id: string) => dayOf(byId.get(id)?.dates?.start);

  const shown = await parts();
  const scheduled = shown.filter((p) => p.part === "Scheduled").flatMap((p) => p.rows);
  const others = shown.filter((p) => p.part !== "Scheduled").flatMap((p) => p.rows);
  expect(shown.every((p) => ["In progress", "To do", "Scheduled"].includes(p.part))).toBe(true);

  // Nothing under To do or In progress has yet to start, and none of them carries a "Starts" note.
  expect(others.length).toBeGreaterThan(0);
  for (const r of others) {
    const s = start(r.id);
    expect(s === undefined || s <= today, `${r.id} starts ${s}`).toBe(true);
    expect(r.note).toBe("");
  }
  // Everything under Scheduled starts later and says when.
  expect(scheduled.length).toBeGreaterThan(0);
  for (const r of scheduled) {
    expect(start(r.id)! > today, `${r.id} starts ${start(r.id)}`).toBe(true);
    expect(r.note).toMatch(/^Starts (tomorrow|\w{3} \d{1,2}(, \d{4})?)$/);
  }
  // The case the screen used to get wrong: an in-progress status on a task not started yet.
  const ahead = scheduled.filter(
    (r) => statuses.get(byId.get(r.id)?.customStatusId ?? "")?.stage === "progress",
  );
  expect(ahead.length).toBeGreaterThan(0);

  // The seeded demo prep starts tomorrow.
  const demo = tasks.find((t) => t.title === "Prepare robot demo for the investor visit")!;
  expect(scheduled.find((r) => r.id === demo.id)?.note).toBe("Starts tomorrow");
});
