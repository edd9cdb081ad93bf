// My work's bucket plan and My tasks' "Created by me" against a real simulator: the first paint is one round of
// small bucket queries whose counts are Wrike's, the fill-in ends with exactly Wrike's open tasks, and
// authors=[me] gives exactly the tasks I created.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { WrikeApi } from "../../web/wrike/api.ts";
import { simApi } from "./sim-api.ts";
import type { Task } from "../../web/wrike/types.ts";
import { dayOf, dueBucket, todayIn, weekOf, type DueBucket } from "../../web/ui/dates.ts";
import type { MyWork as MyWorkT } from "../../web/tasks/mywork.svelte.ts";
import {
  bucketQueries,
  FILL_PAGE,
  FIRST_PAGE,
  firstRounds,
  MAX_TASKS,
  shownCount,
  type WorkData,
} from "../../web/tasks/mywork-plan.ts";
import { DEFAULT_FILTER, tasksQuery } from "../../web/tasks/filters.ts";
import { Writes } from "../../web/tasks/writes.ts";
import { startSimulator, type Simulator } from "../wrike-sim/index.ts";

let sim: Simulator;
let token: string;
let meId: string;
let api: WrikeApi;
/** Every API call the app made, in order: when it started and when its answer came. */
const calls: { url: URL; started: number; ended?: number; shown?: WorkData | null }[] = [];
let tick = 0;

const viaProxy: typeof fetch = async (input, init) => {
  const call: { url: URL; started: number; ended?: number; shown?: WorkData | null } = {
    url: new URL(String(input), "http://app.test"),
    started: ++tick,
    // What My work showed when this call went out (myWork is set once the suite has started).
    shown: myWork ? (JSON.parse(JSON.stringify(myWork.data)) as WorkData | null) : null,
  };
  calls.push(call);
  const res = await fetch(`http://${new Headers(init?.headers).get("X-Wrike-Host")}${String(input)}`, init);
  call.ended = ++tick;
  return res;
};

/** Every task matching `query`, read straight from the simulator with the permanent token, all pages. */
async function truth(query: Record<string, unknown>): Promise<Task[]> {
  const all: Task[] = [];
  let next: string | undefined;
  do {
    const p = new URLSearchParams();
    // The fields are asked for on every page (a cursor carries the filters, not the fields).
    const q = next ? { nextPageToken: next, fields: query.fields } : { ...query, pageSize: 1000 };
    for (const [k, v] of Object.entries(q))
      if (v !== undefined) p.set(k, typeof v === "object" ? JSON.stringify(v) : String(v));
    const res = await fetch(`http://${sim.hosts.us}/api/v4/tasks?${p}`, {
      headers: { Authorization: `bearer ${token}` },
    });
    const body = (await res.json()) as { data: Task[]; nextPageToken?: string };
    all.push(...body.data);
    next = body.nextPageToken;
  } while (next);
  return all;
}

const session = {
  me: null as { id: string } | null,
  account: { firstDayOfWeek: "Mon" },
  timeZone: "Europe/London",
  locale: "en",
  host: "",
  userId: "",
  onReset: () => () => {},
  onEntering: () => () => {},
};
let myWork: MyWorkT;

beforeAll(async () => {
  Object.assign(globalThis, {
    location: new URL("http://app.test/"),
    history: { state: null, pushState() {}, replaceState() {} },
    window: { addEventListener() {} },
  });
  const [{ Live }, { MyWork }] = await Promise.all([
    import("../../web/live/live.svelte.ts"),
    import("../../web/tasks/mywork.svelte.ts"),
  ]);
  // Enough tasks that several buckets need more than their first page, fewer than MAX_TASKS open.
  sim = await startSimulator({ rateLimitPerMinute: 100_000, taskCount: 2000 });
  ({ api, token, userId: meId } = simApi(sim, viaProxy));
  // Only the relay's user id is known: the profile has not loaded (the parallel start).
  Object.assign(session, { userId: meId, host: sim.hosts.us });
  const writes = new Writes({ api, me: () => meId, rootFolderId: () => undefined, onFailure: () => {} });
  const live = new Live(session as never, api, { announce: () => {} }, writes);
  myWork = new MyWork(session as never, api, live, writes);
});
afterAll(async () => {
  await sim?.close();
});

