// Reference data real clients read first: GET /version, GET /users/{id}, custom fields (list, filters, by
// id, per space), the spaces list vs single model, and the fixed ids of the standard custom statuses.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME_ID, ADA_ID, GRACE_ID, LINUS_ID, NORD_ID, type Simulator } from "../index.ts";
import { api, errorOf, getJson, permanent, q, signIn, startSimulator } from "./helpers.ts";

interface FieldJson {
  id: string;
  accountId: string;
  title: string;
  type: string;
  spaceId?: string;
  settings: { inheritanceType: string; applicableEntityTypes: string[]; values?: string[] };
  archived: boolean;
}

let sim: Simulator;
let ada: string;
let linus: string;

beforeAll(async () => {
  sim = await startSimulator({ taskCount: 30 });
  ada = permanent(sim, "ada@acme.test", "Acme Robotics");
  linus = permanent(sim, "linus@nordlicht.test");
});
afterAll(async () => {
  await sim.close();
});

describe("GET /version", () => {
  it("answers {major, minor} as numbers", async () => {
    const body = await getJson(sim.hosts.us, "/version", ada);
    expect(body.kind).toBe("version");
    expect(body.data).toEqual([{ major: 1, minor: 0 }]);
    expect((await errorOf(await api(sim.hosts.us, "/version?x=1", ada))).error).toBe("invalid_request");
  });
});

describe("GET /users/{id}", () => {
  it("returns a person of the account as a contact model with metadata", async () => {
    const body = await getJson(sim.hosts.us, `/users/${GRACE_ID}`, ada);
    expect(body.kind).toBe("users");
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      id: GRACE_ID,
      firstName: "Grace",
      type: "Person",
      primaryEmail: "grace@acme.test",
      metadata: [],
    });
    const profiles = body.data[0]?.profiles as { accountId: string }[];
    expect(profiles.map((p) => p.accountId)).toEqual([ACME_ID]);
    const me = await getJson(sim.hosts.us, `/users/${ADA_ID}`, ada);
    expect(me.data[0]?.me).toBe(true);
  });

  it("someone outside the account is not found; several ids are refused", async () => {
    expect(await errorOf(await api(sim.hosts.us, `/users/${LINUS_ID}`, ada))).toMatchObject({
      status: 404,
      error: "resource_not_found",
    });
    expect((await errorOf(await api(sim.hosts.us, `/users/${ADA_ID},${GRACE_ID}`, ada))).status).toBe(400);
  });

  it("needs amReadOnlyUser or amReadWriteUser, not only workspace scopes", async () => {
    const workspace = (await signIn(sim, { params: { scope: "Default,wsReadWrite" } })).access_token;
    expect(await errorOf(await api(sim.hosts.us, `/users/${GRACE_ID}`, workspace))).toMatchObject({
      status: 403,
      error: "not_allowed",
    });
    const users = (await signIn(sim, { params: { scope: "amReadOnlyUser" } })).access_token;
    expect((await api(sim.hosts.us, `/users/${GRACE_ID}`, users)).status).toBe(200);
  });
});

