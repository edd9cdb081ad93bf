// Date-range filters over real HTTP: by default (lenient) milliseconds and zones as real clients send them
// (JSON.stringify(Date) gives …T19:50:10.123Z), read with Wrike's whole-second stamps in mind; the
// `dateFilters: "strict"` switch takes only the documented forms.
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import type { Simulator } from "../index.ts";
import { api, errorOf, getJson, permanent, q, startSimulator } from "./helpers.ts";

interface TaskJson {
  id: string;
  updatedDate: string;
  dates: { due?: string; start?: string };
}

let sim: Simulator;
let ada: string;
let all: TaskJson[];
let pivot: TaskJson;

const shift = (stamp: string, ms: number): string => new Date(Date.parse(stamp) + ms).toISOString();
const ids = async (params: Record<string, unknown>): Promise<string[]> =>
  (await getJson<TaskJson>(sim.hosts.us, `/tasks${q(params)}`, ada)).data.map((t) => t.id);
const status = async (params: Record<string, unknown>): Promise<number> =>
  (await api(sim.hosts.us, `/tasks${q(params)}`, ada)).status;

beforeAll(async () => {
  sim = await startSimulator({ taskCount: 60 });
  ada = permanent(sim, "ada@acme.test", "Acme Robotics");
});
// A reset seeds again relative to the clock, so the stamps are read after it, in every test.
beforeEach(async () => {
  await sim.reset();
  all = (await getJson<TaskJson>(sim.hosts.us, "/tasks", ada)).data;
  const sorted = [...all].sort((a, b) => a.updatedDate.localeCompare(b.updatedDate));
  pivot = sorted[Math.floor(sorted.length / 2)] ?? sorted[0]!;
});
afterAll(async () => {
  await sim.close();
});

describe("lenient date filters (default)", () => {
  it("milliseconds on stamps: a fractional start rounds up, an end down (stamps are whole seconds)", async () => {
    const at = pivot.updatedDate;
    const justBefore = await ids({ updatedDate: { start: shift(at, -500) } });
    expect(justBefore).toContain(pivot.id);
    expect(justBefore.length).toBe(all.filter((t) => t.updatedDate >= at).length);
    expect(await ids({ updatedDate: { start: shift(at, 123) } })).not.toContain(pivot.id);
    expect(await ids({ updatedDate: { end: shift(at, 999) } })).toContain(pivot.id);
    expect(await ids({ updatedDate: { end: shift(at, -1) } })).not.toContain(pivot.id);
    // The exact form JSON.stringify(new Date()) gives.
    expect(shift(at, 123)).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.123Z$/);
  });

  it("zones on stamps are converted to UTC", async () => {
    const at = pivot.updatedDate; // …Z
    const local = new Date(Date.parse(at) + 2 * 3600_000).toISOString().slice(0, 19); // same instant at +02:00
    expect(await ids({ updatedDate: { equal: `${local}+02:00` } })).toContain(pivot.id);
    expect(await ids({ updatedDate: { equal: `${local}+0200` } })).toContain(pivot.id);
    expect(await ids({ updatedDate: { equal: `${local}Z` } })).not.toContain(pivot.id);
  });

  it("dueDate and startDate with Z or milliseconds keep the wall-clock time", async () => {
    const withDue = all.filter((t) => t.dates.due);
    const due = withDue[0]?.dates.due ?? "";
    const expected = withDue.filter((t) => t.dates.due === due).map((t) => t.id);
    expect(await ids({ dueDate: { equal: due } })).toEqual(expected);
    expect(await ids({ dueDate: { equal: `${due}Z` } })).toEqual(expected);
    expect(await ids({ dueDate: { equal: `${due}.000Z` } })).toEqual(expected);
    const day = due.slice(0, 10);
    expect(await ids({ dueDate: { start: `${day}T00:00:00.000Z`, end: `${day}T23:59:59.999Z` } })).toEqual(
      await ids({ dueDate: { start: day, end: day } }),
    );
    const started = all.find((t) => t.dates.start)?.dates.start ?? "";
    expect(await ids({ startDate: { equal: `${started}Z` } })).toEqual(
      all.filter((t) => t.dates.start === started).map((t) => t.id),
    );
  });

  it("still refuses what is not a date", async () => {
    for (const bad of [
      "yesterday",
      "2024-13-01T00:00:00Z",
      "2024-02-30T00:00:00.000Z",
      "2024-01-01T25:00:00Z",
    ]) {
      expect(await status({ updatedDate: { start: bad } }), bad).toBe(400);
      expect(await status({ dueDate: { start: bad } }), bad).toBe(400);
    }
  });
});

describe('dateFilters: "strict"', () => {
  it("takes only the documented forms", async () => {
    const control = await fetch(`${sim.loginOrigin}/__sim/config`, {
      method: "POST",
      body: JSON.stringify({ dateFilters: "strict" }),
    });
    expect(((await control.json()) as { config: { dateFilters: string } }).config.dateFilters).toBe("strict");
    const at = pivot.updatedDate;
    const due = all.find((t) => t.dates.due)?.dates.due ?? "";
    for (const bad of [
      { updatedDate: { start: shift(at, 123) } },
      { updatedDate: { start: at.replace("Z", "+00:00") } },
      { updatedDate: { start: at.replace("Z", "") } },
      { dueDate: { equal: `${due}Z` } },
      { trackedDate: { start: `${due.slice(0, 10)}T00:00:00.000Z` } },
    ]) {
      const path = "trackedDate" in bad ? "/timelogs" : "/tasks";
      const error = await errorOf(await api(sim.hosts.us, `${path}${q(bad)}`, ada));
      expect(error, JSON.stringify(bad)).toMatchObject({ status: 400, error: "invalid_parameter" });
    }
    expect(await status({ updatedDate: { start: at } })).toBe(200);
    expect(await status({ dueDate: { equal: due } })).toBe(200);
    expect(await status({ dueDate: { start: due.slice(0, 10) } })).toBe(200);
  });

  it("is refused when misspelt", async () => {
    const res = await fetch(`${sim.loginOrigin}/__sim/config`, {
      method: "POST",
      body: JSON.stringify({ dateFilters: "loose" }),
    });
    expect(res.status).toBe(400);
  });
});
