// Live updates: the poll's queries, what counts as a change, merging changes into sorted and paged lists,
// client-side filter matching, and the polling loop (visible only, no overlap, back-off).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import {
  EPOCH_STAMP,
  announcement,
  baselineQuery,
  changesOf,
  idsAt,
  mergeSorted,
  newestById,
  newestStamp,
  pollQuery,
  type MergeRules,
} from "../../web/live/live.ts";
import { Poller } from "../../web/live/poller.ts";
import { toSearchParams, type Param } from "../../web/wrike/query.ts";
import { compareTasks, DEFAULT_FILTER, matchesFilter, type TaskFilter } from "../../web/tasks/filters.ts";
import type { Task } from "../../web/wrike/types.ts";
import { startSimulator, type Simulator } from "../wrike-sim/index.ts";

function task(id: string, p: Partial<Task> & { due?: string } = {}): Task {
  const { due, ...rest } = p;
  return {
    id,
    title: `Task ${id}`,
    status: "Active",
    importance: "Normal",
    createdDate: "2026-03-01T08:00:00Z",
    updatedDate: "2026-03-01T08:00:00Z",
    priority: `p-${id}`,
    dates: due ? { type: "Milestone", due: `${due}T17:00:00` } : { type: "Backlog" },
    ...rest,
  };
}

const ids = (list: readonly Task[]) => list.map((t) => t.id);

describe("queries", () => {
  it("asks for my tasks updated since the watermark, in Wrike's JSON parameter style", () => {
    const q = toSearchParams(pollQuery("KUAAAAAA", "2026-03-04T10:20:30Z", 200));
    expect(q.get("responsibles")).toBe('["KUAAAAAA"]');
    expect(q.get("updatedDate")).toBe('{"start":"2026-03-04T10:20:30Z"}');
    expect(q.get("pageSize")).toBe("200");
    // The model the lists load (the default plus parentIds, for the row's folder), and no status filter
    // (a completed task must be seen to leave Active lists).
    expect(q.get("fields")).toBe('["parentIds"]');
    expect(q.has("status")).toBe(false);
  });
  it("moves the watermark to the newest stamp, never back", () => {
    const since = "2026-03-04T10:00:00Z";
    expect(newestStamp([], since)).toBe(since);
    expect(
      newestStamp(
        [
          task("A", { updatedDate: "2026-03-04T10:00:05Z" }),
          task("B", { updatedDate: "2026-03-04T09:00:00Z" }),
        ],
        since,
      ),
    ).toBe("2026-03-04T10:00:05Z");
  });
  it("keeps the newest copy of a task seen twice", () => {
    const old = task("A", { title: "old", updatedDate: "2026-03-04T10:00:00Z" });
    const recent = task("A", { title: "new", updatedDate: "2026-03-04T10:00:09Z" });
    expect(newestById([recent, old]).map((t) => t.title)).toEqual(["new"]);
    expect(newestById([old, recent]).map((t) => t.title)).toEqual(["new"]);
  });
});