describe("custom fields", () => {
  it("GET /customfields lists the account's fields in the live key order", async () => {
    const body = await getJson<FieldJson>(sim.hosts.us, "/customfields", ada);
    expect(body.kind).toBe("customfields");
    expect(body.data.length).toBeGreaterThan(5);
    expect(body.data.every((f) => f.accountId === ACME_ID && f.id.startsWith(`${ACME_ID}JU`))).toBe(true);
    const severity = body.data.find((f) => f.title === "Severity") as FieldJson;
    expect(Object.keys(severity)).toEqual([
      "id",
      "accountId",
      "title",
      "type",
      "sharedIds",
      "sharing",
      "settings",
      "description",
      "archived",
    ]);
    expect(severity.type).toBe("DropDown");
    expect(severity.settings).toMatchObject({
      inheritanceType: "All",
      applicableEntityTypes: ["WorkItem"],
      values: ["Low", "Medium", "High", "Critical"],
      options: [{ value: "Low" }, { value: "Medium" }, { value: "High" }, { value: "Critical" }],
    });
    const spaceLevel = body.data.find((f) => f.spaceId !== undefined) as FieldJson;
    expect(Object.keys(spaceLevel).indexOf("spaceId")).toBe(4);
    const nord = await getJson<FieldJson>(sim.hosts.eu, "/customfields", linus);
    expect(nord.data.every((f) => f.accountId === NORD_ID)).toBe(true);
  });

  it("filters by types, applicableEntityTypes and title; refuses unknown types", async () => {
    const text = await getJson<FieldJson>(sim.hosts.us, `/customfields${q({ types: ["Text"] })}`, ada);
    expect(text.data.length).toBeGreaterThan(1);
    expect(new Set(text.data.map((f) => f.type))).toEqual(new Set(["Text"]));
    const single = await getJson<FieldJson>(sim.hosts.us, "/customfields?types=Checkbox", ada);
    expect(single.data.map((f) => f.title)).toEqual(["Safety critical"]);
    const users = await getJson<FieldJson>(
      sim.hosts.us,
      `/customfields${q({ applicableEntityTypes: ["User"] })}`,
      ada,
    );
    expect(users.data.map((f) => f.title)).toEqual(["Employee number"]);
    const titled = await getJson<FieldJson>(sim.hosts.us, "/customfields?title=budg", ada);
    expect(titled.data.map((f) => f.title)).toEqual(["Budget"]);
    const bad = await api(sim.hosts.us, `/customfields${q({ types: ["Formula"] })}`, ada);
    expect(await errorOf(bad)).toMatchObject({ status: 400, error: "invalid_parameter" });
  });

  it("GET /customfields/{ids} and /spaces/{id}/customfields; unknown ids are 404", async () => {
    const all = (await getJson<FieldJson>(sim.hosts.us, "/customfields", ada)).data;
    const ids = [all[2]?.id, all[0]?.id].join(",");
    const byIds = await getJson<FieldJson>(sim.hosts.us, `/customfields/${ids}`, ada);
    expect(byIds.data.map((f) => f.id)).toEqual(ids.split(","));
    const spaceLevel = all.find((f) => f.spaceId !== undefined) as FieldJson;
    const inSpace = await getJson<FieldJson>(sim.hosts.us, `/spaces/${spaceLevel.spaceId}/customfields`, ada);
    expect(inSpace.data.map((f) => f.id)).toEqual([spaceLevel.id]);
    const archived = all.find((f) => f.archived);
    expect(archived).toMatchObject({ archivedBy: ADA_ID });
    expect((await errorOf(await api(sim.hosts.us, `/customfields/${ACME_ID}JUZZZZZZ`, ada))).status).toBe(
      404,
    );
    const other = (await getJson<FieldJson>(sim.hosts.eu, "/customfields", linus)).data[0]?.id;
    expect((await errorOf(await api(sim.hosts.us, `/customfields/${other}`, ada))).error).toBe(
      "resource_not_found",
    );
    const withStats = await getJson(
      sim.hosts.us,
      `/customfields/${all[0]?.id}${q({ fields: ["dataUsageStatistics"] })}`,
      ada,
    );
    expect(withStats.data[0]).toHaveProperty("dataUsageStatistics");
  });
});

describe("spaces", () => {
  it("list items are exactly id, title, avatarUrl, accessType, archived", async () => {
    const list = await getJson(sim.hosts.us, "/spaces", ada);
    for (const space of list.data) {
      expect(Object.keys(space)).toEqual(["id", "title", "avatarUrl", "accessType", "archived"]);
    }
    const bad = await api(sim.hosts.us, `/spaces${q({ fields: ["suggestedTaskWorkflows"] })}`, ada);
    expect((await errorOf(bad)).error).toBe("invalid_parameter");
  });

  it("the single GET adds description and the default workflows", async () => {
    const [first] = (await getJson(sim.hosts.us, "/spaces", ada)).data;
    const [one] = (await getJson(sim.hosts.us, `/spaces/${String(first?.id)}`, ada)).data;
    expect(one).toMatchObject({ id: first?.id, title: first?.title, archived: false });
    expect(one).toHaveProperty("description");
    expect(String(one?.defaultTaskWorkflowId)).toMatch(/K4/);
  });
});

describe("standard custom statuses", () => {
  interface Wf {
    standard: boolean;
    customStatuses: { id: string; name: string; group: string; color: string; standard: boolean }[];
  }
  it("have fixed ids per account in the Default Workflow, and Cancelled is Gray", async () => {
    for (const [host, token, accountId] of [
      [sim.hosts.us, ada, ACME_ID],
      [sim.hosts.eu, linus, NORD_ID],
    ] as const) {
      const workflows = (await getJson<Wf>(host, "/workflows", token)).data;
      const standard = workflows.find((w) => w.standard) as Wf;
      const byName = Object.fromEntries(standard.customStatuses.map((s) => [s.name, s]));
      expect(byName.New?.id).toBe(`${accountId}JMAAAAAA`);
      expect(byName.Completed?.id).toBe(`${accountId}JMAAAAAB`);
      expect(byName["On Hold"]?.id).toBe(`${accountId}JMAAAAAC`);
      expect(byName.Cancelled?.id).toBe(`${accountId}JMAAAAAD`);
      expect(byName.Cancelled?.color).toBe("Gray");
      expect(byName["In Progress"]?.id).not.toMatch(/JMAAAAA[A-D]$/);
      const ids = workflows.flatMap((w) => w.customStatuses.map((s) => s.id));
      expect(new Set(ids).size).toBe(ids.length);
    }
  });

  it("tasks in the Default Workflow carry those ids", async () => {
    const tasks = (await getJson<{ customStatusId: string; status: string }>(sim.hosts.us, "/tasks", ada))
      .data;
    const fixed = tasks.filter((t) => /JMAAAAA[A-D]$/.test(t.customStatusId));
    expect(fixed.length).toBeGreaterThan(0);
    const suffix: Record<string, string> = { Active: "A", Completed: "B", Deferred: "C", Cancelled: "D" };
    for (const t of fixed) expect(t.customStatusId).toBe(`${ACME_ID}JMAAAAA${suffix[t.status]}`);
  });
});
