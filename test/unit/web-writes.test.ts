// The writes module's logic without a DOM or a network: optimistic events, confirmation and rollback with a
// message, one write at a time per task (a status change after a comment is sent, in order), polled copies
// that never undo a pending change, new-task placeholders; and the list rules the stores merge them with.
import { describe, expect, it } from "vitest";
import { AppError } from "../../web/wrike/errors.ts";
import { byId, dropRow, mergeSorted, type MergeRules } from "../../web/live/live.ts";
import type { Comment, CustomStatus, Task } from "../../web/wrike/types.ts";
import { datePattern, formatInPattern, patternHint, placeLabel } from "../../web/tasks/newtask.ts";
import { Writes, type TaskEvent } from "../../web/tasks/writes.ts";

interface Call {
  method: string;
  path: string;
  form: Record<string, unknown>;
  answer: (data: unknown) => void;
  fail: (e: AppError) => void;
}

/** A Wrike client whose answers the test gives by hand, in any order: it shows what was sent and when. */
function scripted() {
  const calls: Call[] = [];
  return {
    calls,
    send: <T>(method: "POST" | "PUT" | "DELETE", path: string, form: Record<string, unknown>) =>
      new Promise<{ kind: string; data: T[] }>((resolve, reject) => {
        calls.push({
          method,
          path,
          form,
          answer: (data) => resolve({ kind: "x", data: [data as T] }),
          fail: reject,
        });
      }),
  };
}

const flush = () => new Promise((r) => setTimeout(r, 0));

function task(id: string, p: Partial<Task> = {}): Task {
  return {
    id,
    title: `Task ${id}`,
    status: "Active",
    importance: "Normal",
    createdDate: "2026-03-01T08:00:00Z",
    updatedDate: "2026-03-01T08:00:00Z",
    customStatusId: "S-open",
    dates: { type: "Backlog" },
    ...p,
  };
}
const done: CustomStatus = { id: "S-done", name: "Completed", group: "Completed" };
const review: CustomStatus = { id: "S-review", name: "In review", group: "Active" };
const open: CustomStatus = { id: "S-open", name: "New", group: "Active" };

function setup() {
  const api = scripted();
  const failures: string[] = [];
  const writes = new Writes({
    api: api as never,
    me: () => "ME",
    rootFolderId: () => "ROOT",
    now: () => new Date("2026-03-02T10:00:00.123Z"),
    onFailure: (m) => failures.push(m),
  });
  const events: TaskEvent[] = [];
  writes.on((e) => events.push(e));
  const statusOf = () => events.flatMap((e) => (e.type === "changed" ? [e.task.customStatusId] : [])).at(-1);
  return { api, writes, events, failures, statusOf };
}

describe("status changes", () => {
  it("shows the change at once, then Wrike's copy", async () => {
    const { api, writes, events } = setup();
    const result = writes.setStatus(task("A"), done);
    expect(events).toEqual([
      { type: "changed", task: expect.objectContaining({ status: "Completed" }), was: task("A") },
    ]);
    await flush();
    expect(api.calls.map((c) => [c.method, c.path, c.form])).toEqual([
      ["PUT", "tasks/A", { customStatus: "S-done" }],
    ]);
    api.calls[0]!.answer(
      task("A", { status: "Completed", customStatusId: "S-done", updatedDate: "2026-03-02T10:00:01Z" }),
    );
    const r = await result;
    expect(r.ok).toBe(true);
    expect(events.at(-1)).toEqual({
      type: "changed",
      task: expect.objectContaining({ customStatusId: "S-done", updatedDate: "2026-03-02T10:00:01Z" }),
      was: expect.objectContaining({ customStatusId: "S-done", updatedDate: task("A").updatedDate }),
    });
    expect(writes.busy).toBe(false);
  });

  it("rolls back with a message that says what and why", async () => {
    const { api, writes, events, failures } = setup();
    const result = writes.setStatus(task("A"), done);
    await flush();
    api.calls[0]!.fail(new AppError("unavailable", "Wrike is not answering."));
    const r = await result;
    expect(r).toMatchObject({ ok: false, message: "The status was not changed: Wrike is not answering." });
    expect(failures).toEqual(["The status was not changed: Wrike is not answering."]);
    expect(events.at(-1)).toEqual({
      type: "changed",
      task: task("A"),
      was: expect.objectContaining({ status: "Completed" }),
    });
  });

  it("a failed first change does not undo a second one made meanwhile", async () => {
    const { api, writes, statusOf } = setup();
    const first = writes.setStatus(task("A"), review);
    const second = writes.setStatus(task("A", { customStatusId: "S-review" }), done);
    expect(statusOf()).toBe("S-done");
    await flush();
    expect(api.calls).toHaveLength(1); // one at a time per task
    api.calls[0]!.fail(new AppError("unavailable", "no"));
    expect((await first).ok).toBe(false);
    expect(statusOf()).toBe("S-done"); // the second is still pending on top of the base
    await flush();
    expect(api.calls[1]!.form).toEqual({ customStatus: "S-done" });
    api.calls[1]!.answer(
      task("A", { status: "Completed", customStatusId: "S-done", updatedDate: "2026-03-02T10:00:05Z" }),
    );
    expect((await second).ok).toBe(true);
    expect(statusOf()).toBe("S-done");
  });
});

