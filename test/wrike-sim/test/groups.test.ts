// Contacts of type Group over real HTTP: "My Team" in the shape of Airbyte's live record, a named group,
// and how the contact filters treat groups (me, types, emails, name, by id).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME_ID, ADA_ID, GRACE_ID, MARGARET_ID, type Simulator } from "../index.ts";
import { api, errorOf, getJson, permanent, q, startSimulator } from "./helpers.ts";

interface ContactJson {
  id: string;
  firstName: string;
  lastName: string;
  type: string;
  profiles: Record<string, unknown>[];
  avatarUrl: string;
  memberIds?: string[];
  myTeam?: boolean;
  me?: boolean;
}

let sim: Simulator;
let ada: string;
const contacts = async (params: Record<string, unknown> = {}): Promise<ContactJson[]> =>
  (await getJson<ContactJson>(sim.hosts.us, `/contacts${Object.keys(params).length ? q(params) : ""}`, ada))
    .data;

beforeAll(async () => {
  sim = await startSimulator({ taskCount: 5 });
  ada = permanent(sim, "ada@acme.test", "Acme Robotics");
});
afterAll(async () => {
  await sim.close();
});

describe("groups in GET /contacts", () => {
  it('"My Team": the live key set, no email, every member of the account, myTeam true', async () => {
    const all = await contacts();
    const people = all.filter((c) => c.type === "Person");
    const team = all.find((c) => c.firstName === "My Team");
    expect(Object.keys(team ?? {})).toEqual([
      "id",
      "firstName",
      "lastName",
      "type",
      "profiles",
      "avatarUrl",
      "timezone",
      "locale",
      "deleted",
      "memberIds",
      "myTeam",
    ]);
    expect(team).toMatchObject({
      lastName: "",
      type: "Group",
      timezone: "Z",
      locale: "en",
      deleted: false,
      myTeam: true,
      profiles: [{ accountId: ACME_ID, role: "User", external: false, admin: false, owner: false }],
    });
    expect(team?.memberIds?.sort()).toEqual(people.map((p) => p.id).sort());
    expect(team?.memberIds).toEqual(expect.arrayContaining([ADA_ID, GRACE_ID, MARGARET_ID]));
    // People first, then groups.
    expect(all.findIndex((c) => c.type === "Group")).toBe(people.length);
    const avatar = await fetch(team?.avatarUrl ?? "");
    expect(avatar.status).toBe(200);
    expect(avatar.headers.get("content-type")).toBe("image/svg+xml");
  });

  it("a named group carries memberIds and no myTeam", async () => {
    const firmware = (await contacts()).find((c) => c.firstName === "Firmware Team");
    expect(firmware?.memberIds).toEqual([GRACE_ID, "KUAP3KXE"]);
    expect(firmware && "myTeam" in firmware).toBe(false);
  });

  it("filters: me and emails never give groups; types picks; name matches the title", async () => {
    expect((await contacts({ me: "true" })).map((c) => c.id)).toEqual([ADA_ID]);
    expect((await contacts({ emails: ["grace@acme.test"] })).map((c) => c.id)).toEqual([GRACE_ID]);
    const groups = await contacts({ types: ["Group"] });
    expect(groups.map((c) => c.firstName)).toEqual(["My Team", "Firmware Team"]);
    expect((await contacts({ types: "Person" })).every((c) => c.type === "Person")).toBe(true);
    expect((await contacts({ name: "team" })).map((c) => c.type)).toEqual(["Group", "Group"]);
  });

  it("GET /contacts/{ids} mixes people and groups; another account's group is not found", async () => {
    const groups = await contacts({ types: ["Group"] });
    const ids = [ADA_ID, groups[0]?.id ?? ""];
    const both = await getJson<ContactJson>(sim.hosts.us, `/contacts/${ids.join(",")}`, ada);
    expect(both.data.map((c) => c.type)).toEqual(["Person", "Group"]);
    expect((await errorOf(await api(sim.hosts.us, "/contacts/KX7ZNRDT", ada))).status).toBe(404);
    // GET /users/{id} is for people only.
    expect((await errorOf(await api(sim.hosts.us, `/users/${groups[0]?.id}`, ada))).status).toBe(404);
  });
});