describe("the queries, as the simulator answers them over HTTP", () => {
  let sim: Simulator;
  let me: string;
  let token: string;

  /** GET /tasks with the app's query on Ada's data centre. */
  async function tasks(query: Record<string, Param>): Promise<Task[]> {
    const res = await fetch(`http://${sim.hosts.us}/api/v4/tasks?${toSearchParams(query)}`, {
      headers: { authorization: `bearer ${token}` },
    });
    expect(res.status).toBe(200);
    return ((await res.json()) as { data: Task[] }).data;
  }

  beforeAll(async () => {
    sim = await startSimulator({ taskCount: 60 });
    const ada = sim.users.find((u) => u.email === "ada@acme.test")!;
    me = ada.id;
    token = ada.accounts.find((a) => a.host === "us")!.permanentToken;
  });
  afterAll(() => sim.close());

  it("takes the first watermark from the task of mine Wrike updated last", async () => {
    const mine = await tasks({ responsibles: [me], pageSize: 1000 });
    expect(mine.length).toBeGreaterThan(1);
    const baseline = await tasks(baselineQuery(me));
    expect(baseline).toHaveLength(1);
    expect(baseline[0]!.updatedDate).toBe(newestStamp(mine, EPOCH_STAMP));
  });

  it("with no task yet, starts at a watermark before anything: every task of mine is seen", async () => {
    const mine = await tasks({ responsibles: [me], pageSize: 1000 });
    const polled = await tasks(pollQuery(me, EPOCH_STAMP, 1000));
    expect(ids(polled).sort()).toEqual(ids(mine).sort());
    // None held, none seen in the watermark's second: each is a change.
    expect(changesOf(polled, EPOCH_STAMP, () => undefined, new Set())).toHaveLength(mine.length);
  });

  it("polls from the watermark: a task edited since comes back and counts as updated", async () => {
    const first = await tasks(baselineQuery(me));
    const since = newestStamp(first, EPOCH_STAMP);
    const before = await tasks(pollQuery(me, since, 200));
    const seen = idsAt(before, since);
    // Only the watermark's own second comes back, and the previous sync saw all of it: no change.
    expect(changesOf(before, since, () => undefined, seen)).toEqual([]);
    const mine = await tasks({ responsibles: [me], pageSize: 1000 });
    const edited = mine.find((t) => !seen.has(t.id))!;
    await new Promise((r) => setTimeout(r, 1000)); // Wrike's stamps have whole seconds
    const put = await fetch(`http://${sim.hosts.us}/api/v4/tasks/${edited.id}`, {
      method: "PUT",
      headers: { authorization: `bearer ${token}`, "content-type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ title: "Edited by someone else" }),
    });
    expect(put.status).toBe(200);
    const after = await tasks(pollQuery(me, since, 200));
    const changes = changesOf(after, since, (id) => mine.find((t) => t.id === id)?.updatedDate, seen);
    expect(changes.map((c) => [c.task.id, c.task.title, c.mark])).toEqual([
      [edited.id, "Edited by someone else", "updated"],
    ]);
  });
});

describe("what counts as a change", () => {
  const since = "2026-03-04T10:00:00Z";
  const known = new Map<string, string>([
    ["HELD", "2026-03-01T08:00:00Z"],
    ["MINE", "2026-03-04T10:00:07Z"],
  ]);
  const lookup = (id: string) => known.get(id);

  const none = new Set<string>();

  it("marks a held task updated after the watermark as updated", () => {
    const c = changesOf([task("HELD", { updatedDate: "2026-03-04T10:00:03Z" })], since, lookup, none);
    expect(c.map((x) => [x.task.id, x.mark])).toEqual([["HELD", "updated"]]);
  });
  it("marks a task created after the watermark that the app never held as new", () => {
    const t = task("FRESH", { createdDate: "2026-03-04T10:00:02Z", updatedDate: "2026-03-04T10:00:02Z" });
    expect(changesOf([t], since, lookup, none).map((x) => x.mark)).toEqual(["new"]);
  });
  it("marks an older task that newly reached me (assigned, reopened) as updated", () => {
    const t = task("OTHER", { createdDate: "2025-12-01T00:00:00Z", updatedDate: "2026-03-04T10:00:02Z" });
    expect(changesOf([t], since, lookup, none).map((x) => x.mark)).toEqual(["updated"]);
  });
  it("ignores what the previous sync saw in the watermark's second, not what changed after it there", () => {
    const seen = task("SEEN", { updatedDate: since });
    const late = task("HELD", { updatedDate: since }); // changed in the same second, after that sync
    expect(changesOf([seen, late], since, lookup, new Set(["SEEN"])).map((c) => c.task.id)).toEqual(["HELD"]);
    // Right after the first sync that second's tasks are not all known: it counts as seen.
    expect(changesOf([seen, late], since, lookup, null)).toEqual([]);
    // Older than the watermark: no change whatever the app holds.
    expect(
      changesOf([task("Y", { updatedDate: "2026-03-04T09:59:59Z" })], since, () => undefined, none),
    ).toEqual([]);
  });
  it("knows the watermark second's tasks from a poll, which returns all of them", () => {
    const list = [task("A", { updatedDate: since }), task("B", { updatedDate: "2026-03-04T09:00:00Z" })];
    expect([...idsAt(list, since)]).toEqual(["A"]);
  });
  it("ignores the user's own edit, whose answer the app already holds", () => {
    expect(changesOf([task("MINE", { updatedDate: "2026-03-04T10:00:07Z" })], since, lookup, none)).toEqual(
      [],
    );
    // ...but not a later change by someone else.
    expect(
      changesOf([task("MINE", { updatedDate: "2026-03-04T10:00:09Z" })], since, lookup, none),
    ).toHaveLength(1);
  });
  it("announces how many, and how many are new", () => {
    const u = { task: task("A"), mark: "updated" as const };
    const n = { task: task("B"), mark: "new" as const };
    expect(announcement([])).toBe("");
    expect(announcement([u])).toBe("1 task updated");
    expect(announcement([u, u, u])).toBe("3 tasks updated");
    expect(announcement([u, n, u])).toBe("3 tasks updated, 1 new");
    expect(announcement([n])).toBe("1 new task");
    expect(announcement([n, n])).toBe("2 new tasks");
  });
});

describe("merging into a sorted list", () => {
  const byDue = compareTasks("due");
  const active: MergeRules = {
    matches: (t) => t.status === "Active",
    compare: byDue,
    complete: true,
    isNew: () => false,
  };
  const list = [
    task("A", { due: "2026-03-02" }),
    task("B", { due: "2026-03-05" }),
    task("C", { due: "2026-03-09" }),
    task("D"), // no date: last
  ];
  const later = "2026-03-04T10:00:05Z";

  it("replaces a changed row in place when its sort key is the same", () => {
    const r = mergeSorted(
      list,
      [task("B", { due: "2026-03-05", title: "Renamed", updatedDate: later })],
      active,
    );
    expect(ids(r.items)).toEqual(["A", "B", "C", "D"]);
    expect(r.items[1]!.title).toBe("Renamed");
    expect(r.delta).toBe(0);
    expect(r.changed).toBe(true);
  });
  it("moves a row whose due day changed to where the order puts it", () => {
    const r = mergeSorted(list, [task("A", { due: "2026-03-07", updatedDate: later })], active);
    expect(ids(r.items)).toEqual(["B", "A", "C", "D"]);
  });
  it("takes out a row that no longer matches, and counts it", () => {
    const r = mergeSorted(
      list,
      [task("C", { due: "2026-03-09", status: "Completed", updatedDate: later })],
      active,
    );
    expect(ids(r.items)).toEqual(["A", "B", "D"]);
    expect(r.delta).toBe(-1);
  });
  it("puts a new task where the order puts it, and counts it", () => {
    const r = mergeSorted(list, [task("N", { due: "2026-03-06", updatedDate: later })], active);
    expect(ids(r.items)).toEqual(["A", "B", "N", "C", "D"]);
    expect(r.delta).toBe(1);
  });
  it("leaves out a change that does not match and was not shown", () => {
    const r = mergeSorted(list, [task("Z", { status: "Cancelled", updatedDate: later })], active);
    expect(r.changed).toBe(false);
    expect(r.items).toBe(list);
  });
  it("keeps the newer copy the list already holds", () => {
    const held = [task("A", { due: "2026-03-02", title: "Mine", updatedDate: "2026-03-04T10:00:09Z" })];
    const r = mergeSorted(
      held,
      [task("A", { due: "2026-03-02", title: "Older", updatedDate: later })],
      active,
    );
    expect(r.changed).toBe(false);
    expect(r.items[0]!.title).toBe("Mine");
  });
  it("keeps an incomplete list a correct prefix: nothing is placed past the last loaded row", () => {
    const paged = { ...active, complete: false };
    const prefix = list.slice(0, 3); // A, B, C loaded; more pages follow
    // A new task due after C belongs to a page not loaded yet: left out, but it is new, so it counts.
    const r1 = mergeSorted(prefix, [task("N", { due: "2026-03-20", updatedDate: later })], {
      ...paged,
      isNew: () => true,
    });
    expect(ids(r1.items)).toEqual(["A", "B", "C"]);
    expect(r1.delta).toBe(1);
    // A row that moves past the end leaves the loaded rows, but not the result: the total stays.
    const r2 = mergeSorted(prefix, [task("A", { due: "2026-03-20", updatedDate: later })], paged);
    expect(ids(r2.items)).toEqual(["B", "C"]);
    expect(r2.delta).toBe(0);
    // An existing task (not new) that now sorts inside the prefix joins; its count is unknown, so kept.
    const r3 = mergeSorted(prefix, [task("E", { due: "2026-03-03", updatedDate: later })], paged);
    expect(ids(r3.items)).toEqual(["A", "E", "B", "C"]);
    expect(r3.delta).toBe(0);
  });
  it("sorts most recently updated first: a changed task goes to the top", () => {
    const rules = { ...active, compare: compareTasks("updated") };
    const byUpdated = [
      task("A", { updatedDate: "2026-03-03T00:00:00Z" }),
      task("B", { updatedDate: "2026-03-02T00:00:00Z" }),
      task("C", { updatedDate: "2026-03-01T00:00:00Z" }),
    ];
    const r = mergeSorted(
      byUpdated,
      [task("C", { updatedDate: later }), task("N", { updatedDate: later })],
      rules,
    );
    expect(ids(r.items).slice(0, 2).sort()).toEqual(["C", "N"]);
    expect(ids(r.items).slice(2)).toEqual(["A", "B"]);
  });
  it("sorts by importance, High first", () => {
    const cmp = compareTasks("importance");
    const sorted = [task("L", { importance: "Low" }), task("H", { importance: "High" }), task("N")].sort(cmp);
    expect(ids(sorted)).toEqual(["H", "N", "L"]);
  });
});

describe("matching a filter without asking Wrike", () => {
  const ctx = { today: "2026-03-04", week: { start: "2026-03-02", end: "2026-03-08" } };
  const f = (p: Partial<TaskFilter>): TaskFilter => ({ ...DEFAULT_FILTER, ...p });

  it("status and importance", () => {
    expect(matchesFilter(task("A"), f({}), ctx)).toBe(true);
    expect(matchesFilter(task("A", { status: "Completed" }), f({}), ctx)).toBe(false);
    expect(matchesFilter(task("A", { status: "Completed" }), f({ status: "Completed" }), ctx)).toBe(true);
    expect(matchesFilter(task("A", { importance: "High" }), f({ importance: "Low" }), ctx)).toBe(false);
  });
  it("due: overdue, today, this week, no date", () => {
    expect(matchesFilter(task("A", { due: "2026-03-03" }), f({ due: "overdue" }), ctx)).toBe(true);
    expect(matchesFilter(task("A", { due: "2026-03-04" }), f({ due: "overdue" }), ctx)).toBe(false);
    expect(matchesFilter(task("A"), f({ due: "overdue" }), ctx)).toBe(false);
    expect(matchesFilter(task("A", { due: "2026-03-04" }), f({ due: "today" }), ctx)).toBe(true);
    expect(matchesFilter(task("A", { due: "2026-03-08" }), f({ due: "week" }), ctx)).toBe(true);
    expect(matchesFilter(task("A", { due: "2026-03-09" }), f({ due: "week" }), ctx)).toBe(false);
    expect(matchesFilter(task("A"), f({ due: "none" }), ctx)).toBe(true);
    expect(matchesFilter(task("A", { due: "2026-03-09" }), f({ due: "none" }), ctx)).toBe(false);
  });
  it("search by title (contains, any case), permalink number, or id", () => {
    const t = task("IEAAAAAAKQAAAAAB", {
      title: "Ship the Launch plan",
      permalink: "https://x/open.htm?id=42",
    });
    expect(matchesFilter(t, f({ q: "launch" }), ctx)).toBe(true);
    expect(matchesFilter(t, f({ q: "lunch" }), ctx)).toBe(false);
    expect(matchesFilter(t, f({ q: "42" }), ctx)).toBe(true);
    expect(matchesFilter(t, f({ q: "43" }), ctx)).toBe(false);
    // An id search shows the task whatever its status (GET /tasks/{id}).
    expect(matchesFilter({ ...t, status: "Completed" }, f({ q: "IEAAAAAAKQAAAAAB" }), ctx)).toBe(true);
  });
});

/** A hand-driven clock for the poller: timers fire only when the test says. */
function manualTimers() {
  let now = 0;
  const timers = new Map<number, { at: number; fn: () => void }>();
  let seq = 0;
  return {
    setTimer: (fn: () => void, ms: number) => {
      timers.set(++seq, { at: now + ms, fn });
      return seq;
    },
    clearTimer: (id: unknown) => void timers.delete(id as number),
    /** Moves time on, firing due timers. */
    advance(ms: number) {
      now += ms;
      for (const [id, t] of [...timers].sort((a, b) => a[1].at - b[1].at)) {
        if (t.at <= now) {
          timers.delete(id);
          t.fn();
        }
      }
    },
    pending: () => [...timers.values()].map((t) => t.at - now),
  };
}

const settle = () => new Promise((r) => setTimeout(r, 0));

describe("the polling loop", () => {
  function setup(run?: (signal: AbortSignal) => Promise<void>) {
    const clock = manualTimers();
    let visible = true;
    const calls: AbortSignal[] = [];
    let release: (() => void) | null = null;
    const poller = new Poller({
      interval: 30_000,
      visible: () => visible,
      setTimer: clock.setTimer,
      clearTimer: clock.clearTimer,
      run:
        run ??
        ((signal) => {
          calls.push(signal);
          return new Promise<void>((resolve, reject) => {
            release = resolve;
            signal.addEventListener("abort", () => reject(signal.reason));
          });
        }),
    });
    return {
      poller,
      clock,
      calls,
      finish: async () => {
        release?.();
        release = null;
        await settle();
      },
      hide: () => {
        visible = false;
        poller.visibilityChanged();
      },
      show: () => {
        visible = true;
        poller.visibilityChanged();
      },
    };
  }

  it("polls at once, then every interval after the previous poll ends", async () => {
    const s = setup();
    s.poller.start();
    expect(s.calls).toHaveLength(1);
    s.clock.advance(60_000); // still running: no timer, no second poll
    expect(s.calls).toHaveLength(1);
    await s.finish();
    expect(s.clock.pending()).toEqual([30_000]);
    s.clock.advance(29_999);
    expect(s.calls).toHaveLength(1);
    s.clock.advance(1);
    expect(s.calls).toHaveLength(2);
  });

  it("never runs two polls at once", async () => {
    const s = setup();
    s.poller.start();
    s.poller.now();
    s.poller.now();
    expect(s.calls).toHaveLength(1);
    await s.finish();
    s.poller.now();
    expect(s.calls).toHaveLength(2);
  });

  it("stops while hidden (the poll in flight is aborted) and polls at once when visible again", async () => {
    const s = setup();
    s.poller.start();
    s.hide();
    expect(s.calls[0]!.aborted).toBe(true);
    await settle();
    s.clock.advance(10 * 60_000);
    expect(s.calls).toHaveLength(1);
    expect(s.clock.pending()).toEqual([]);
    s.show();
    expect(s.calls).toHaveLength(2);
    expect(s.calls[1]!.aborted).toBe(false);
  });

  it("does not start while hidden; starts when shown", () => {
    const s = setup();
    s.hide();
    s.poller.start();
    expect(s.calls).toHaveLength(0);
    s.show();
    expect(s.calls).toHaveLength(1);
  });

  it("shown again while an aborted poll winds down: one fresh poll follows, not two at once", async () => {
    let running = 0;
    let most = 0;
    const signals: AbortSignal[] = [];
    const s = setup(async (signal) => {
      signals.push(signal);
      running++;
      most = Math.max(most, running);
      // Winds down a little after the abort, as a fetch does.
      await new Promise<void>((resolve) => signal.addEventListener("abort", () => setTimeout(resolve, 5)));
      running--;
    });
    s.poller.start();
    s.hide();
    s.show();
    expect(signals).toHaveLength(1);
    await new Promise((r) => setTimeout(r, 20));
    expect(signals).toHaveLength(2);
    expect(signals[1]!.aborted).toBe(false);
    expect(most).toBe(1);
    s.poller.stop();
  });

  it("waits longer after each failure, and back to the interval after a success", async () => {
    let fail = true;
    const s = setup(async () => {
      if (fail) throw new Error("Wrike refused");
    });
    s.poller.start();
    await settle();
    expect(s.clock.pending()).toEqual([60_000]);
    s.clock.advance(60_000);
    await settle();
    expect(s.clock.pending()).toEqual([120_000]);
    fail = false;
    s.clock.advance(120_000);
    await settle();
    expect(s.clock.pending()).toEqual([30_000]);
  });

  it("stop() ends it: no timer, the poll in flight aborted, nothing on visibility changes", async () => {
    const s = setup();
    s.poller.start();
    s.poller.stop();
    expect(s.calls[0]!.aborted).toBe(true);
    await settle();
    expect(s.clock.pending()).toEqual([]);
    s.show();
    expect(s.calls).toHaveLength(1);
  });
});
