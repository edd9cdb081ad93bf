// The timer: its arithmetic (hours at Wrike's precision, elapsed time, typed hours, the day an entry records
// in the user's zone, over midnight too), what storage holds, and the Timer state shared by two "tabs"
// through one storage area, saving to a real simulator (a refusal keeps the entry; a plan without time
// tracking hides the feature; a locked day says so).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WrikeApi } from "../../web/wrike/api.ts";
import { simApi, timerSession } from "./sim-api.ts";
import { memoryArea, SafeStorage } from "../../web/platform/storage.ts";
import {
  draftOf,
  formatElapsed,
  formatHours,
  parseDrafts,
  parseHours,
  parseRunning,
  roundHours,
  timerComment,
  timerHours,
  trackedDay,
} from "../../web/time/timer.ts";
import type { Timer as TimerT, TimerSession } from "../../web/time/timer.svelte.ts";
import { SEEDED_TIMELOGS, startSimulator, type Simulator } from "../wrike-sim/index.ts";

const H = 3_600_000;
const at = (iso: string) => Date.parse(iso);

describe("hours at Wrike's precision", () => {
  it("rounds to hundredths of an hour and clamps to [0..24]", () => {
    expect(roundHours(1.25)).toBe(1.25);
    expect(roundHours(1.234)).toBe(1.23);
    expect(roundHours(1.235 + 1e-9)).toBe(1.24);
    expect(roundHours(25)).toBe(24);
    expect(roundHours(-1)).toBe(0);
    expect(roundHours(Number.NaN)).toBe(0);
  });
  it("gives a timer at least one step (36 s) and at most 24 h", () => {
    expect(timerHours(0, 10_000)).toBe(0.01);
    expect(timerHours(0, 75 * 60_000)).toBe(1.25);
    expect(timerHours(0, 80 * 60_000)).toBe(1.33);
    expect(timerHours(0, 30 * H)).toBe(24);
  });
  it("shows elapsed time and hours as a clock", () => {
    expect(formatElapsed(7_000)).toBe("0:07");
    expect(formatElapsed(12 * 60_000 + 34_000)).toBe("12:34");
    expect(formatElapsed(H + 2 * 60_000 + 3_000)).toBe("1:02:03");
    expect(formatElapsed(-5)).toBe("0:00");
    expect(formatHours(1.25)).toBe("1:15");
    expect(formatHours(0.01)).toBe("0:01");
    expect(formatHours(24)).toBe("24:00");
  });
  it("reads hours as people type them", () => {
    expect(parseHours("1.5")).toBe(1.5);
    expect(parseHours("1,5")).toBe(1.5);
    expect(parseHours("1:30")).toBe(1.5);
    expect(parseHours("90m")).toBe(1.5);
    expect(parseHours("1h 30m")).toBe(1.5);
    expect(parseHours("2h")).toBe(2);
    expect(parseHours(".25")).toBe(0.25);
    expect(parseHours("0:20")).toBe(0.33);
    for (const bad of ["", "abc", "25", "1:75", "-1", "1.2.3"]) expect(parseHours(bad)).toBeNull();
  });
});

describe("the day an entry records", () => {
  it("is the start's day in the user's zone, not UTC's", () => {
    // 23:30 UTC on 1 Dec is already 2 Dec in Tokyo and still 1 Dec in New York.
    const start = at("2026-12-01T23:30:00Z");
    expect(trackedDay(start, start + H / 4, "Asia/Tokyo").day).toBe("2026-12-02");
    expect(trackedDay(start, start + H / 4, "America/New_York").day).toBe("2026-12-01");
    expect(trackedDay(start, start + H / 4, "UTC")).toEqual({
      day: "2026-12-01",
      stopDay: "2026-12-01",
      crossesMidnight: false,
    });
  });
  it("says when a timer crosses midnight where the user is", () => {
    // 22:50 to 00:20 in London (winter, UTC+0): two days; the same instants in Tokyo are one morning.
    const start = at("2026-12-01T22:50:00Z");
    const stop = at("2026-12-02T00:20:00Z");
    expect(trackedDay(start, stop, "Europe/London")).toEqual({
      day: "2026-12-01",
      stopDay: "2026-12-02",
      crossesMidnight: true,
    });
    expect(trackedDay(start, stop, "Asia/Tokyo").crossesMidnight).toBe(false);
    expect(timerHours(start, stop)).toBe(1.5);
  });
  it("counts real time over a daylight-saving change (a 23-hour day)", () => {
    // London's clocks go forward at 01:00 UTC on 29 Mar 2026: 00:30 to 03:30 local is two hours.
    const start = at("2026-03-29T00:30:00Z");
    const stop = at("2026-03-29T02:30:00Z");
    expect(timerHours(start, stop)).toBe(2);
    expect(trackedDay(start, stop, "Europe/London").crossesMidnight).toBe(false);
  });
  it("writes a comment that says when the timer ran, in the user's zone", () => {
    const start = at("2026-12-01T08:14:00Z");
    expect(timerComment(start, start + 75 * 60_000, "Europe/Berlin", "en-GB")).toBe("Timer 09:14–10:29");
  });
});

