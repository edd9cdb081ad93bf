// The seeded world: deterministic, Wrike-shaped ids, every "My work" bucket present for Ada (in the
// account's local time), a realistic mix of statuses/dates, and hostile HTML for the sanitiser.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADA_ID, LINUS_ID, type Simulator } from "../index.ts";
import { getJson, permanent, q, startSimulator } from "./helpers.ts";

interface TaskJson {
  id: string;
  title: string;
  status: string;
  customStatusId: string;
  description: string;
  responsibleIds: string[];
  authorIds: string[];
  parentIds: string[];
  superTaskIds: string[];
  dates: { type: string; start?: string; due?: string };
}

let sim: Simulator;
let ada: string;
let acme: TaskJson[];

const FULL = ["description", "responsibleIds", "authorIds", "parentIds", "superTaskIds"];

beforeAll(async () => {
  sim = await startSimulator({ taskCount: 300 });
  ada = permanent(sim, "ada@acme.test", "Acme Robotics");
  acme = (await getJson<TaskJson>(sim.hosts.us, `/tasks${q({ fields: FULL })}`, ada)).data;
});
afterAll(async () => {
  await sim.close();
});

function todayIn(timeZone: string): string {
  return new Intl.DateTimeFormat("en-CA", {
    timeZone,
    year: "numeric",
    month: "2-digit",
    day: "2-digit",
  }).format(new Date());
}

