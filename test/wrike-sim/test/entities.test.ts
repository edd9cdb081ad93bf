// Contacts (me=true, by ids, avatars), the account, workflows with custom statuses, folders (folderTree
// and full with project info), spaces, and comments.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ADA_ID, GRACE_ID, LINUS_ID, MARGARET_ID, type Simulator } from "../index.ts";
import { api, errorOf, getJson, permanent, q, startSimulator } from "./helpers.ts";

let sim: Simulator;
let ada: string;
let adaEu: string;

beforeAll(async () => {
  sim = await startSimulator({ taskCount: 40 });
  ada = permanent(sim, "ada@acme.test", "Acme Robotics");
  adaEu = permanent(sim, "ada@acme.test", "Nordlicht Studio");
});
afterAll(async () => {
  await sim.close();
});

describe("contacts", () => {
  it("contacts?me=true: the requesting person with the token's account profile", async () => {
    const body = await getJson(sim.hosts.us, "/contacts?me=true", ada);
    expect(body.kind).toBe("contacts");
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      id: ADA_ID,
      firstName: "Ada",
      lastName: "Lovelace",
      type: "Person",
      timezone: "Europe/London",
      locale: "en",
      deleted: false,
      me: true,
      primaryEmail: "ada@acme.test",
      profiles: [
        {
          accountId: sim.users[0]?.accounts[0]?.accountId,
          email: "ada@acme.test",
          role: "User",
          external: false,
          admin: true,
          owner: true,
        },
      ],
    });
    const eu = await getJson(sim.hosts.eu, "/contacts?me=true", adaEu);
    expect(eu.data[0]?.profiles).toEqual([
      expect.objectContaining({ admin: false, owner: false, role: "User" }),
    ]);
    const linus = await getJson(sim.hosts.eu, "/contacts?me=true", permanent(sim, "linus@nordlicht.test"));
    expect(linus.data[0]).toMatchObject({ id: LINUS_ID, timezone: "Europe/Berlin", locale: "de" });
    const margaret = await getJson(sim.hosts.us, "/contacts?me=true", permanent(sim, "margaret@acme.test"));
    expect(margaret.data[0]?.profiles).toEqual([expect.objectContaining({ role: "Collaborator" })]);
  });

  it("the avatar is a small SVG served by the simulator", async () => {
    const me = (await getJson(sim.hosts.us, "/contacts?me=true", ada)).data[0];
    const res = await fetch(String(me?.avatarUrl));
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toBe("image/svg+xml");
    expect(await res.text()).toContain(">AL</text>");
    expect((await fetch(`http://${sim.hosts.us}/avatars/KUNOPE22.svg`)).status).toBe(404);
  });

  it("GET /contacts lists the account's people; /contacts/{ids} takes a comma list", async () => {
    const list = await getJson(sim.hosts.us, "/contacts", ada);
    const ids = list.data.map((c) => c.id);
    expect(ids).toEqual(expect.arrayContaining([ADA_ID, GRACE_ID, MARGARET_ID]));
    expect(ids).not.toContain(LINUS_ID);
    expect(list.data.filter((c) => c.me === true).map((c) => c.id)).toEqual([ADA_ID]);
    const some = await getJson(sim.hosts.us, `/contacts/${GRACE_ID},${MARGARET_ID}`, ada);
    expect(some.data.map((c) => c.firstName)).toEqual(["Grace", "Margaret"]);
    expect(await errorOf(await api(sim.hosts.us, `/contacts/${LINUS_ID}`, ada))).toMatchObject({
      status: 404,
      error: "resource_not_found",
    });
    const named = await getJson(sim.hosts.us, "/contacts?name=hop", ada);
    expect(named.data.map((c) => c.id)).toEqual([GRACE_ID]);
  });

  it("contacts fields are checked", async () => {
    expect(
      await errorOf(await api(sim.hosts.us, `/contacts${q({ fields: ["description"] })}`, ada)),
    ).toMatchObject({
      error: "invalid_parameter",
    });
    expect(
      (await getJson(sim.hosts.us, `/contacts${q({ me: "true", fields: ["metadata"] })}`, ada)).data[0]
        ?.metadata,
    ).toEqual([]);
  });
});

describe("account and workflows", () => {
  it("GET /account: the token's one account", async () => {
    const body = await getJson(sim.hosts.us, `/account${q({ fields: ["subscription"] })}`, ada);
    expect(body.kind).toBe("accounts");
    expect(body.data).toHaveLength(1);
    expect(body.data[0]).toMatchObject({
      name: "Acme Robotics",
      firstDayOfWeek: "Mon",
      workDays: ["Mon", "Tue", "Wed", "Thu", "Fri"],
      subscription: { type: "Business", paid: true },
    });
    expect(body.data[0]?.createdDate).toMatch(/Z$/);
    expect((await getJson(sim.hosts.eu, "/account", adaEu)).data[0]?.name).toBe("Nordlicht Studio");
  });

  it("GET /workflows: the standard Default Workflow and a custom one, with status groups", async () => {
    type Wf = {
      name: string;
      standard: boolean;
      customStatuses: { name: string; group: string; standard: boolean; color: string }[];
    };
    const body = await getJson<Wf>(sim.hosts.us, "/workflows", ada);
    expect(body.kind).toBe("workflows");
    const standard = body.data.find((w) => w.name === "Default Workflow");
    expect(standard?.standard).toBe(true);
    expect(standard?.customStatuses.map((s) => [s.name, s.group])).toEqual([
      ["New", "Active"],
      ["In Progress", "Active"],
      ["Completed", "Completed"],
      ["On Hold", "Deferred"],
      ["Cancelled", "Cancelled"],
    ]);
    const custom = body.data.find((w) => !w.standard);
    expect(custom?.customStatuses.length).toBeGreaterThan(4);
    for (const group of ["Active", "Completed", "Deferred", "Cancelled"]) {
      expect(custom?.customStatuses.filter((s) => s.group === group && s.standard)).toHaveLength(1);
    }
  });
});