describe("what storage holds", () => {
  it("reads a running timer back, and nothing from junk", () => {
    const t = { taskId: "T1", title: "Fix it", startedAt: 1_700_000_000_000, accountId: "A1", userId: "U1" };
    expect(parseRunning(JSON.stringify(t))).toEqual(t);
    expect(Object.keys(parseRunning(JSON.stringify({ ...t, token: "secret" }))!).sort()).toEqual([
      "accountId",
      "startedAt",
      "taskId",
      "title",
      "userId",
    ]);
    for (const junk of [null, "", "{", "[]", '{"taskId":"T1"}', JSON.stringify({ ...t, startedAt: "x" })])
      expect(parseRunning(junk)).toBeNull();
  });
  it("keeps the readable unsaved entries and the choices of a refused save", () => {
    const d = {
      ...draftOf({ taskId: "T1", title: "A", startedAt: 1000, accountId: "A1", userId: "U1" }, 5000),
    };
    const kept = { ...d, hours: 1.234, trackedDate: "2026-12-01", comment: "c", error: "refused" };
    const list = parseDrafts(JSON.stringify([kept, { taskId: "T2" }, "x", null]));
    expect(list).toEqual([{ ...kept, hours: 1.23 }]);
    expect(parseDrafts("nope")).toEqual([]);
  });
});

