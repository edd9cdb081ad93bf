// GET /tasks and friends: default and full models (Wrike's key order), fields, filters, sorting,
// folder and space task lists, JSON-in-param validation.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADA_ID, type Simulator } from "../index.ts";
import { api, errorOf, getJson, permanent, q, startSimulator } from "./helpers.ts";

interface TaskJson {
  id: string;
  title: string;
  status: string;
  importance: string;
  updatedDate: string;
  createdDate: string;
  permalink: string;
  customStatusId: string;
  dates: { type: string; start?: string; due?: string; duration?: number };
  responsibleIds?: string[];
  parentIds?: string[];
  superTaskIds?: string[];
  [key: string]: unknown;
}

let sim: Simulator;
let ada: string;
let all: TaskJson[];

beforeAll(async () => {
  sim = await startSimulator({ taskCount: 150 });
  ada = permanent(sim, "ada@acme.test", "Acme Robotics");
  all = (
    await getJson<TaskJson>(
      sim.hosts.us,
      `/tasks${q({ fields: ["responsibleIds", "parentIds", "superTaskIds", "authorIds"] })}`,
      ada,
    )
  ).data;
});
afterAll(async () => {
  await sim.close();
});

const tasks = async (params: Record<string, unknown>) =>
  (await getJson<TaskJson>(sim.hosts.us, `/tasks${q(params)}`, ada)).data;