describe("one write at a time per task", () => {
  it("sends a status change made right after a comment once the comment is answered, even a refused one", async () => {
    const { api, writes, events } = setup();
    const posted = writes.comment(task("A"), "First <b>line</b>\nsecond");
    const changed = writes.setStatus(task("A"), done);
    const other = writes.setStatus(task("B"), done);
    await flush();
    // A's PUT waits for A's POST; B is another task and goes at once.
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toEqual(["POST tasks/A/comments", "PUT tasks/B"]);
    expect(api.calls[0]!.form).toEqual({ text: "First &lt;b&gt;line&lt;/b&gt;<br />second" });
    api.calls[0]!.fail(new AppError("network", "The connection dropped."));
    expect(await posted).toMatchObject({
      ok: false,
      message: "The comment was not posted: The connection dropped.",
    });
    await flush();
    expect(api.calls.map((c) => `${c.method} ${c.path}`)).toContain("PUT tasks/A");
    api.calls
      .find((c) => c.path === "tasks/A")!
      .answer(task("A", { status: "Completed", customStatusId: "S-done" }));
    api.calls
      .find((c) => c.path === "tasks/B")!
      .answer(task("B", { status: "Completed", customStatusId: "S-done" }));
    expect((await changed).ok).toBe(true);
    expect((await other).ok).toBe(true);
    const comments = events.filter((e) => e.type === "comment");
    expect(comments.map((e) => (e.type === "comment" ? e.saved : "?"))).toEqual([undefined, null]);
    await writes.settled();
    expect(writes.busy).toBe(false);
  });

  it("a confirmed comment replaces its pending copy; pending comments are kept for a refetch", async () => {
    const { api, writes, events } = setup();
    const posted = writes.comment(task("A"), "hello");
    const pending = (events[0] as Extract<TaskEvent, { type: "comment" }>).pending;
    expect(pending).toMatchObject({
      authorId: "ME",
      text: "hello",
      taskId: "A",
      createdDate: "2026-03-02T10:00:00Z",
    });
    expect(writes.pendingComments("A")).toEqual([pending]);
    await flush();
    const saved: Comment = { ...pending, id: "C1" };
    api.calls[0]!.answer(saved);
    expect(await posted).toEqual({ ok: true, value: saved });
    expect(events.at(-1)).toEqual({ type: "comment", taskId: "A", pending, saved });
    expect(writes.pendingComments("A")).toEqual([]);
  });

  it("refuses an empty comment or a signed-out user without sending anything", async () => {
    const api = scripted();
    const writes = new Writes({ api: api as never, me: () => undefined, rootFolderId: () => undefined });
    expect(await writes.comment(task("A"), "hi")).toMatchObject({
      ok: false,
      error: { code: "not_signed_in" },
    });
    expect(await writes.create("New", undefined)).toMatchObject({
      ok: false,
      error: { code: "not_signed_in" },
    });
    const { writes: w2, api: a2 } = setup();
    expect(await w2.comment(task("A"), "  ")).toMatchObject({ ok: false, error: { code: "invalid" } });
    expect(api.calls.length + a2.calls.length).toBe(0);
  });
});

describe("polled copies", () => {
  it("keep a pending change on top; a newer copy becomes what a rollback returns to", async () => {
    const { api, writes, events } = setup();
    const result = writes.setStatus(task("A"), done);
    // A poll brings Wrike's copy from before the PUT, newer for another reason (a title edit elsewhere).
    const polled = task("A", { title: "Renamed", updatedDate: "2026-03-02T09:00:00Z" });
    expect(writes.overlay(polled)).toMatchObject({ title: "Renamed", status: "Completed" });
    expect(writes.overlay(task("Z"))).toEqual(task("Z"));
    await flush();
    api.calls[0]!.fail(new AppError("forbidden", "You cannot change this task."));
    await result;
    expect(events.at(-1)).toEqual({
      type: "changed",
      task: polled,
      was: expect.objectContaining({ title: "Renamed", status: "Completed" }),
    });
    // Nothing pending any more: a copy passes unchanged.
    expect(writes.overlay(task("A"))).toEqual(task("A"));
  });
});