describe("My work's buckets", () => {
  it("paints from two rounds of small bucket queries (the top buckets first) with Wrike's counts, then fills in to exactly Wrike's open tasks", async () => {
    const today = todayIn(session.timeZone);
    const days = { today, weekEnd: weekOf(today, "Mon").end };
    const open = await truth({ responsibles: [meId], status: "Active" });
    const expected = new Map<DueBucket, number>();
    for (const t of open) {
      const b = dueBucket(dayOf(t.dates?.due), days.today, days.weekEnd);
      expected.set(b, (expected.get(b) ?? 0) + 1);
    }
    expect(open.length).toBeGreaterThan(5 * FIRST_PAGE);
    expect(open.length).toBeLessThan(MAX_TASKS);

    const kept: WorkData[] = [];
    myWork.useStore({ read: async () => null, write: (d) => void kept.push(structuredClone(d)) });
    calls.length = 0;
    await myWork.load();

    const plan = bucketQueries(meId, days);
    const first = calls.slice(0, plan.length);
    const fill = calls.slice(plan.length);
    // The top buckets' queries were all on their way before any answered (one round trip), and the
    // buckets below went together right after: never more than five requests with the profile's two.
    const [top, below] = firstRounds(plan);
    expect(top!.map((p) => p.bucket)).toEqual(
      ["overdue", "today", "week"].filter((b) => plan.some((p) => p.bucket === b)),
    );
    expect(below!.map((p) => p.bucket)).toEqual(["later", "none"]);
    const r1 = first.slice(0, top!.length);
    const r2 = first.slice(top!.length);
    expect(Math.max(...r1.map((c) => c.started))).toBeLessThan(Math.min(...r1.map((c) => c.ended!)));
    expect(Math.max(...r2.map((c) => c.started))).toBeLessThan(Math.min(...r2.map((c) => c.ended!)));
    expect(Math.min(...r2.map((c) => c.started))).toBeGreaterThanOrEqual(
      Math.max(...r1.map((c) => c.ended!)),
    );
    expect(r1.map((c) => c.url.searchParams.get("dueDate"))).toEqual(
      top!.map((p) => JSON.stringify(p.query.dueDate)),
    );
    expect(first.map((c) => c.url.searchParams.get("pageSize"))).toEqual(plan.map(() => String(FIRST_PAGE)));
    expect(first.every((c) => !c.url.searchParams.has("nextPageToken"))).toBe(true);
    // The fill-in pages only follow the buckets' own cursors, after the first round has answered.
    expect(fill.length).toBeGreaterThan(0);
    expect(fill.every((c) => c.url.searchParams.has("nextPageToken"))).toBe(true);
    expect(Math.min(...fill.map((c) => c.started))).toBeGreaterThan(Math.max(...first.map((c) => c.ended!)));
    // The counts shown during the fill-in are Wrike's responseSize, which match the set grouped here.
    const counts = myWork.data!.counts;
    for (const b of ["overdue", "today", "week", "later", "none"] as const) {
      expect(counts[b] ?? 0, b).toBe(expected.get(b) ?? 0);
    }
    const data = myWork.data!;
    expect(data.complete).toBe(true);
    // Every bucket answered: the total is known. While only the top buckets had, My work showed their
    // rows marked as still counting (the header hides a total that would grow).
    expect(data.counting).toBeUndefined();
    const during = r2[0]!.shown!;
    expect(during.counting).toBe(true);
    expect(Object.keys(during.counts).sort()).toEqual(top!.map((p) => p.bucket).sort());
    expect(during.tasks.length).toBeGreaterThan(0);
    // Kept after the first round (a reload during the fill-in paints at once) and once complete, each time
    // only a first page per bucket with the bucket's whole count: the next paint costs the same at any size.
    expect(kept).toHaveLength(2);
    for (const k of kept) {
      expect(k.complete).toBe(false);
      expect(k.tasks.length).toBeLessThanOrEqual(plan.length * FIRST_PAGE);
      for (const b of ["overdue", "today", "week", "later", "none"] as const)
        expect(k.counts[b] ?? 0, b).toBe(expected.get(b) ?? 0);
    }
    const ids = new Set(open.map((t) => t.id));
    expect(kept[1]!.tasks.every((t) => ids.has(t.id))).toBe(true);
    expect(data.tasks.map((t) => t.id).sort()).toEqual(open.map((t) => t.id).sort());
    // Once complete, a group counts its rows (live updates keep those right), not the stale responseSize.
    expect(shownCount({ ...data, counts: { today: 99_999 } }, "today", 3, days)).toBe(3);
    expect(shownCount({ ...data, complete: false, counts: { today: 40 } }, "today", 3, days)).toBe(40);
  });
});

