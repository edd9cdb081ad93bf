// My week: the week's days from the account's first day of week, the grid's rows, cells and totals, the
// read-only reasons, CSV quoting and export; and the Week state against a real simulator (my entries of a
// week, an optimistic edit and delete confirmed by Wrike, a locked day refused and rolled back).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WrikeApi } from "../../web/wrike/api.ts";
import { simApi, timerSession } from "./sim-api.ts";
import { addDays, todayIn } from "../../web/ui/dates.ts";
import {
  buildGrid,
  csvField,
  csvName,
  readOnlyReason,
  sumHours,
  weekCsv,
  weekDays,
  type Entry,
} from "../../web/time/timesheet.ts";
import type { Week as WeekT } from "../../web/time/week.svelte.ts";
import type { TimerSession } from "../../web/time/timer.svelte.ts";
import { LOCK_DAYS, SEEDED_TIMELOGS, startSimulator, type Simulator } from "../wrike-sim/index.ts";

const entry = (id: string, taskId: string, trackedDate: string, hours: number, more: Partial<Entry> = {}) =>
  ({ id, taskId, userId: "U", trackedDate, hours, ...more }) as Entry;

describe("the week's days", () => {
  it("start on the account's first day of week", () => {
    // Wed 2 Dec 2026.
    expect(weekDays("2026-12-02", "Mon")).toEqual([
      "2026-11-30",
      "2026-12-01",
      "2026-12-02",
      "2026-12-03",
      "2026-12-04",
      "2026-12-05",
      "2026-12-06",
    ]);
    expect(weekDays("2026-12-02", "Sun")[0]).toBe("2026-11-29");
    expect(weekDays("2026-12-02", "Sat")[0]).toBe("2026-11-28");
    // A Sunday in a Monday week belongs to the week before it.
    expect(weekDays("2026-12-06", "Mon")[0]).toBe("2026-11-30");
    // Over a year's end.
    expect(weekDays("2027-01-01", "Mon")).toContain("2026-12-31");
  });
});

describe("the grid", () => {
  const days = weekDays("2026-12-02", "Mon");
  const titles = new Map([
    ["T1", "Bravo"],
    ["T2", "Alpha"],
  ]);
  const entries = [
    entry("e1", "T1", "2026-11-30", 1.25),
    entry("e2", "T1", "2026-11-30", 0.5),
    entry("e3", "T1", "2026-12-02", 2),
    entry("e4", "T2", "2026-12-06", 0.1),
    entry("e5", "T2", "2026-12-06", 0.2),
    entry("old", "T2", "2026-11-29", 8), // the week before: not in this grid
    entry("e6", "T3", "2026-12-01", 1, { lockStatus: "Locked" }),
  ];
  const grid = buildGrid(entries, days, titles);

  it("has a row per task, by title (the id when the title is unknown)", () => {
    expect(grid.rows.map((r) => r.title)).toEqual(["Alpha", "Bravo", "T3"]);
  });
  it("sums each cell, row, day and the week without float noise", () => {
    const bravo = grid.rows[1]!;
    expect(bravo.cells.map((c) => c.hours)).toEqual([1.75, 0, 2, 0, 0, 0, 0]);
    expect(bravo.cells[0]!.entries.map((e) => e.id)).toEqual(["e1", "e2"]);
    expect(bravo.total).toBe(3.75);
    expect(grid.rows[0]!.cells[6]!.hours).toBe(0.3);
    expect(grid.dayTotals).toEqual([1.75, 1, 2, 0, 0, 0, 0.3]);
    expect(grid.total).toBe(5.05);
    expect(sumHours([0.1, 0.2])).toBe(0.3);
  });
  it("marks a cell read-only only when every entry in it is", () => {
    expect(grid.rows[2]!.cells[1]!.readOnly).toMatch(/Locked/);
    expect(grid.rows[1]!.cells[0]!.readOnly).toBeNull();
    const mixed = buildGrid(
      [entry("a", "T1", days[0]!, 1, { lockStatus: "Locked" }), entry("b", "T1", days[0]!, 1)],
      days,
      titles,
    );
    expect(mixed.rows[0]!.cells[0]!.readOnly).toBeNull();
  });
  it("says why Wrike keeps an entry read-only", () => {
    expect(readOnlyReason({ lockStatus: "Locked" })).toMatch(/closed this period/);
    expect(readOnlyReason({ approvalStatus: "Approved" })).toMatch(/approved entry/);
    expect(readOnlyReason({ approvalStatus: "Pending" })).toMatch(/Submitted for approval/);
    expect(readOnlyReason({ approvalStatus: "Draft", lockStatus: "Unlocked" })).toBeNull();
    expect(readOnlyReason({})).toBeNull();
  });
});