describe("new tasks", () => {
  it("a placeholder, then Wrike's task in its place, in my root folder", async () => {
    const { api, writes, events } = setup();
    const result = writes.create("  Plan the launch ", "2030-01-15");
    const temp = (events[0] as Extract<TaskEvent, { type: "created" }>).task;
    expect(temp).toMatchObject({ title: "Plan the launch", dates: { type: "Milestone", due: "2030-01-15" } });
    await flush();
    expect(api.calls[0]).toMatchObject({
      method: "POST",
      path: "folders/ROOT/tasks",
      form: {
        title: "Plan the launch",
        responsibles: ["ME"],
        dates: { type: "Milestone", due: "2030-01-15" },
      },
    });
    const created = task("NEW", { title: "Plan the launch" });
    api.calls[0]!.answer(created);
    expect(await result).toEqual({ ok: true, value: created });
    expect(events.at(-1)).toEqual({ type: "created", task: created, replaces: temp });
  });

  it("takes the placeholder out when Wrike refuses", async () => {
    const { api, writes, events } = setup();
    const result = writes.create("Doomed");
    await flush();
    api.calls[0]!.fail(new AppError("busy", "Wrike is busy."));
    expect(await result).toMatchObject({ ok: false, message: "The task was not created: Wrike is busy." });
    expect(events.map((e) => e.type)).toEqual(["created", "dropped"]);
  });
});

describe("merging writes into lists", () => {
  const active = (complete: boolean): MergeRules => ({
    matches: (t) => t.status === "Active",
    compare: (a, b) => a.title.localeCompare(b.title),
    complete,
    isNew: () => true,
  });

  it("a reopened task joins an Active list in order, and leaves a Completed one", () => {
    const list = [task("a", { title: "Alpha" }), task("c", { title: "Charlie" })];
    const reopened = task("b", { title: "Bravo" });
    const joined = mergeSorted(list, [reopened], { ...active(true), isNew: () => false });
    expect(joined.items.map((t) => t.id)).toEqual(["a", "b", "c"]);
    expect(joined.delta).toBe(1);
    const completed = [task("b", { title: "Bravo", status: "Completed" })];
    const left = mergeSorted(completed, [reopened], {
      ...active(true),
      matches: (t) => t.status === "Completed",
    });
    expect(left.items).toEqual([]);
    expect(left.delta).toBe(-1);
  });

  it("a placeholder counted in a paged list's total comes out again, once", () => {
    const list = [task("a", { title: "Alpha" })];
    const temp = task("pending-1", { title: "Zulu" });
    const added = mergeSorted(list, [temp], active(false));
    expect(added.items.map((t) => t.id)).toEqual(["a"]); // past the loaded page
    expect(added.delta).toBe(1);
    expect(dropRow(added.items, temp, active(false))).toMatchObject({ delta: -1, items: added.items });
    const shown = mergeSorted(list, [task("pending-2", { title: "Able" })], active(true));
    expect(dropRow(shown.items, task("pending-2"), active(true)).items.map((t) => t.id)).toEqual(["a"]);
    expect(dropRow(list, task("pending-3"), active(true)).changed).toBe(false);
  });

  it("looks rows up by an index built once per list", () => {
    const list = Array.from({ length: 10_000 }, (_, i) => task(`T${i}`));
    const index = byId(list);
    expect(byId(list)).toBe(index);
    expect(index.get("T9999")).toBe(list[9999]);
    expect(byId([...list])).not.toBe(index);
  });
});

describe("the new-task form's words", () => {
  it("never says Root, and writes the due day as the user does", () => {
    expect(placeLabel({ title: "Root", scope: "WsRoot" })).toBe("My work");
    expect(placeLabel(undefined)).toBe("My work");
    expect(placeLabel({ title: "Marketing", scope: "WsFolder" })).toBe("Marketing");
    expect(datePattern("en-US")).toBe("MM/dd/yyyy");
    expect(datePattern("de-DE")).toBe("dd.MM.yyyy");
    expect(datePattern("en-US", "dd/MM/yyyy")).toBe("dd/MM/yyyy");
    expect(datePattern("en-US", "<script>")).toBe("MM/dd/yyyy");
    expect(formatInPattern("2030-01-15", "dd.MM.yyyy")).toBe("15.01.2030");
    expect(patternHint("dd/MM/yyyy")).toBe("dd/mm/yyyy");
  });
});
