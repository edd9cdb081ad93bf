// Writes: create a task in a folder, update it (status/customStatus consistency, responsibles, dates),
// comment (create, edit, delete), delete; parameters as query, form or JSON body; errors for missing and malformed values.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADA_ID, GRACE_ID, LINUS_ID, type Simulator } from "../index.ts";
import { api, errorOf, getJson, permanent, q, startSimulator } from "./helpers.ts";

interface TaskJson {
  id: string;
  title: string;
  description: string;
  status: string;
  importance: string;
  customStatusId: string;
  completedDate?: string;
  updatedDate: string;
  responsibleIds: string[];
  authorIds: string[];
  parentIds: string[];
  superTaskIds: string[];
  subTaskIds: string[];
  sharedIds: string[];
  followerIds: string[];
  scope: string;
  dates: { type: string; start?: string; due?: string; duration?: number };
}
type Workflow = {
  id: string;
  name: string;
  standard: boolean;
  customStatuses: { id: string; name: string; group: string; standard: boolean }[];
};

let sim: Simulator;
let ada: string;
let rootId: string;
let workflows: Workflow[];
let engineeringFolder: string;

beforeAll(async () => {
  sim = await startSimulator({ taskCount: 30 });
  ada = permanent(sim, "ada@acme.test", "Acme Robotics");
  rootId = String((await getJson(sim.hosts.us, "/account", ada)).data[0]?.rootFolderId);
  workflows = (await getJson<Workflow>(sim.hosts.us, "/workflows", ada)).data;
  const tree = (await getJson<{ id: string; title: string }>(sim.hosts.us, "/folders", ada)).data;
  engineeringFolder = tree.find((f) => f.title === "Firmware")?.id ?? "";
});
afterAll(async () => {
  await sim.close();
});

const form = (values: Record<string, unknown>) =>
  new URLSearchParams(
    Object.entries(values).map(([k, v]) => [k, typeof v === "string" ? v : JSON.stringify(v)]),
  );

async function create(values: Record<string, unknown>, folder = rootId): Promise<TaskJson> {
  const res = await api(sim.hosts.us, `/folders/${folder}/tasks`, ada, {
    method: "POST",
    body: form(values),
  });
  if (res.status !== 200) throw new Error(`create answered ${res.status}: ${await res.text()}`);
  const body = (await res.json()) as { kind: string; data: TaskJson[] };
  expect(body.kind).toBe("tasks");
  expect(body.data).toHaveLength(1);
  return body.data[0] as TaskJson;
}

async function update(id: string, values: Record<string, unknown>): Promise<Response> {
  return api(sim.hosts.us, `/tasks/${id}`, ada, { method: "PUT", body: form(values) });
}

const defaultWf = () => workflows.find((w) => w.standard) as Workflow;
const customWf = () => workflows.find((w) => !w.standard) as Workflow;
const statusNamed = (wf: Workflow, name: string) => wf.customStatuses.find((s) => s.name === name)?.id ?? "";

