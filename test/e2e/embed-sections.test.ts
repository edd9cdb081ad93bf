// The embed's work view: each due-date section shows its first rows with its own "Show more", so many
// overdue tasks never hide Today; and the signed-out profile pane speaks of the profile, not of tasks.
import { expect, it } from "vitest";
import { todayIn } from "../../web/ui/dates.ts";
import { EMBED_HOST, paneFrame, signInInPopup, useEmbedHost } from "./embed-host.ts";
import { ADA, wrikeAs } from "./sim.ts";

const host = useEmbedHost(
  `<div id="pane" data-wrike-pane="work"></div><div id="me" data-wrike-pane="profile"></div>`,
);

it("says what the signed-out profile pane is for", async () => {
  await host.page.goto(EMBED_HOST);
  const profile = await paneFrame(host.page, "#me iframe");
  await profile.getByRole("button", { name: "Sign in with Wrike" }).waitFor();
  const text = (await profile.locator("main").innerText()).replace(/\s+/g, " ").trim();
  expect(text).toBe(
    "See who you are in Wrike here: your name, account and role. Signing in opens a Wrike window. Sign in with Wrike",
  );
  expect(text).not.toContain("tasks");
});

it("caps each section on its own: Overdue shows more on request, Today is shown either way", async () => {
  // The pane loads one page of 100, soonest due first: count Ada's overdue and today among those.
  const wrike = await wrikeAs(ADA.email);
  const page1 = await wrike.get<{ dates?: { due?: string } }>("tasks", {
    responsibles: [wrike.user.id],
    status: "Active",
    sortField: "DueDate",
    sortOrder: "Asc",
    pageSize: 100,
  });
  const today = todayIn("Europe/London");
  const due = page1.data.map((t) => t.dates?.due?.slice(0, 10));
  const overdue = due.filter((d) => d !== undefined && d < today).length;
  const dueToday = due.filter((d) => d === today).length;
  // More overdue than a section shows at first, and something due today: the case in the issue.
  expect(overdue).toBeGreaterThan(5);
  expect(dueToday).toBeGreaterThan(0);

  await host.page.goto(EMBED_HOST);
  const frame = await paneFrame(host.page);
  await signInInPopup(host.context, frame);
  const overdueRows = frame.locator("section[data-bucket=overdue] li[data-task-id]");
  const todayRows = frame.locator("section[data-bucket=today] li[data-task-id]");
  await todayRows.first().waitFor({ timeout: 15_000 });
  expect(await overdueRows.count()).toBe(5);
  expect(await todayRows.count()).toBe(Math.min(5, dueToday));
  expect(await frame.locator("section[data-bucket=overdue] h2").textContent()).toMatch(
    new RegExp(`^Overdue\\s+${overdue}$`),
  );

  const more = frame.locator("section[data-bucket=overdue]").getByRole("button", {
    name: `Show ${overdue - 5} more`,
  });
  await more.click();
  await frame.waitForFunction(
    (n) => document.querySelectorAll("section[data-bucket=overdue] li[data-task-id]").length === n,
    overdue,
  );
  expect(await more.count()).toBe(0);
  // Today stays where it was, still capped on its own.
  expect(await todayRows.count()).toBe(Math.min(5, dueToday));
});
