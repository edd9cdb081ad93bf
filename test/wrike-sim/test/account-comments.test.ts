// Account-wide GET /comments over real HTTP: the 7-day createdDate window (and the deprecated updatedDate
// that filters by created date), limit up to 1000, no paging, plainText, and the plan switch (403).
import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { ACME_ID, type Simulator } from "../index.ts";
import { api, errorOf, getJson, permanent, q, startSimulator } from "./helpers.ts";

interface CommentJson {
  id: string;
  authorId: string;
  text: string;
  createdDate: string;
  taskId: string;
}

let sim: Simulator;
let ada: string;
/** Every comment of the account, read task by task. */
let all: CommentJson[];

const DAY = 24 * 3600 * 1000;
/** Whole seconds, as Wrike stamps are. */
const ago = (days: number): number => Math.floor((Date.now() - days * DAY) / 1000) * 1000;
const stamp = (ms: number): string => new Date(ms).toISOString().replace(/\.\d{3}Z$/, "Z");
const comments = async (params: Record<string, unknown>): Promise<CommentJson[]> =>
  (await getJson<CommentJson>(sim.hosts.us, `/comments${Object.keys(params).length ? q(params) : ""}`, ada))
    .data;
const between = (from: number, to: number): CommentJson[] =>
  all.filter((c) => Date.parse(c.createdDate) >= from && Date.parse(c.createdDate) <= to);

beforeAll(async () => {
  sim = await startSimulator({ taskCount: 120 });
  ada = permanent(sim, "ada@acme.test", "Acme Robotics");
  const tasks = (await getJson<{ id: string }>(sim.hosts.us, "/tasks", ada)).data;
  all = [];
  for (const task of tasks) {
    all.push(...(await getJson<CommentJson>(sim.hosts.us, `/tasks/${task.id}/comments`, ada)).data);
  }
});
beforeEach(() => sim.reset());
afterAll(async () => {
  await sim.close();
});

describe("GET /comments (account)", () => {
  it("without a window: the last 7 days, oldest first, in the task comment model", async () => {
    const now = Date.now();
    const body = await getJson<CommentJson>(sim.hosts.us, "/comments", ada);
    expect(body.kind).toBe("comments");
    expect(body.nextPageToken).toBeUndefined();
    const expected = between(now - 7 * DAY, now);
    expect(expected.length).toBeGreaterThan(0);
    expect(body.data.map((c) => c.id).sort()).toEqual(expected.map((c) => c.id).sort());
    const days = body.data.map((c) => c.createdDate);
    expect(days).toEqual([...days].sort());
    expect(Object.keys(body.data[0] ?? {})).toEqual(Object.keys(all[0] ?? {}));
  });

  it("createdDate ranges of 7 days or shorter; longer ones are refused", async () => {
    const now = Date.now();
    const from = ago(20);
    const window = await comments({ createdDate: { start: stamp(from), end: stamp(from + 7 * DAY) } });
    expect(window.map((c) => c.id).sort()).toEqual(
      between(from, from + 7 * DAY)
        .map((c) => c.id)
        .sort(),
    );
    const error = await errorOf(
      await api(sim.hosts.us, `/comments${q({ createdDate: { start: stamp(from), end: stamp(now) } })}`, ada),
    );
    expect(error).toMatchObject({ status: 400, error: "invalid_parameter" });
    expect(error.errorDescription).toContain("7 days");
  });

  it("an open start covers the 7 days from it (Airbyte's older connector sends only start)", async () => {
    const from = ago(30);
    const onlyStart = await comments({ createdDate: { start: stamp(from) } });
    expect(onlyStart.map((c) => c.id).sort()).toEqual(
      between(from, from + 7 * DAY)
        .map((c) => c.id)
        .sort(),
    );
    // The deprecated updatedDate "filters by created date instead of updated date".
    const legacy = await comments({ updatedDate: { start: stamp(from) } });
    expect(legacy.map((c) => c.id)).toEqual(onlyStart.map((c) => c.id));
  });

  it("limit up to 1000; no pageSize or nextPageToken", async () => {
    const two = await comments({ limit: "2" });
    expect(two.length).toBe(2);
    for (const bad of ["?limit=1001", "?limit=0"]) {
      expect((await errorOf(await api(sim.hosts.us, `/comments${bad}`, ada))).error).toBe(
        "invalid_parameter",
      );
    }
    for (const bad of ["?pageSize=10", "?nextPageToken=abc"]) {
      expect((await errorOf(await api(sim.hosts.us, `/comments${bad}`, ada))).error).toBe("invalid_request");
    }
  });

  it("sees a comment posted now; plainText strips the HTML; types=Email finds none", async () => {
    const res = await api(sim.hosts.us, `/tasks/${all[0]?.taskId}/comments`, ada, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ text: "<b>Fresh</b> note" }),
    });
    const posted = ((await res.json()) as { data: CommentJson[] }).data[0];
    const html = await comments({});
    expect(html.at(-1)).toMatchObject({ id: posted?.id, text: "<b>Fresh</b> note" });
    const plain = await comments({ plainText: "true" });
    expect(plain.at(-1)?.text).toBe("Fresh note");
    expect(await comments({ types: '["Email"]' })).toEqual([]);
  });

  it("accountCommentsDisabled: 403 not_allowed; per-task comments still work", async () => {
    sim.configure({ accountCommentsDisabled: [ACME_ID] });
    expect(await errorOf(await api(sim.hosts.us, "/comments?limit=1", ada))).toMatchObject({
      status: 403,
      error: "not_allowed",
    });
    expect((await api(sim.hosts.us, `/tasks/${all[0]?.taskId}/comments`, ada)).status).toBe(200);
    const linus = permanent(sim, "linus@nordlicht.test");
    expect((await api(sim.hosts.eu, "/comments", linus)).status).toBe(200);
  });
});