describe("folders and spaces", () => {
  it("GET /folders is a folderTree with root, spaces, folders and projects", async () => {
    const body = await getJson(sim.hosts.us, "/folders", ada);
    expect(body.kind).toBe("folderTree");
    const root = body.data.find((f) => f.scope === "WsRoot");
    expect(root?.title).toBe("Root");
    const spaces = body.data.filter((f) => f.space === true);
    expect(spaces.map((s) => s.title)).toEqual(["Engineering", "Marketing", "Operations"]);
    expect(root?.childIds).toEqual(spaces.map((s) => s.id));
    const project = body.data.find((f) => f.title === "Arm Controller v2");
    expect(project?.project).toMatchObject({ status: "Yellow", ownerIds: [ADA_ID] });
    expect(Object.keys(project ?? {})).toEqual(["id", "title", "childIds", "scope", "project", "space"]);
    const projects = await getJson(sim.hosts.us, "/folders?project=true", ada);
    expect(projects.data.every((f) => f.project !== undefined)).toBe(true);
  });

  it("GET /folders/{ids}: the full model with project info and a permalink", async () => {
    const tree = (await getJson(sim.hosts.us, "/folders", ada)).data;
    const ids = tree
      .filter((f) => f.title === "Arm Controller v2" || f.title === "Firmware")
      .map((f) => String(f.id));
    const body = await getJson(sim.hosts.us, `/folders/${ids.join(",")}`, ada);
    expect(body.kind).toBe("folders");
    const project = body.data.find((f) => f.title === "Arm Controller v2");
    expect(project).toMatchObject({ scope: "WsFolder", accountId: sim.users[0]?.accounts[0]?.accountId });
    expect(project?.project).toMatchObject({ authorId: ADA_ID, status: "Yellow" });
    expect(String(project?.permalink)).toMatch(/open\.htm\?id=\d+$/);
    expect(project?.workflowId).toMatch(/K4/);
    expect(String(project?.description)).toContain("<b>torque sensing</b>");
  });

  it("GET /folders/{id}/folders and /spaces/{id}/folders list the subtree", async () => {
    const tree = (await getJson(sim.hosts.us, "/folders", ada)).data;
    const engineering = tree.find((f) => f.title === "Engineering");
    const sub = await getJson(sim.hosts.us, `/folders/${String(engineering?.id)}/folders`, ada);
    expect(sub.data.map((f) => f.title)).toEqual(
      expect.arrayContaining(["Arm Controller v2", "Firmware", "Gripper Firmware 3.1"]),
    );
    const direct = await getJson(
      sim.hosts.us,
      `/spaces/${String(engineering?.id)}/folders?descendants=false`,
      ada,
    );
    expect(direct.data.map((f) => f.title)).not.toContain("Gripper Firmware 3.1");
  });

  it("GET /spaces and /spaces/{id}", async () => {
    const body = await getJson(sim.hosts.us, "/spaces", ada);
    expect(body.kind).toBe("spaces");
    expect(body.data.map((s) => s.title)).toEqual(["Engineering", "Marketing", "Operations"]);
    expect(body.data[0]).toMatchObject({ accessType: "Public", archived: false });
    const one = await getJson(
      sim.hosts.us,
      `/spaces/${String(body.data[0]?.id)}${q({ fields: ["members"] })}`,
      ada,
    );
    expect(one.data[0]?.members).toEqual(expect.arrayContaining([expect.objectContaining({ id: ADA_ID })]));
    expect(await errorOf(await api(sim.hosts.us, "/spaces/IEACW7SMI4AAAAAA", ada))).toMatchObject({
      status: 404,
    });
  });
});

describe("comments", () => {
  it("GET /tasks/{id}/comments in HTML or plain text", async () => {
    const tasks = (await getJson(sim.hosts.us, "/tasks", ada)).data;
    const first = tasks[0];
    const body = await getJson<{
      id: string;
      authorId: string;
      text: string;
      taskId: string;
      createdDate: string;
    }>(sim.hosts.us, `/tasks/${String(first?.id)}/comments`, ada);
    expect(body.kind).toBe("comments");
    expect(body.data.length).toBeGreaterThan(0);
    expect(Object.keys(body.data[0] ?? {})).toEqual([
      "id",
      "authorId",
      "text",
      "updatedDate",
      "createdDate",
      "taskId",
    ]);
    expect(body.data.every((c) => c.taskId === first?.id)).toBe(true);
    expect(body.data[0]?.id).toMatch(/IM[A-Z2-7]{6}$/);
    const plain = await getJson<{ text: string }>(
      sim.hosts.us,
      `/tasks/${String(first?.id)}/comments?plainText=true`,
      ada,
    );
    expect(plain.data.every((c) => !/<[a-z]/i.test(c.text))).toBe(true);
    const byId = await getJson(sim.hosts.us, `/comments/${body.data[0]?.id}`, ada);
    expect(byId.data[0]?.text).toBe(body.data[0]?.text);
  });
});