describe("the Timer against the simulator", () => {
  let sim: Simulator;
  let api: WrikeApi;
  let session: TimerSession;
  let Timer: typeof TimerT;
  let taskId: string;

  beforeAll(async () => {
    ({ Timer } = await import("../../web/time/timer.svelte.ts"));
    sim = await startSimulator({ rateLimitPerMinute: 100_000, taskCount: 40 });
    ({ api } = simApi(sim));
    session = await timerSession(api);
    const account = session.account!;
    // Ada's task with seeded time ("Fix torque sensor drift on arm v2"), open for new entries today.
    taskId = SEEDED_TIMELOGS.find((t) => t.accountId === account.id && !t.locked)!.taskId;
  });
  afterAll(async () => {
    await sim?.close();
  });

  /** Two tabs: one storage area, and a storage event to the other tab on each write (as browsers do). */
  function tabs(clock: { now: number }) {
    const area = memoryArea();
    const hearers: ((key: string | null) => void)[] = [];
    const storage = (self: number) =>
      new SafeStorage({
        local: () => ({
          getItem: (k) => area.getItem(k),
          setItem: (k, v) => (area.setItem(k, v), hearers.forEach((h, i) => i !== self && h(k))),
          removeItem: (k) => (area.removeItem(k), hearers.forEach((h, i) => i !== self && h(k))),
        }),
        session: () => null,
      });
    const make = (i: number, saved: unknown[] = []) =>
      new Timer({
        api,
        session,
        storage: storage(i),
        listen: (fn) => {
          hearers[i] = fn;
          return () => {};
        },
        now: () => clock.now,
        onSaved: (t) => saved.push(t),
      });
    return { area, make };
  }

  it("runs one timer in every tab, survives a reload, and saves it to Wrike", async () => {
    const clock = { now: at("2026-12-01T09:00:00Z") };
    const { area, make } = tabs(clock);
    const saved: { id: string; hours: number; trackedDate: string }[] = [];
    const a = make(0, saved);
    const b = make(1);
    expect(a.start(taskId, "Field test")).toBe(true);
    expect(b.running?.taskId).toBe(taskId);
    // Only the task, its title, the start, the account and the user are stored.
    expect(Object.keys(JSON.parse(area.getItem("wrike-pane-timer")!)).sort()).toEqual([
      "accountId",
      "startedAt",
      "taskId",
      "title",
      "userId",
    ]);
    const reloaded = make(2);
    expect(reloaded.running?.startedAt).toBe(clock.now);
    clock.now += 75 * 60_000;
    const draft = b.stop()!;
    expect(a.running).toBeNull();
    expect(a.drafts.map((d) => d.id)).toEqual([draft.id]);
    expect(await a.save(draft.id, { hours: 1.25, trackedDate: "2026-12-01", comment: "Rig run" })).toBe(true);
    expect(b.drafts).toEqual([]);
    expect(saved).toHaveLength(1);
    const inWrike = await api.get<{ hours: number; trackedDate: string; taskId: string }>(
      `timelogs/${saved[0]!.id}`,
    );
    expect(inWrike.data[0]).toMatchObject({ hours: 1.25, trackedDate: "2026-12-01", taskId });
    [a, b, reloaded].forEach((t) => t.close());
  });

  it("starting another timer stops the first and offers to save it", () => {
    const clock = { now: at("2026-12-01T10:00:00Z") };
    const { make } = tabs(clock);
    const a = make(0);
    a.start("T-first", "First");
    clock.now += 10 * 60_000;
    a.start("T-second", "Second");
    expect(a.running?.taskId).toBe("T-second");
    expect(a.drafts.map((d) => d.taskId)).toEqual(["T-first"]);
    expect(a.editingDraft?.taskId).toBe("T-first");
    a.discard(a.drafts[0]!.id);
    expect(a.drafts).toEqual([]);
    a.close();
  });

  it("shows nobody else's timer: another person in the same account (a shared browser) sees none", () => {
    const clock = { now: at("2026-12-01T10:00:00Z") };
    const { area, make } = tabs(clock);
    area.setItem(
      "wrike-pane-timer",
      JSON.stringify({
        taskId,
        title: "Theirs",
        startedAt: clock.now,
        accountId: session.account!.id,
        userId: "U-else",
      }),
    );
    const a = make(0);
    expect(a.running).toBeNull();
    expect(a.runs(taskId)).toBe(false);
    a.close();
  });

  it("stops another account's timer when one starts here, keeping it for that account", () => {
    const clock = { now: at("2026-12-01T10:00:00Z") };
    const { area, make } = tabs(clock);
    area.setItem(
      "wrike-pane-timer",
      JSON.stringify({
        taskId: "T-other",
        title: "Other",
        startedAt: clock.now,
        accountId: "OTHER",
        userId: "U-other",
      }),
    );
    const a = make(0);
    expect(a.running).toBeNull();
    clock.now += 5 * 60_000;
    a.start("T-here", "Here");
    expect(a.running?.taskId).toBe("T-here");
    expect(a.drafts).toEqual([]);
    expect(parseDrafts(area.getItem("wrike-pane-timer-unsaved"))).toEqual([
      expect.objectContaining({ taskId: "T-other", accountId: "OTHER", stoppedAt: clock.now }),
    ]);
    a.close();
  });

  it("keeps a refused entry to retry, and hides the feature when the plan has no time tracking", async () => {
    const clock = { now: at("2026-12-01T11:00:00Z") };
    const { area, make } = tabs(clock);
    const a = make(0);
    const b = make(1);
    a.start(taskId, "Field test");
    clock.now += 30 * 60_000;
    const d = a.stop()!;
    sim.configure({ timeTrackingDisabled: [session.account!.id] });
    try {
      const fields = { hours: 0.5, trackedDate: "2026-12-01", comment: "Kept" };
      expect(await a.save(d.id, fields)).toBe(false);
      const kept = parseDrafts(area.getItem("wrike-pane-timer-unsaved"));
      expect(kept).toEqual([expect.objectContaining({ id: d.id, hours: 0.5, comment: "Kept" })]);
      expect(kept[0]!.error).toMatch(/not available/);
      // Both tabs now hide the timer with one line saying why.
      expect(a.unavailable).toMatch(/Time tracking is not available/);
      expect(b.unavailable).toBe(a.unavailable);
      expect(b.start(taskId, "Field test")).toBe(false);
    } finally {
      sim.configure({ timeTrackingDisabled: [] });
    }
    a.close();
    b.close();
  });

  it("says a locked day is locked (not that time tracking is off)", async () => {
    const clock = { now: Date.now() };
    const { make } = tabs(clock);
    const a = make(0);
    // Ada's seeded entry in Acme's locked period (Engineering, 31 to 45 days ago) names a task and a day.
    const locked = (
      await api.get<{ taskId: string; trackedDate: string; lockStatus?: string }>(
        `contacts/${session.me!.id}/timelogs`,
        { fields: ["lockStatus"] },
      )
    ).data.find((t) => t.lockStatus === "Locked")!;
    a.start(locked.taskId, "Locked task");
    clock.now += 20 * 60_000;
    const d = a.stop()!;
    const ok = await a.save(d.id, { hours: 0.33, trackedDate: locked.trackedDate, comment: "late" });
    expect(ok).toBe(false);
    expect(a.drafts[0]!.error).toMatch(/locked time entries/);
    expect(a.unavailable).toBeNull();
    a.close();
  });

  it("hides itself with read-only access", () => {
    const a = new Timer({ api, session: { ...session, canWrite: false }, storage: new SafeStorage() });
    expect(a.unavailable).toMatch(/read-and-write access/);
    expect(a.start(taskId, "x")).toBe(false);
    a.close();
  });
});
