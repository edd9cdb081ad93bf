// The task panel's extra sections against the simulator: parent and subtasks in one call, attachments and
// timelogs beside them, field titles once per session; a section that fails shows its own error while the
// others answer, and a retry mends it; answers are cached per task, failures are not.
import { afterAll, beforeAll, beforeEach, expect, it } from "vitest";
import { WrikeApi } from "../../web/wrike/api.ts";
import { TaskExtras } from "../../web/tasks/panel/extras.svelte.ts";
import type { Task } from "../../web/wrike/types.ts";
import { simControl, startSimulator, type SimControl, type Simulator } from "../wrike-sim/index.ts";

let sim: Simulator;
let control: SimControl;
let token: string;
const calls: string[] = [];

const viaProxy: typeof fetch = async (input, init) => {
  calls.push(
    decodeURIComponent(
      String(input)
        .replace(/^\/api\/v4\//, "")
        .split("?")[0] ?? "",
    ),
  );
  return fetch(`http://${new Headers(init?.headers).get("X-Wrike-Host")}${String(input)}`, init);
};

function api(): WrikeApi {
  return new WrikeApi({
    tokens: {
      current: async () => ({ token, host: sim.hosts.us }),
      renew: async () => {
        throw new Error("no renewal");
      },
      invalid: () => {},
    },
    fetch: viaProxy,
    online: () => true,
    sleep: async () => {},
  });
}

/** Waits for the microtasks and loopback calls a load starts. */
async function settled(extras: TaskExtras): Promise<void> {
  for (let i = 0; i < 200; i++) {
    const states = [extras.related.state, extras.attachments.state, extras.time.state];
    if (!states.includes("loading")) return;
    await new Promise((r) => setTimeout(r, 10));
  }
  throw new Error("sections never settled");
}

async function fieldTask(): Promise<Task> {
  const res = await fetch(
    `http://${sim.hosts.us}/api/v4/tasks?title=${encodeURIComponent("Plan vision system field test")}`,
    { headers: { Authorization: `bearer ${token}` } },
  );
  const id = ((await res.json()) as { data: { id: string }[] }).data[0]!.id;
  return (await api().get<Task>(`tasks/${id}`, { fields: ["attachmentCount"] })).data[0]!;
}

beforeAll(async () => {
  sim = await startSimulator({ rateLimitPerMinute: 100_000 });
  control = simControl(sim.loginOrigin);
  const ada = sim.users.find((u) => u.email === "ada@acme.test")!;
  token = ada.accounts.find((a) => a.host === "us")!.permanentToken;
});
afterAll(async () => {
  await sim.close();
});
beforeEach(async () => {
  await control.clearFaults();
  calls.length = 0;
});

it("loads every section in one call each, the subtasks together, and keeps the answers per task", async () => {
  const task = await fieldTask();
  calls.length = 0;
  const extras = new TaskExtras(api());
  extras.show(task.id);
  extras.loadById(task.id);
  extras.taskLoaded(task);
  await settled(extras);
  await extras.loadFields();
  expect(extras.related.state === "ready" && extras.related.value.subtasks.map((t) => t.id)).toEqual(
    task.subTaskIds,
  );
  expect(extras.attachments.state === "ready" && extras.attachments.value.length).toBe(task.attachmentCount);
  expect(extras.time.state === "ready" && extras.time.value.length).toBeGreaterThan(0);
  expect(extras.fields.state === "ready" && extras.fields.value.size).toBeGreaterThan(5);
  expect(calls.sort()).toEqual(
    [
      `tasks/${task.id}/attachments`,
      `tasks/${task.id}/timelogs`,
      `tasks/${task.subTaskIds!.join(",")}`,
      "customfields",
    ].sort(),
  );

  // Another task and back: the first one's sections come from the cache, the field titles are not asked again.
  extras.show("IEACW7SMKQAAAAAA");
  extras.show(task.id);
  calls.length = 0;
  extras.fill(task);
  await extras.loadFields();
  expect(extras.attachments.state).toBe("ready");
  expect(calls).toEqual([]);
});

it("a failing section shows its own error while the others answer; a retry mends it", async () => {
  const task = await fieldTask();
  const extras = new TaskExtras(api());
  extras.show(task.id);
  // Only the attachments are asked while Wrike fails (a read is tried four times, then given up).
  await control.faults({ target: "api", status: 500, count: 4 });
  extras.retryAttachments();
  for (let i = 0; i < 200 && extras.attachments.state === "loading"; i++)
    await new Promise((r) => setTimeout(r, 10));
  expect(extras.attachments.state).toBe("error");
  expect(extras.attachments.state === "error" && extras.attachments.error.code).toBe("unavailable");

  await control.clearFaults();
  extras.retryTime();
  extras.taskLoaded(task);
  for (let i = 0; i < 200 && (extras.time.state === "loading" || extras.related.state === "loading"); i++)
    await new Promise((r) => setTimeout(r, 10));
  expect(extras.time.state).toBe("ready");
  expect(extras.related.state).toBe("ready");
  expect(extras.attachments.state).toBe("error");

  extras.retryAttachments();
  await settled(extras);
  expect(extras.attachments.state).toBe("ready");
});

it("a related task changed elsewhere is patched into the parent's list", async () => {
  const task = await fieldTask();
  const extras = new TaskExtras(api());
  extras.show(task.id);
  extras.taskLoaded(task);
  extras.loadById(task.id);
  await settled(extras);
  extras.patchRelated({ id: task.subTaskIds![0]!, status: "Completed", title: "Renamed" });
  expect(extras.related.state === "ready" && extras.related.value.subtasks[0]).toMatchObject({
    status: "Completed",
    title: "Renamed",
  });
});