describe("CSV", () => {
  it("quotes commas, quotes and line breaks, and defuses formulas", () => {
    expect(csvField("plain")).toBe("plain");
    expect(csvField(1.25)).toBe("1.25");
    expect(csvField("a,b")).toBe('"a,b"');
    expect(csvField('say "hi"')).toBe('"say ""hi"""');
    expect(csvField("two\nlines")).toBe('"two\nlines"');
    expect(csvField("=HYPERLINK(1)")).toBe("'=HYPERLINK(1)");
    expect(csvField("-1+2,3")).toBe(`"'-1+2,3"`);
  });
  it("exports the week's entries by day then task, with a header", () => {
    const days = weekDays("2026-12-02", "Mon");
    const grid = buildGrid(
      [
        entry("e2", "T2", "2026-12-01", 1.5, { comment: 'Call, "urgent"', categoryId: "C1" }),
        entry("e1", "T1", "2026-11-30", 0.25, { lockStatus: "Locked" }),
      ],
      days,
      new Map([
        ["T1", "Fix <b>it</b>"],
        ["T2", "Plan, then build"],
      ]),
    );
    const csv = weekCsv(grid, [{ id: "C1", name: "Meetings" }]);
    const lines = csv.split("\r\n");
    expect(lines[0]).toBe("Date,Task,Hours,Duration,Category,Comment,Read-only,Task ID,Entry ID");
    expect(lines[1]).toBe(
      '2026-11-30,Fix <b>it</b>,0.25,0:15,,,"Locked: Wrike has closed this period, so the entry cannot change.",T1,e1',
    );
    expect(lines[2]).toBe('2026-12-01,"Plan, then build",1.5,1:30,Meetings,"Call, ""urgent""",,T2,e2');
    expect(lines[3]).toBe("");
    expect(csvName(grid)).toBe("my-week-2026-11-30.csv");
  });
});

describe("the Week against the simulator", () => {
  let sim: Simulator;
  let api: WrikeApi;
  let session: TimerSession;
  let Week: typeof WeekT;
  let today: string;

  beforeAll(async () => {
    ({ Week } = await import("../../web/time/week.svelte.ts"));
    sim = await startSimulator({ rateLimitPerMinute: 100_000 });
    ({ api } = simApi(sim));
    session = await timerSession(api);
    const account = session.account!;
    today = todayIn("Europe/London");
  });
  afterAll(async () => {
    await sim?.close();
  });

  it("shows my seeded entries of the week with Wrike's titles and hours", async () => {
    const week = new Week({ api, session });
    // The week holding Ada's entry of two days ago (2.5 h yesterday, 1.25 h two days ago, same task).
    const day = addDays(today, -2);
    await week.show(day);
    const mine = SEEDED_TIMELOGS.filter(
      (t) =>
        t.accountId === session.account!.id &&
        t.userId === session.me!.id &&
        week.days.includes(addDays(today, -t.daysAgo)),
    );
    expect(week.entries.map((e) => e.id).sort()).toEqual(mine.map((t) => t.id).sort());
    expect(week.grid.total).toBe(sumHours(mine.map((t) => t.hours)));
    expect(week.grid.rows.every((r) => r.title !== r.taskId)).toBe(true);
  });

  it("edits and deletes an entry in Wrike, optimistically", async () => {
    const week = new Week({ api, session });
    await week.show(today);
    const task = SEEDED_TIMELOGS.find((t) => !t.locked && t.accountId === session.account!.id)!.taskId;
    expect(await week.add(task, { hours: 0.75, trackedDate: today, comment: "Added" })).toBe(true);
    const added = week.entries.find((e) => e.comment === "Added" && !e.pending)!;
    const editing = week.edit(added.id, { hours: 1.5 });
    expect(week.entries.find((e) => e.id === added.id)).toMatchObject({ hours: 1.5, pending: true });
    expect(await editing).toBe(true);
    expect((await api.get<{ hours: number }>(`timelogs/${added.id}`)).data[0]!.hours).toBe(1.5);
    const removing = week.remove(added.id);
    expect(week.entries.some((e) => e.id === added.id)).toBe(false);
    expect(await removing).toBe(true);
    await expect(api.get(`timelogs/${added.id}`)).rejects.toMatchObject({ code: "not_found" });
  });

  it("keeps a locked entry read-only and rolls back a refused add on a locked day", async () => {
    const week = new Week({ api, session });
    const lockedSeed = SEEDED_TIMELOGS.find((t) => t.locked)!;
    const day = addDays(today, -lockedSeed.daysAgo);
    await week.show(day);
    const locked = week.entries.find((e) => e.id === lockedSeed.id)!;
    expect(readOnlyReason(locked)).toMatch(/Locked/);
    expect(await week.edit(locked.id, { hours: 9 })).toBe(false);
    expect(week.entries.find((e) => e.id === locked.id)!.hours).toBe(lockedSeed.hours);
    // Wrike refuses a new entry on a locked day: it goes again, with the reason.
    const before = week.entries.length;
    expect(await week.add(locked.taskId, { hours: 1, trackedDate: day, comment: "late" })).toBe(false);
    expect(week.entries).toHaveLength(before);
    expect(week.notice).toMatchObject({ tone: "error", text: expect.stringMatching(/locked time entries/) });
    expect(LOCK_DAYS.from).toBeGreaterThanOrEqual(lockedSeed.daysAgo);
  });
});