function plusDays(date: string, days: number): string {
  const d = new Date(`${date}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() + days);
  return d.toISOString().slice(0, 10);
}

describe("seeded data", () => {
  it("has every bucket of Ada's open work in the account's local time: overdue, today, this week, later, no date", () => {
    const today = todayIn("Europe/London");
    const open = acme.filter((t) => t.status === "Active" && t.responsibleIds.includes(ADA_ID));
    const due = (t: TaskJson) => t.dates.due?.slice(0, 10);
    expect(open.filter((t) => (due(t) ?? "9") < today).length).toBeGreaterThan(0);
    expect(open.filter((t) => due(t) === today).length).toBeGreaterThan(0);
    expect(
      open.filter((t) => (due(t) ?? "") > today && (due(t) ?? "") <= plusDays(today, 6)).length,
    ).toBeGreaterThan(0);
    expect(open.filter((t) => (due(t) ?? "") > plusDays(today, 7)).length).toBeGreaterThan(0);
    expect(open.filter((t) => due(t) === undefined).length).toBeGreaterThan(0);
    // In progress (started) and still-to-do tasks both exist among the open ones.
    expect(open.some((t) => t.dates.start !== undefined && t.dates.start.slice(0, 10) <= today)).toBe(true);
    expect(open.some((t) => t.dates.start === undefined || t.dates.start.slice(0, 10) > today)).toBe(true);
  });

  it("most Acme tasks are Ada's; some Nordlicht tasks are hers, most are Linus's", async () => {
    const adaShare = acme.filter((t) => t.responsibleIds.includes(ADA_ID)).length / acme.length;
    expect(adaShare).toBeGreaterThan(0.5);
    const nord = (
      await getJson<TaskJson>(
        sim.hosts.eu,
        `/tasks${q({ fields: FULL })}`,
        permanent(sim, "linus@nordlicht.test"),
      )
    ).data;
    expect(nord.length).toBeGreaterThan(10);
    expect(nord.some((t) => t.responsibleIds.includes(ADA_ID))).toBe(true);
    expect(nord.filter((t) => t.responsibleIds.includes(LINUS_ID)).length).toBeGreaterThan(nord.length / 3);
    const today = todayIn("Europe/Berlin");
    expect(nord.some((t) => t.responsibleIds.includes(ADA_ID) && t.dates.due?.startsWith(today))).toBe(true);
  });

  it("mixes statuses, custom statuses, importance and date types", async () => {
    expect(new Set(acme.map((t) => t.status))).toEqual(
      new Set(["Active", "Completed", "Deferred", "Cancelled"]),
    );
    const workflows = (
      await getJson<{ customStatuses: { id: string; name: string }[] }>(sim.hosts.us, "/workflows", ada)
    ).data;
    const names = new Map(workflows.flatMap((w) => w.customStatuses.map((s) => [s.id, s.name] as const)));
    const activeNames = new Set(
      acme.filter((t) => t.status === "Active").map((t) => names.get(t.customStatusId)),
    );
    expect(activeNames.has("New") || activeNames.has("Backlog")).toBe(true);
    expect(
      activeNames.has("In Progress") || activeNames.has("In Development") || activeNames.has("In Review"),
    ).toBe(true);
    expect(new Set(acme.map((t) => t.dates.type))).toEqual(new Set(["Planned", "Milestone", "Backlog"]));
    expect(acme.some((t) => t.dates.type === "Planned" && t.dates.start && t.dates.due)).toBe(true);
    expect(acme.some((t) => t.superTaskIds.length > 0 && t.parentIds.length === 0)).toBe(true);
    expect(acme.every((t) => t.authorIds.length === 1)).toBe(true);
  });

  it("carries hostile HTML in descriptions and comments", async () => {
    const html = acme.map((t) => t.description).join("\n");
    for (const needle of ["<script>", "onerror=", "javascript:", "<iframe", "<svg onload=", "<style>"]) {
      expect(html).toContain(needle);
    }
    expect(acme.some((t) => t.title.includes("<img"))).toBe(true);
    expect(acme.some((t) => t.description.includes("<br />") && !t.description.includes("<script"))).toBe(
      true,
    );
    const hostile = acme.find((t) => t.title.includes("<img")) as TaskJson;
    const comments = await getJson<{ text: string }>(sim.hosts.us, `/tasks/${hostile.id}/comments`, ada);
    expect(comments.data.some((c) => c.text.includes("onerror="))).toBe(true);
  });

  it("uses Wrike's classic id shapes", async () => {
    const account = (await getJson(sim.hosts.us, "/account", ada)).data[0];
    expect(account?.id).toMatch(/^IEA[A-Z2-7]{5}$/);
    expect(account?.rootFolderId).toBe(`${String(account?.id)}I7777777`);
    for (const t of acme) expect(t.id).toMatch(new RegExp(`^${String(account?.id)}KQ[A-Z2-7]{6}$`));
    expect(new Set(acme.map((t) => t.id)).size).toBe(acme.length);
    const folders = (await getJson(sim.hosts.us, "/folders", ada)).data;
    expect(
      folders
        .filter((f) => f.scope === "WsFolder")
        .every((f) => /^IEA[A-Z2-7]{5}I4[A-Z2-7]{6}$/.test(String(f.id))),
    ).toBe(true);
    const statuses = (
      await getJson<{ customStatuses: { id: string }[] }>(sim.hosts.us, "/workflows", ada)
    ).data.flatMap((w) => w.customStatuses);
    expect(statuses.every((s) => /^IEA[A-Z2-7]{5}JM[A-Z2-7]{6}$/.test(s.id))).toBe(true);
    const contacts = (await getJson(sim.hosts.us, "/contacts", ada)).data;
    const people = contacts.filter((c) => c.type === "Person");
    expect(people.length).toBeGreaterThan(0);
    expect(people.every((c) => /^KU[A-Z2-7]{6}$/.test(String(c.id)))).toBe(true);
    // Group ids look like live ones (Airbyte's recorded "My Team" is KX7ZDWOP).
    const groups = contacts.filter((c) => c.type === "Group");
    expect(groups.length).toBeGreaterThan(0);
    expect(groups.every((c) => /^KX[A-Z2-7]{6}$/.test(String(c.id)))).toBe(true);
  });

  it("is the same in every run (fixed seed)", async () => {
    const twin = await startSimulator({ taskCount: 300 });
    try {
      const other = (await getJson<TaskJson>(twin.hosts.us, `/tasks${q({ fields: FULL })}`, ada)).data;
      const shape = (list: TaskJson[]) =>
        list.map((t) => [t.id, t.title, t.status, t.customStatusId, t.dates, t.responsibleIds]);
      expect(shape(other)).toEqual(shape(acme));
    } finally {
      await twin.close();
    }
  });

  it("seeds 10,000 tasks quickly enough for benchmarks", async () => {
    const started = Date.now();
    const big = await startSimulator({ taskCount: 10_000 });
    try {
      const seeded = Date.now() - started;
      expect(seeded).toBeLessThan(8000);
      const page = await getJson(
        big.hosts.us,
        `/tasks${q({ responsibles: [ADA_ID], pageSize: "200", sortField: "DueDate" })}`,
        ada,
      );
      expect(page.responseSize).toBeGreaterThan(4000);
    } finally {
      await big.close();
    }
  });
});