describe("create", () => {
  it("creates a backlog task in the root as the author, with the full model", async () => {
    const task = await create({ title: "Write the simulator README" });
    expect(task.title).toBe("Write the simulator README");
    expect(task.authorIds).toEqual([ADA_ID]);
    expect(task.sharedIds).toContain(ADA_ID);
    expect(task.parentIds).toEqual([rootId]);
    expect(task.status).toBe("Active");
    expect(task.importance).toBe("Normal");
    expect(task.dates).toEqual({ type: "Backlog" });
    expect(task.customStatusId).toBe(statusNamed(defaultWf(), "New"));
    const fetched = await getJson<TaskJson>(sim.hosts.us, `/tasks/${task.id}`, ada);
    expect(fetched.data[0]?.title).toBe("Write the simulator README");
  });

  it("takes a JSON body and query parameters as well as a form", async () => {
    const json = await api(sim.hosts.us, `/folders/${rootId}/tasks`, ada, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: JSON.stringify({
        title: "From JSON",
        responsibles: [GRACE_ID],
        dates: { due: "2030-01-15" },
        importance: "High",
      }),
    });
    expect(json.status).toBe(200);
    const fromJson = ((await json.json()) as { data: TaskJson[] }).data[0];
    expect(fromJson).toMatchObject({ title: "From JSON", responsibleIds: [GRACE_ID], importance: "High" });
    expect(fromJson?.dates).toEqual({
      type: "Milestone",
      duration: 0,
      due: "2030-01-15T17:00:00",
      workOnWeekends: false,
    });
    const query = await api(
      sim.hosts.us,
      `/folders/${rootId}/tasks${q({ title: "From query", status: "Deferred" })}`,
      ada,
      { method: "POST" },
    );
    expect(((await query.json()) as { data: TaskJson[] }).data[0]).toMatchObject({
      status: "Deferred",
      customStatusId: statusNamed(defaultWf(), "On Hold"),
    });
  });

  it("a task in a folder follows the folder's workflow", async () => {
    const task = await create({ title: "In firmware", status: "Completed" }, engineeringFolder);
    expect(task.customStatusId).toBe(statusNamed(customWf(), "Done"));
    expect(task.completedDate).toMatch(/Z$/);
    expect(task.parentIds).toEqual([engineeringFolder]);
  });

  it("Planned dates with start and due get a duration in working minutes", async () => {
    const task = await create({ title: "Planned", dates: { start: "2030-03-04", due: "2030-03-08" } });
    expect(task.dates).toEqual({
      type: "Planned",
      duration: 2400,
      start: "2030-03-04T09:00:00",
      due: "2030-03-08T17:00:00",
      workOnWeekends: false,
    });
  });

  it("a subtask: root folder + superTasks", async () => {
    const parent = await create({ title: "Parent" });
    const child = await create({ title: "Child", superTasks: [parent.id] });
    expect(child.superTaskIds).toEqual([parent.id]);
    expect(child.parentIds).toEqual([]);
    expect((await getJson<TaskJson>(sim.hosts.us, `/tasks/${parent.id}`, ada)).data[0]?.subTaskIds).toEqual([
      child.id,
    ]);
  });

  it("title is required (400 parameter_required) and must not be empty (400 invalid_parameter)", async () => {
    const missing = await api(sim.hosts.us, `/folders/${rootId}/tasks`, ada, {
      method: "POST",
      body: form({ description: "x" }),
    });
    expect(await errorOf(missing)).toMatchObject({ status: 400, error: "parameter_required" });
    const empty = await api(sim.hosts.us, `/folders/${rootId}/tasks`, ada, {
      method: "POST",
      body: form({ title: "  " }),
    });
    expect(await errorOf(empty)).toMatchObject({ status: 400, error: "invalid_parameter" });
  });

  it("refuses malformed values with 400 invalid_parameter", async () => {
    const cases: Record<string, unknown>[] = [
      { title: "x", importance: "Urgent" },
      { title: "x", status: "Done" },
      { title: "x", dates: { due: "15/01/2030" } },
      { title: "x", dates: { start: "2030-02-01", due: "2030-01-01" } },
      { title: "x", dates: { type: "Milestone" } },
      { title: "x", responsibles: [LINUS_ID] },
      { title: "x", customStatus: "IEACW7SMJMZZZZZZ" },
    ];
    for (const values of cases) {
      const res = await api(sim.hosts.us, `/folders/${rootId}/tasks`, ada, {
        method: "POST",
        body: form(values),
      });
      expect(await errorOf(res), JSON.stringify(values)).toMatchObject({
        status: 400,
        error: "invalid_parameter",
      });
    }
    const bare = await api(sim.hosts.us, `/folders/${rootId}/tasks`, ada, {
      method: "POST",
      body: new URLSearchParams({ title: "x", responsibles: `[${GRACE_ID}]` }),
    });
    expect(await errorOf(bare)).toMatchObject({ status: 400, error: "invalid_parameter" });
    const unknown = await api(sim.hosts.us, `/folders/${rootId}/tasks`, ada, {
      method: "POST",
      body: form({ title: "x", colour: "red" }),
    });
    expect(await errorOf(unknown)).toMatchObject({ status: 400, error: "invalid_request" });
    const badJson = await api(sim.hosts.us, `/folders/${rootId}/tasks`, ada, {
      method: "POST",
      headers: { "Content-Type": "application/json" },
      body: "{title:",
    });
    expect(await errorOf(badJson)).toMatchObject({ status: 400, error: "invalid_request" });
  });
});