describe("My work past MAX_TASKS open tasks", () => {
  it("holds MAX_TASKS of them, the soonest due of each bucket, with Wrike's counts, and says it is truncated", async () => {
    const big = await startSimulator({ rateLimitPerMinute: 100_000, taskCount: 6000 });
    try {
      const asked: URL[] = [];
      const recording: typeof fetch = (input, init) => {
        asked.push(new URL(String(input), "http://app.test"));
        return fetch(`http://${new Headers(init?.headers).get("X-Wrike-Host")}${String(input)}`, init);
      };
      const { api: bigApi, userId } = simApi(big, recording);
      const s = { ...session, userId, host: big.hosts.us };
      const [{ Live }, { MyWork }] = await Promise.all([
        import("../../web/live/live.svelte.ts"),
        import("../../web/tasks/mywork.svelte.ts"),
      ]);
      const writes = new Writes({
        api: bigApi,
        me: () => userId,
        rootFolderId: () => undefined,
        onFailure: () => {},
      });
      const work = new MyWork(
        s as never,
        bigApi,
        new Live(s as never, bigApi, { announce: () => {} }, writes),
        writes,
      );
      await work.load();

      const today = todayIn(session.timeZone);
      const days = { today, weekEnd: weekOf(today, "Mon").end };
      const open = new Map<DueBucket, Task[]>();
      let next: string | undefined;
      const token = big.users
        .find((u) => u.id === userId)!
        .accounts.find((a) => a.host === "us")!.permanentToken;
      do {
        const q = next
          ? `nextPageToken=${next}`
          : `responsibles=${encodeURIComponent(JSON.stringify([userId]))}&status=Active&sortField=DueDate&pageSize=1000`;
        const res = await fetch(`http://${big.hosts.us}/api/v4/tasks?${q}`, {
          headers: { Authorization: `bearer ${token}` },
        });
        const body = (await res.json()) as { data: Task[]; nextPageToken?: string };
        for (const t of body.data) {
          const b = dueBucket(dayOf(t.dates?.due), days.today, days.weekEnd);
          open.set(b, [...(open.get(b) ?? []), t]);
        }
        next = body.nextPageToken;
      } while (next);
      const total = [...open.values()].reduce((n, l) => n + l.length, 0);
      expect(total).toBeGreaterThan(2 * MAX_TASKS);

      const data = work.data!;
      expect(work.truncated).toBe(true);
      expect(data.complete).toBe(false);
      // Exactly the cap: the buckets filling side by side shared it, none overshot it.
      expect(data.tasks).toHaveLength(MAX_TASKS);
      // Each bucket holds a prefix of its own tasks in Wrike's order (soonest due first), nothing else.
      for (const [b, list] of open) {
        const held = new Set(data.tasks.map((t) => t.id));
        const ids = list.map((t) => t.id);
        const n = ids.filter((id) => held.has(id)).length;
        expect(n, b).toBeGreaterThanOrEqual(Math.min(FIRST_PAGE, ids.length));
        expect(
          ids.slice(0, n).every((id) => held.has(id)),
          b,
        ).toBe(true);
        // The counts are Wrike's, not the rows held.
        expect(data.counts[b] ?? 0, b).toBe(list.length);
      }
      // No page asked for more than was left of the cap, and none beyond Wrike's largest.
      const fills = asked.filter((u) => u.searchParams.has("nextPageToken"));
      const sizes = fills.map((u) => Number(u.searchParams.get("pageSize")));
      expect(sizes.every((n) => n >= 1 && n <= FILL_PAGE)).toBe(true);
      expect(sizes.reduce((a, b) => a + b, 0)).toBeLessThanOrEqual(MAX_TASKS);
    } finally {
      await big.close();
    }
  });
});

describe("Created by me", () => {
  it("asks Wrike for authors=[me] and gets exactly the tasks I created, whoever they are assigned to", async () => {
    const everything = await truth({ fields: ["authorIds", "responsibleIds"] });
    const mine = everything.filter((t) => t.authorIds?.includes(meId) && t.status === "Active");
    const notAssigned = mine.filter((t) => !t.responsibleIds?.includes(meId));
    expect(mine.length).toBeGreaterThan(0);
    const today = todayIn("UTC");
    const q = tasksQuery(
      { ...DEFAULT_FILTER, who: "created" },
      { meId, today, week: weekOf(today, "Mon"), host: sim.hosts.us, pageSize: 1000 },
    );
    expect(q.authors).toEqual([meId]);
    expect(q.responsibles).toBeUndefined();
    const got: Task[] = [];
    let res = await api.get<Task>("tasks", q);
    got.push(...res.data);
    while (res.nextPageToken) {
      res = await api.get<Task>("tasks", { nextPageToken: res.nextPageToken });
      got.push(...res.data);
    }
    expect(got.map((t) => t.id).sort()).toEqual(mine.map((t) => t.id).sort());
    // The point of the view: it holds tasks My tasks' usual "assigned to me" never shows.
    expect(notAssigned.length === 0 || got.some((t) => notAssigned.some((n) => n.id === t.id))).toBe(true);
  });
});