describe("models", () => {
  it("list calls return the default model only", async () => {
    const [first] = await tasks({});
    const keys = Object.keys(first ?? {});
    const expected = [
      "id",
      "accountId",
      "title",
      "status",
      "importance",
      "createdDate",
      "updatedDate",
      "dates",
      "scope",
      "customStatusId",
      "permalink",
      "priority",
    ];
    expect(keys.filter((k) => k !== "completedDate")).toEqual(expected);
    expect(first?.id).toMatch(/^IEA[A-Z2-7]{5}KQ[A-Z2-7]{6}$/);
    expect(first?.accountId).toMatch(/^IEA[A-Z2-7]{5}$/);
    expect(first?.permalink).toMatch(
      new RegExp(`^http://${sim.hosts.us.replace(/\./g, "\\.")}/open\\.htm\\?id=\\d+$`),
    );
    expect(first?.updatedDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
  });

  it("fields ADDS optional fields and never trims", async () => {
    const [first] = await tasks({
      fields: ["description", "responsibleIds", "briefDescription", "hasAttachments"],
    });
    expect(first).toHaveProperty("title");
    expect(first).toHaveProperty("permalink");
    for (const key of ["description", "responsibleIds", "briefDescription", "hasAttachments"])
      expect(first).toHaveProperty(key);
    expect(first).not.toHaveProperty("authorIds");
  });

  it("an unknown field: 400 invalid_parameter; fields must be a JSON array", async () => {
    expect(await errorOf(await api(sim.hosts.us, `/tasks${q({ fields: ["nope"] })}`, ada))).toMatchObject({
      status: 400,
      error: "invalid_parameter",
    });
    expect(await errorOf(await api(sim.hosts.us, "/tasks?fields=description", ada))).toMatchObject({
      error: "invalid_parameter",
    });
  });

  it("GET /tasks/{ids} returns the full model in Wrike's key order, for many ids at once", async () => {
    const ids = all.slice(0, 3).map((t) => t.id);
    const body = await getJson<TaskJson>(sim.hosts.us, `/tasks/${ids.join(",")}`, ada);
    expect(body.kind).toBe("tasks");
    expect(body.data.map((t) => t.id)).toEqual(ids);
    const order = [
      "id",
      "accountId",
      "title",
      "description",
      "briefDescription",
      "parentIds",
      "superParentIds",
      "sharedIds",
      "responsibleIds",
      "status",
      "importance",
      "createdDate",
      "updatedDate",
      "completedDate",
      "dates",
      "scope",
      "authorIds",
      "customStatusId",
      "hasAttachments",
      "permalink",
      "priority",
      "followedByMe",
      "followerIds",
      "superTaskIds",
      "subTaskIds",
      "dependencyIds",
      "metadata",
      "customFields",
    ];
    for (const task of body.data) expect(Object.keys(task)).toEqual(order.filter((k) => k in task));
    expect(body.data.some((t) => "completedDate" in t)).toBe(
      all.slice(0, 3).some((t) => t.status === "Completed"),
    );
  });

  it("GET /tasks/{ids}: up to 100 ids; more is 400; one unknown id is 404", async () => {
    const many = Array.from({ length: 101 }, (_, i) => all[i % all.length]?.id).join(",");
    expect(await errorOf(await api(sim.hosts.us, `/tasks/${many}`, ada))).toMatchObject({
      status: 400,
      error: "invalid_parameter",
    });
    const hundred = all.slice(0, 100).map((t) => t.id);
    expect((await getJson(sim.hosts.us, `/tasks/${hundred.join(",")}`, ada)).data).toHaveLength(
      hundred.length,
    );
    expect(
      await errorOf(await api(sim.hosts.us, `/tasks/${all[0]?.id},IEACW7SMKQAAAAAA`, ada)),
    ).toMatchObject({
      status: 404,
      error: "resource_not_found",
    });
  });

  it("ties every task to a custom status of its account's workflows whose group is the task's status", async () => {
    const workflows = (
      await getJson<{ customStatuses: { id: string; group: string }[] }>(sim.hosts.us, "/workflows", ada)
    ).data;
    const groups = new Map(workflows.flatMap((w) => w.customStatuses.map((s) => [s.id, s.group] as const)));
    for (const task of all) expect(groups.get(task.customStatusId)).toBe(task.status);
  });
});

describe("filters", () => {
  it("responsibles: a JSON array of contact ids, match any", async () => {
    const mine = await tasks({ responsibles: [ADA_ID], fields: ["responsibleIds"] });
    expect(mine.length).toBeGreaterThan(40);
    expect(mine.every((t) => t.responsibleIds?.includes(ADA_ID))).toBe(true);
    expect(mine.length).toBe(all.filter((t) => t.responsibleIds?.includes(ADA_ID)).length);
  });

  it("a bare [KUAAAAAA] (not JSON) is 400 invalid_parameter", async () => {
    const res = await api(sim.hosts.us, `/tasks?responsibles=[${ADA_ID}]`, ada);
    expect(await errorOf(res)).toMatchObject({ status: 400, error: "invalid_parameter" });
  });

  it("status: one value or a JSON array", async () => {
    const active = await tasks({ status: "Active" });
    expect(active.length).toBe(all.filter((t) => t.status === "Active").length);
    const closed = await tasks({ status: ["Completed", "Cancelled"] });
    expect(new Set(closed.map((t) => t.status))).toEqual(new Set(["Completed", "Cancelled"]));
    expect(closed.length).toBe(
      all.filter((t) => t.status === "Completed" || t.status === "Cancelled").length,
    );
    expect(await errorOf(await api(sim.hosts.us, "/tasks?status=active", ada))).toMatchObject({
      error: "invalid_parameter",
    });
  });

  it("importance (exact) and type", async () => {
    const high = await tasks({ importance: "High" });
    expect(high.length).toBeGreaterThan(0);
    expect(high.every((t) => t.importance === "High")).toBe(true);
    const milestones = await tasks({ type: "Milestone" });
    expect(
      milestones.every((t) => t.dates.type === "Milestone" && t.dates.start === undefined && t.dates.due),
    ).toBe(true);
  });

  it("dueDate as a {start,end} range or {equal}", async () => {
    const withDue = all.filter((t) => t.dates.due);
    const day = withDue[0]?.dates.due?.slice(0, 10) ?? "";
    const equal = await tasks({ dueDate: { equal: day } });
    expect(equal.length).toBe(withDue.filter((t) => t.dates.due?.startsWith(day)).length);
    const from = withDue[5]?.dates.due?.slice(0, 10) ?? "";
    const ranged = await tasks({ dueDate: { start: from } });
    expect(ranged.length).toBe(withDue.filter((t) => (t.dates.due ?? "") >= `${from}T00:00:00`).length);
    const bounded = await tasks({ dueDate: { start: day, end: from } });
    expect(
      bounded.every(
        (t) => (t.dates.due ?? "").slice(0, 10) >= day && (t.dates.due ?? "").slice(0, 10) <= from,
      ),
    ).toBe(true);
    for (const bad of ['{"start":"yesterday"}', '{"from":"2024-01-01"}', "2024-01-01"]) {
      expect(
        await errorOf(await api(sim.hosts.us, `/tasks?dueDate=${encodeURIComponent(bad)}`, ada)),
      ).toMatchObject({
        error: "invalid_parameter",
      });
    }
  });

  it("updatedDate range in UTC stamps", async () => {
    const sorted = [...all].sort((a, b) => a.updatedDate.localeCompare(b.updatedDate));
    const pivot = sorted[Math.floor(sorted.length / 2)]?.updatedDate ?? "";
    const newer = await tasks({ updatedDate: { start: pivot } });
    expect(newer.length).toBe(all.filter((t) => t.updatedDate >= pivot).length);
    expect(newer.every((t) => t.updatedDate >= pivot)).toBe(true);
  });

  it("title: contains, case-insensitive", async () => {
    const hits = await tasks({ title: "GRIPPER" });
    expect(hits.length).toBeGreaterThan(0);
    expect(hits.every((t) => t.title.toLowerCase().includes("gripper"))).toBe(true);
  });

  it("permalink: exact match on the permalink's id", async () => {
    const target = all[7];
    const hits = await tasks({ permalink: target?.permalink });
    expect(hits.map((t) => t.id)).toEqual([target?.id]);
    expect(await errorOf(await api(sim.hosts.us, "/tasks?permalink=nope", ada))).toMatchObject({
      error: "invalid_parameter",
    });
  });

  it("authors and customStatuses", async () => {
    const authored = await tasks({ authors: [ADA_ID], fields: ["authorIds"] });
    expect(authored.length).toBeGreaterThan(0);
    expect(authored.every((t) => (t.authorIds as string[]).includes(ADA_ID))).toBe(true);
    const statusId = all[0]?.customStatusId ?? "";
    const same = await tasks({ customStatuses: [statusId] });
    expect(same.length).toBe(all.filter((t) => t.customStatusId === statusId).length);
  });
});

describe("sorting", () => {
  it("sortField=DueDate Asc and Desc; tasks without a due date come last", async () => {
    const asc = await tasks({ sortField: "DueDate" });
    const dues = asc.map((t) => t.dates.due);
    const firstMissing = dues.findIndex((d) => d === undefined);
    const present = dues.slice(0, firstMissing) as string[];
    expect(present).toEqual([...present].sort());
    expect(dues.slice(firstMissing).every((d) => d === undefined)).toBe(true);
    const desc = (await tasks({ sortField: "DueDate", sortOrder: "Desc" }))
      .map((t) => t.dates.due)
      .filter((d) => d !== undefined);
    expect(desc).toEqual([...desc].sort().reverse());
  });

  it("Importance, Title, UpdatedDate, CreatedDate, Status", async () => {
    const imp = (await tasks({ sortField: "Importance" })).map((t) =>
      ["High", "Normal", "Low"].indexOf(t.importance),
    );
    expect(imp).toEqual([...imp].sort((a, b) => a - b));
    const updated = (await tasks({ sortField: "UpdatedDate", sortOrder: "Desc" })).map((t) => t.updatedDate);
    expect(updated).toEqual([...updated].sort().reverse());
    const created = (await tasks({ sortField: "CreatedDate" })).map((t) => t.createdDate);
    expect(created).toEqual([...created].sort());
    const titles = (await tasks({ sortField: "Title" })).map((t) => t.title);
    expect(titles).toEqual([...titles].sort((a, b) => a.localeCompare(b, "en")));
    const status = (await tasks({ sortField: "Status" })).map((t) =>
      ["Active", "Completed", "Deferred", "Cancelled"].indexOf(t.status),
    );
    expect(status).toEqual([...status].sort((a, b) => a - b));
  });

  it("an unknown sortField or sortOrder is 400 invalid_parameter", async () => {
    expect(await errorOf(await api(sim.hosts.us, "/tasks?sortField=Due", ada))).toMatchObject({
      error: "invalid_parameter",
    });
    expect(await errorOf(await api(sim.hosts.us, "/tasks?sortOrder=Up", ada))).toMatchObject({
      error: "invalid_parameter",
    });
  });
});

describe("folder and space task lists", () => {
  it("/folders/{id}/tasks lists the folder's tasks, with descendants by default", async () => {
    const tree = (
      await getJson<{ id: string; title: string; childIds: string[] }>(sim.hosts.us, "/folders", ada)
    ).data;
    const engineering = tree.find((f) => f.title === "Engineering");
    const firmware = tree.find((f) => f.title === "Firmware");
    const gripper = tree.find((f) => f.title === "Gripper Firmware 3.1");
    expect(firmware?.childIds).toContain(gripper?.id);
    const direct = await getJson<TaskJson>(
      sim.hosts.us,
      `/folders/${firmware?.id}/tasks${q({ descendants: "false", fields: ["parentIds"] })}`,
      ada,
    );
    expect(direct.data.every((t) => t.parentIds?.includes(firmware?.id ?? ""))).toBe(true);
    const deep = await getJson<TaskJson>(sim.hosts.us, `/folders/${firmware?.id}/tasks`, ada);
    const expected = all.filter((t) => t.parentIds?.some((p) => p === firmware?.id || p === gripper?.id));
    expect(new Set(deep.data.map((t) => t.id))).toEqual(new Set(expected.map((t) => t.id)));
    const space = await getJson<TaskJson>(sim.hosts.us, `/spaces/${engineering?.id}/tasks`, ada);
    expect(space.data.length).toBeGreaterThanOrEqual(deep.data.length);
    const subTasks = await getJson<TaskJson>(
      sim.hosts.us,
      `/spaces/${engineering?.id}/tasks?subTasks=true`,
      ada,
    );
    expect(subTasks.data.length).toBeGreaterThan(space.data.length);
  });

  it("descendants is not a parameter of GET /tasks", async () => {
    expect(await errorOf(await api(sim.hosts.us, "/tasks?descendants=true", ada))).toMatchObject({
      error: "invalid_request",
    });
  });

  it("an unknown folder or space is 404 resource_not_found", async () => {
    expect(await errorOf(await api(sim.hosts.us, "/folders/IEACW7SMI4ZZZZZZ/tasks", ada))).toMatchObject({
      status: 404,
    });
    expect(await errorOf(await api(sim.hosts.us, "/spaces/IEACW7SMI4ZZZZZZ/tasks", ada))).toMatchObject({
      status: 404,
    });
  });
});
