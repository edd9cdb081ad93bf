// The writes module, the live feed and the list stores against a real simulator: comments, status changes
// (a reopen among them), new tasks and live polls interleaved under injected latency and faults. At the end
// every write either reached Wrike or was rolled back, and My work, My tasks (Active and Completed) and
// the simulator agree: the same tasks, statuses, totals and comments.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { WrikeApi } from "../../web/wrike/api.ts";
import { simApi } from "./sim-api.ts";
import type { Comment, Task, Workflow } from "../../web/wrike/types.ts";
import type { Live as LiveT } from "../../web/live/live.svelte.ts";
import type { MyWork as MyWorkT } from "../../web/tasks/mywork.svelte.ts";
import type { TaskList as TaskListT } from "../../web/tasks/tasklist.svelte.ts";
import { DEFAULT_FILTER, type TaskFilter } from "../../web/tasks/filters.ts";
import { Writes, type WriteResult } from "../../web/tasks/writes.ts";
import { startSimulator, type Simulator } from "../wrike-sim/index.ts";

let sim: Simulator;
let token: string;
let api: WrikeApi;

async function control(path: string, body?: unknown, method = "POST"): Promise<void> {
  const res = await fetch(`${sim.loginOrigin}/__sim/${path}`, {
    method,
    headers: { "Content-Type": "application/json" },
    body: body === undefined ? undefined : JSON.stringify(body),
  });
  if (!res.ok) throw new Error(`${path}: ${res.status} ${await res.text()}`);
}

/** Wrike read directly with the permanent token (not through the app): the truth to compare with. */
async function truth<T>(
  path: string,
  query: Record<string, unknown> = {},
): Promise<{ data: T[]; responseSize?: number }> {
  const p = new URLSearchParams();
  for (const [k, v] of Object.entries(query)) p.set(k, typeof v === "object" ? JSON.stringify(v) : String(v));
  const res = await fetch(`http://${sim.hosts.us}/api/v4/${path}?${p}`, {
    headers: { Authorization: `bearer ${token}` },
  });
  if (!res.ok) throw new Error(`GET ${path}: ${res.status}`);
  return res.json() as Promise<{ data: T[]; responseSize?: number }>;
}

const sleep = (ms: number) => new Promise((r) => setTimeout(r, ms));
async function until(ok: () => boolean, what: string): Promise<void> {
  for (let i = 0; i < 400 && !ok(); i++) await sleep(25);
  if (!ok()) throw new Error(`timed out waiting for ${what}`);
}

let live: LiveT;
let myWork: MyWorkT;
let taskList: TaskListT;
let writes: Writes;
let meId: string;
const failures: string[] = [];

beforeAll(async () => {
  // The app's router reads the page's address at import; this test has no page, only the stores.
  Object.assign(globalThis, {
    location: new URL("http://app.test/tasks"),
    history: { state: null, pushState() {}, replaceState() {} },
    window: { addEventListener() {} },
  });
  const [{ Live }, { MyWork }, { TaskList }] = await Promise.all([
    import("../../web/live/live.svelte.ts"),
    import("../../web/tasks/mywork.svelte.ts"),
    import("../../web/tasks/tasklist.svelte.ts"),
  ]);
  sim = await startSimulator({ rateLimitPerMinute: 100_000 });
  // No retries: every injected fault reaches whoever sent the request (a write or a poll).
  ({ api, token, userId: meId } = simApi(sim));
  const account = (await api.get<{ id: string; rootFolderId: string; firstDayOfWeek?: string }>("account"))
    .data[0]!;
  const me = (await api.get<{ id: string }>("contacts", { me: true })).data[0]!;
  const session = {
    me,
    account,
    timeZone: "UTC",
    locale: "en",
    host: sim.hosts.us,
    onReset: () => () => {},
    userId: me.id,
    onEntering: () => () => {},
  };
  writes = new Writes({
    api,
    me: () => me.id,
    rootFolderId: () => account.rootFolderId,
    onFailure: (m) => failures.push(m),
  });
  live = new Live(session as never, api, { announce: () => {} }, writes);
  myWork = new MyWork(session as never, api, live, writes);
  taskList = new TaskList(session as never, api, live, writes);
});
afterAll(async () => {
  live?.stop();
  await sim?.close();
});

const ACTIVE: TaskFilter = { ...DEFAULT_FILTER };
const COMPLETED: TaskFilter = { ...DEFAULT_FILTER, status: "Completed" };

async function pollOnce(): Promise<void> {
  await until(() => !live.polling, "the previous poll");
  live.poll();
  await until(() => !live.polling, "the poll");
}