describe("update", () => {
  it("changes title, description, importance and dates, and bumps updatedDate", async () => {
    const task = await create({ title: "Before" });
    await new Promise((r) => setTimeout(r, 1100));
    const res = await update(task.id, {
      title: "After",
      description: "<b>now</b> described",
      importance: "Low",
      dates: { start: "2031-05-05T10:00:00", due: "2031-05-06T12:00:00" },
    });
    expect(res.status).toBe(200);
    const after = ((await res.json()) as { data: TaskJson[] }).data[0];
    expect(after).toMatchObject({ title: "After", description: "<b>now</b> described", importance: "Low" });
    expect(after?.dates).toMatchObject({
      type: "Planned",
      start: "2031-05-05T10:00:00",
      due: "2031-05-06T12:00:00",
    });
    expect((after?.updatedDate ?? "") > task.updatedDate).toBe(true);
  });

  it("status alone moves to the group's standard custom status of the task's workflow", async () => {
    const task = await create({ title: "Status" }, engineeringFolder);
    const done = ((await (await update(task.id, { status: "Completed" })).json()) as { data: TaskJson[] })
      .data[0];
    expect(done).toMatchObject({ status: "Completed", customStatusId: statusNamed(customWf(), "Done") });
    expect(done?.completedDate).toBeDefined();
    const back = ((await (await update(task.id, { status: "Active" })).json()) as { data: TaskJson[] })
      .data[0];
    expect(back).toMatchObject({ status: "Active", customStatusId: statusNamed(customWf(), "Backlog") });
    expect(back?.completedDate).toBeUndefined();
  });

  it("customStatus alone sets status from its group; a disagreeing pair is refused", async () => {
    const task = await create({ title: "Custom" }, engineeringFolder);
    const review = statusNamed(customWf(), "In Review");
    const res = await update(task.id, { customStatus: review });
    expect(((await res.json()) as { data: TaskJson[] }).data[0]).toMatchObject({
      status: "Active",
      customStatusId: review,
    });
    const blocked = statusNamed(customWf(), "Blocked");
    expect(
      (
        (await (await update(task.id, { customStatus: blocked, status: "Deferred" })).json()) as {
          data: TaskJson[];
        }
      ).data[0]?.status,
    ).toBe("Deferred");
    expect(await errorOf(await update(task.id, { customStatus: review, status: "Completed" }))).toMatchObject(
      {
        status: 400,
        error: "invalid_parameter",
      },
    );
    // A status from the same group keeps the current custom status.
    await update(task.id, { customStatus: review });
    expect(
      ((await (await update(task.id, { status: "Active" })).json()) as { data: TaskJson[] }).data[0]
        ?.customStatusId,
    ).toBe(review);
  });

  it("addResponsibles / removeResponsibles", async () => {
    const task = await create({ title: "People", responsibles: [ADA_ID] });
    const added = (
      (await (await update(task.id, { addResponsibles: [GRACE_ID] })).json()) as { data: TaskJson[] }
    ).data[0];
    expect(added?.responsibleIds).toEqual([ADA_ID, GRACE_ID]);
    const removed = (
      (await (await update(task.id, { removeResponsibles: [ADA_ID] })).json()) as { data: TaskJson[] }
    ).data[0];
    expect(removed?.responsibleIds).toEqual([GRACE_ID]);
    const mine = await getJson(sim.hosts.us, `/tasks${q({ responsibles: [ADA_ID], title: "People" })}`, ada);
    expect(mine.data.map((t) => t.id)).not.toContain(task.id);
    expect(await errorOf(await update(task.id, { addResponsibles: ["KUNOBODY"] }))).toMatchObject({
      error: "invalid_parameter",
    });
  });

  it("bulk PUT /tasks/{ids} changes several tasks at once", async () => {
    const a = await create({ title: "Bulk A" });
    const b = await create({ title: "Bulk B" });
    const res = await api(sim.hosts.us, `/tasks/${a.id},${b.id}`, ada, {
      method: "PUT",
      body: form({ addResponsibles: [GRACE_ID] }),
    });
    expect(res.status).toBe(200);
    const data = ((await res.json()) as { data: TaskJson[] }).data;
    expect(data.map((t) => t.responsibleIds)).toEqual([[GRACE_ID], [GRACE_ID]]);
    const titleInBulk = await api(sim.hosts.us, `/tasks/${a.id},${b.id}`, ada, {
      method: "PUT",
      body: form({ title: "no" }),
    });
    expect(await errorOf(titleInBulk)).toMatchObject({ error: "invalid_request" });
  });

  it("an unknown task is 404 resource_not_found", async () => {
    expect(await errorOf(await update("IEACW7SMKQZZZZZZ", { title: "x" }))).toMatchObject({
      status: 404,
      error: "resource_not_found",
    });
  });

  it("DELETE moves the task to the Recycle Bin and returns it", async () => {
    const task = await create({ title: "To delete" });
    const res = await api(sim.hosts.us, `/tasks/${task.id}`, ada, { method: "DELETE" });
    expect(((await res.json()) as { data: TaskJson[] }).data[0]?.scope).toBe("RbTask");
    const listed = await getJson(sim.hosts.us, `/tasks${q({ title: "To delete" })}`, ada);
    expect(listed.data).toHaveLength(0);
  });
});

describe("comments", () => {
  it("POST /tasks/{id}/comments adds a comment by the requester", async () => {
    const task = await create({ title: "Commented" });
    const res = await api(sim.hosts.us, `/tasks/${task.id}/comments`, ada, {
      method: "POST",
      body: form({ text: "<b>Looks</b> good" }),
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as {
      kind: string;
      data: { id: string; authorId: string; text: string; taskId: string }[];
    };
    expect(body.kind).toBe("comments");
    expect(body.data[0]).toMatchObject({ authorId: ADA_ID, text: "<b>Looks</b> good", taskId: task.id });
    const list = await getJson(sim.hosts.us, `/tasks/${task.id}/comments`, ada);
    expect(list.data.map((c) => c.id)).toEqual([body.data[0]?.id]);
    const plain = await api(sim.hosts.us, `/tasks/${task.id}/comments`, ada, {
      method: "POST",
      body: form({ text: "a <tag>\nline two", plainText: "true" }),
    });
    expect(((await plain.json()) as { data: { text: string }[] }).data[0]?.text).toBe(
      "a &lt;tag&gt;<br />line two",
    );
  });

  it("text is required and must not be empty", async () => {
    const task = await create({ title: "No comment" });
    const missing = await api(sim.hosts.us, `/tasks/${task.id}/comments`, ada, { method: "POST" });
    expect(await errorOf(missing)).toMatchObject({ status: 400, error: "parameter_required" });
    const empty = await api(sim.hosts.us, `/tasks/${task.id}/comments`, ada, {
      method: "POST",
      body: form({ text: "" }),
    });
    expect(await errorOf(empty)).toMatchObject({ status: 400, error: "invalid_parameter" });
  });

  async function comment(taskId: string, text: string): Promise<string> {
    const res = await api(sim.hosts.us, `/tasks/${taskId}/comments`, ada, {
      method: "POST",
      body: form({ text }),
    });
    return ((await res.json()) as { data: { id: string }[] }).data[0]?.id ?? "";
  }

  it("DELETE /comments/{id} answers with an empty data array, and the comment is gone", async () => {
    const task = await create({ title: "Deleted comment" });
    const keep = await comment(task.id, "keep me");
    const drop = await comment(task.id, "drop me");
    const res = await api(sim.hosts.us, `/comments/${drop}`, ada, { method: "DELETE" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ kind: "comments", data: [] });
    expect((await errorOf(await api(sim.hosts.us, `/comments/${drop}`, ada))).error).toBe(
      "resource_not_found",
    );
    const list = await getJson(sim.hosts.us, `/tasks/${task.id}/comments`, ada);
    expect(list.data.map((c) => c.id)).toEqual([keep]);
    const again = await api(sim.hosts.us, `/comments/${drop}`, ada, { method: "DELETE" });
    expect(await errorOf(again)).toMatchObject({ status: 404, error: "resource_not_found" });
  });

  it("PUT /comments/{id} changes the text; only the author may change or delete a comment", async () => {
    const task = await create({ title: "Edited comment" });
    const id = await comment(task.id, "first words");
    const res = await api(sim.hosts.us, `/comments/${id}`, ada, {
      method: "PUT",
      body: form({ text: "<i>second</i>" }),
    });
    const [updated] = ((await res.json()) as { data: { id: string; text: string }[] }).data;
    expect(updated).toMatchObject({ id, text: "<i>second</i>" });
    const empty = await api(sim.hosts.us, `/comments/${id}`, ada, {
      method: "PUT",
      body: form({ text: " " }),
    });
    expect((await errorOf(empty)).error).toBe("invalid_parameter");
    const grace = permanent(sim, "grace@acme.test");
    for (const init of [{ method: "DELETE" }, { method: "PUT", body: form({ text: "mine now" }) }]) {
      expect(await errorOf(await api(sim.hosts.us, `/comments/${id}`, grace, init))).toMatchObject({
        status: 403,
        error: "access_forbidden",
      });
    }
    const [still] = (await getJson<{ text: string }>(sim.hosts.us, `/comments/${id}`, ada)).data;
    expect(still?.text).toBe("<i>second</i>");
  });
});