it("interleaved writes and polls under latency and faults end with the screen and Wrike in agreement", async () => {
  await myWork.load();
  await taskList.show(COMPLETED);
  await taskList.show(ACTIVE);
  live.start();
  await until(() => !live.polling, "the first sync");

  const workflows = (await api.get<Workflow>("workflows")).data;
  const statuses = (t: Task) =>
    workflows
      .find((w) => w.customStatuses.some((s) => s.id === t.customStatusId))!
      .customStatuses.filter((s) => !s.hidden);
  const active = myWork.tasks!.filter((t) => !t.title.includes("<")).slice(0, 3);
  expect(active).toHaveLength(3);
  const [a, b, c] = active as [Task, Task, Task];
  const completedList = taskList.items;
  await taskList.show(COMPLETED);
  const reopen = taskList.items[0]!;
  expect(reopen.status).toBe("Completed");
  await taskList.show(ACTIVE);
  expect(completedList).not.toContain(reopen);
  const otherActive = (t: Task) =>
    statuses(t).find((s) => s.group === "Active" && s.id !== t.customStatusId)!;
  const completed = (t: Task) => statuses(t).find((s) => s.group === "Completed")!;

  await control("faults", { target: "api", latencyMs: 120 });
  const results: Promise<WriteResult<unknown>>[] = [];
  const comments: { task: string; text: string; result: Promise<WriteResult<Comment>> }[] = [];
  const creates: { title: string; result: Promise<WriteResult<Task>> }[] = [];
  const comment = (t: Task, text: string) => {
    const result = writes.comment(t, text);
    comments.push({ task: t.id, text, result });
    results.push(result);
  };
  const create = (title: string, due?: string) => {
    const result = writes.create(title, due);
    creates.push({ title, result });
    results.push(result);
  };
  // Status changes are made on the copy on screen (as the panel does): the latest one My work shows.
  const shown = (t: Task) => myWork.tasks!.find((x) => x.id === t.id) ?? t;

  comment(a, "first note");
  results.push(writes.setStatus(shown(a), otherActive(a))); // right after a comment: must still reach Wrike
  live.poll();
  results.push(writes.setStatus(reopen, otherActive(reopen))); // Done -> active: back to My work
  create("Interleaved alpha", "2030-02-01");
  await sleep(60);
  await control("faults", { target: "api", status: 500, count: 3 });
  comment(b, "second note");
  results.push(writes.setStatus(shown(b), completed(b)));
  create("Interleaved bravo");
  live.poll();
  await sleep(150);
  await control("faults", { target: "api", latencyMs: 80 });
  results.push(writes.setStatus(shown(c), completed(c)));
  comment(a, "third note");
  results.push(writes.setStatus(shown(a), completed(a)));
  create("Interleaved charlie", "2030-03-01");
  live.poll();

  const settled = await Promise.all(results);
  await writes.settled();
  await control("faults", undefined, "DELETE");
  // Every write ended one way or the other; each refusal said what was not done and why.
  for (const r of settled)
    if (!r.ok)
      expect(r.message).toMatch(
        /^The (status was not changed|comment was not posted|task was not created): ./,
      );
  expect(failures).toHaveLength(settled.filter((r) => !r.ok).length);
  // The 500s came while two writes were being sent at once: both were refused and rolled back.
  expect(failures.length).toBeGreaterThanOrEqual(2);
  await pollOnce();
  await pollOnce();

  // Statuses: what My work and both My tasks lists show is what Wrike has.
  for (const t of [a, b, c, reopen]) {
    const wrike = (await truth<Task>(`tasks/${t.id}`)).data[0]!;
    const inWork = myWork.tasks!.find((x) => x.id === t.id);
    expect(Boolean(inWork), `${t.id} in My work`).toBe(wrike.status === "Active");
    if (inWork) expect(inWork.customStatusId).toBe(wrike.customStatusId);
    for (const f of [ACTIVE, COMPLETED]) {
      await taskList.show(f);
      const row = taskList.items.find((x) => x.id === t.id);
      if (row) {
        expect(row.status, `${t.id} under ${f.status}`).toBe(f.status);
        expect(row.customStatusId).toBe(wrike.customStatusId);
      } else if (wrike.status === f.status) {
        // Not loaded past the first page: then Wrike's first page does not hold it either.
        const page = await truth<Task>("tasks", {
          responsibles: [meId],
          status: f.status,
          sortField: "DueDate",
          pageSize: taskList.items.length,
        });
        expect(page.data.map((x) => x.id)).not.toContain(t.id);
      }
    }
  }
  // Totals: My work holds every Active task of mine; each list's count is Wrike's.
  const activeInWrike = await truth<Task>("tasks", {
    responsibles: [meId],
    status: "Active",
    pageSize: 1000,
  });
  expect(myWork.tasks!.map((t) => t.id).sort()).toEqual(activeInWrike.data.map((t) => t.id).sort());
  for (const f of [ACTIVE, COMPLETED]) {
    await taskList.show(f);
    const wrike = await truth<Task>("tasks", { responsibles: [meId], status: f.status, pageSize: 1 });
    expect(taskList.total, `${f.status} total`).toBe(wrike.responseSize);
  }
  // New tasks: in Wrike exactly when the write said so, and no placeholder left behind.
  for (const { title, result } of creates) {
    const r = await result;
    const found = (await truth<Task>("tasks", { title })).data.filter((t) => t.title === title);
    expect(found, title).toHaveLength(r.ok ? 1 : 0);
    expect(Boolean(myWork.tasks!.find((t) => t.title === title))).toBe(r.ok);
  }
  expect(myWork.tasks!.some((t) => t.id.startsWith("pending-"))).toBe(false);
  // Comments: in Wrike exactly when the write said so.
  for (const { task, text, result } of comments) {
    const r = await result;
    const thread = (await truth<Comment>(`tasks/${task}/comments`)).data;
    expect(
      thread.filter((x) => x.text === text),
      text,
    ).toHaveLength(r.ok ? 1 : 0);
  }
  // Most writes still got through.
  expect(settled.filter((r) => r.ok).length).toBeGreaterThan(settled.length / 2);
}, 60_000);
