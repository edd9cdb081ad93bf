// Timelog reads over real HTTP: the seeded timelogs, the model's key order, every list variant with its
// filters, paging with pageSize + nextPageToken, by ids, categories and lock periods.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { ACME_ID, ADA_ID, GRACE_ID, LOCK_DAYS, SEEDED_TIMELOGS, type Simulator } from "../index.ts";
import type { Timelog } from "../types.ts";
import { api, errorOf, getJson, permanent, q, signIn, startSimulator } from "./helpers.ts";

/** A timelog as the API answers it: the model without its account, plus fields Wrike adds. */
type TimelogJson = Omit<Timelog, "accountId"> & { lockStatus?: string };

let sim: Simulator;
let ada: string;
let grace: string;
const acme = SEEDED_TIMELOGS.filter((t) => t.accountId === ACME_ID);
const drift = acme[0]?.taskId ?? "";
const fieldTest = SEEDED_TIMELOGS[2]?.taskId ?? ""; // "Plan vision system field test"; its subtask has one too

/** yyyy-MM-dd `days` before today in London (Acme's zone). */
function daysAgo(days: number): string {
  const today = new Intl.DateTimeFormat("en-CA", { timeZone: "Europe/London" }).format(new Date());
  const d = new Date(`${today}T00:00:00Z`);
  d.setUTCDate(d.getUTCDate() - days);
  return d.toISOString().slice(0, 10);
}

const timelogs = async (path: string, params: Record<string, unknown> = {}): Promise<TimelogJson[]> =>
  (await getJson<TimelogJson>(sim.hosts.us, `${path}${Object.keys(params).length ? q(params) : ""}`, ada))
    .data;

beforeAll(async () => {
  sim = await startSimulator({ taskCount: 40 });
  ada = permanent(sim, "ada@acme.test", "Acme Robotics");
  grace = permanent(sim, "grace@acme.test");
});
afterAll(async () => {
  await sim.close();
});

describe("GET /timelogs (account)", () => {
  it("returns the account's seeded timelogs in one response, in the documented key order", async () => {
    const body = await getJson<TimelogJson>(sim.hosts.us, "/timelogs", ada);
    expect(body.kind).toBe("timelogs");
    expect(body.nextPageToken).toBeUndefined();
    expect(body.responseSize).toBeUndefined();
    expect(body.data.map((t) => t.id).sort()).toEqual(acme.map((t) => t.id).sort());
    const first = body.data.find((t) => t.id === acme[0]?.id);
    expect(Object.keys(first ?? {})).toEqual([
      "id",
      "taskId",
      "userId",
      "categoryId",
      "hours",
      "createdDate",
      "updatedDate",
      "trackedDate",
      "comment",
    ]);
    expect(first).toMatchObject({ taskId: drift, userId: ADA_ID, hours: 2.5, trackedDate: daysAgo(1) });
    expect(first?.createdDate).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\dZ$/);
    const uncategorised = body.data.find((t) => t.id === SEEDED_TIMELOGS[3]?.id);
    expect(uncategorised && "categoryId" in uncategorised).toBe(false);
    // Sorted by tracked date (simulator choice).
    const days = body.data.map((t) => t.trackedDate);
    expect(days).toEqual([...days].sort());
  });

  it("comments are HTML unless plainText=true", async () => {
    const html = SEEDED_TIMELOGS[7]?.id ?? "";
    const [rich] = (await getJson<TimelogJson>(sim.hosts.us, `/timelogs/${html}`, ada)).data;
    expect(rich?.comment).toBe("<b>Shortlist</b>: Ouster &amp; Hesai");
    const [plain] = (await getJson<TimelogJson>(sim.hosts.us, `/timelogs/${html}?plainText=true`, ada)).data;
    expect(plain?.comment).toBe("Shortlist: Ouster & Hesai");
  });

  it("filters: me, trackedDate in each sent form, createdDate, updatedDate, categories", async () => {
    const mine = await timelogs("/timelogs", { me: true });
    expect(mine.length).toBe(acme.filter((t) => t.userId === ADA_ID).length);
    const graces = (await getJson<TimelogJson>(sim.hosts.us, "/timelogs?me=true", grace)).data;
    expect(graces.every((t) => t.userId === GRACE_ID) && graces.length === 2).toBe(true);
    const day = daysAgo(2);
    const expected = acme.filter((t) => t.daysAgo === 2).length;
    for (const form of [day, `${day}T00:00:00`, `${day}T00:00:00Z`]) {
      expect((await timelogs("/timelogs", { trackedDate: { equal: form } })).length).toBe(expected);
    }
    const week = await timelogs("/timelogs", {
      trackedDate: { start: `${daysAgo(7)}T00:00:00`, end: `${daysAgo(1)}T23:59:59` },
    });
    expect(week.length).toBe(acme.filter((t) => t.daysAgo >= 1 && t.daysAgo <= 7).length);
    const edited = await timelogs("/timelogs", { updatedDate: { start: `${daysAgo(2)}T17:31:00Z` } });
    expect(edited.map((t) => t.id)).toContain(SEEDED_TIMELOGS[1]?.id);
    const old = await timelogs("/timelogs", { createdDate: { end: `${daysAgo(30)}T00:00:00Z` } });
    expect(old.map((t) => t.id)).toEqual([SEEDED_TIMELOGS[8]?.id]);
    const categories = (await getJson<{ id: string; name: string }>(sim.hosts.us, "/timelog_categories", ada))
      .data;
    const support = categories.find((c) => c.name === "Support")?.id ?? "";
    const supportLogs = await timelogs("/timelogs", { timelogCategories: [support] });
    expect(supportLogs.length).toBe(2);
    expect(supportLogs.every((t) => t.categoryId === support)).toBe(true);
    expect((await timelogs(`/timelog_categories/${support}/timelogs`)).length).toBe(2);
  });

  it("enum filters match the account's statuses; bad values and unknown parameters are refused", async () => {
    expect((await timelogs("/timelogs", { billingTypes: ["Billable"] })).length).toBe(0);
    expect((await timelogs("/timelogs", { exportStatuses: ["NotExported"] })).length).toBe(acme.length);
    expect((await timelogs("/timelogs", { approvalStatuses: ["Approved"] })).length).toBe(0);
    for (const bad of [
      "?trackedDate=yesterday",
      `?trackedDate=${encodeURIComponent('{"from":"2024-01-01"}')}`,
      "?billingTypes=Free",
      "?pageSize=0",
      "?pageSize=1001",
      `?fields=${encodeURIComponent('["finance"]')}`,
    ]) {
      expect((await errorOf(await api(sim.hosts.us, `/timelogs${bad}`, ada))).error).toBe(
        "invalid_parameter",
      );
    }
    // subTasks was an older parameter (Taviloglu, nodkz); spec v154 no longer has it.
    expect((await errorOf(await api(sim.hosts.us, "/timelogs?subTasks=true", ada))).error).toBe(
      "invalid_request",
    );
  });

  it("pages with pageSize + nextPageToken until the token is gone, with responseSize", async () => {
    const seen: string[] = [];
    let body = await getJson<TimelogJson>(sim.hosts.us, "/timelogs?pageSize=4", ada);
    expect(body.responseSize).toBe(acme.length);
    seen.push(...body.data.map((t) => t.id));
    while (body.nextPageToken) {
      body = await getJson<TimelogJson>(sim.hosts.us, `/timelogs?nextPageToken=${body.nextPageToken}`, ada);
      expect(body.data.length).toBeLessThanOrEqual(4);
      seen.push(...body.data.map((t) => t.id));
    }
    expect(seen.sort()).toEqual(acme.map((t) => t.id).sort());
    const limited = await getJson<TimelogJson>(sim.hosts.us, "/timelogs?limit=3&pageSize=2", ada);
    expect(limited.responseSize).toBe(3);
  });
});

describe("timelog list variants", () => {
  it("/tasks/{id}/timelogs includes subtasks unless descendants=false", async () => {
    const withSubs = await timelogs(`/tasks/${fieldTest}/timelogs`);
    expect(withSubs.map((t) => t.id).sort()).toEqual([SEEDED_TIMELOGS[2]?.id, SEEDED_TIMELOGS[3]?.id].sort());
    const only = await timelogs(`/tasks/${fieldTest}/timelogs`, { descendants: false });
    expect(only.map((t) => t.id)).toEqual([SEEDED_TIMELOGS[2]?.id]);
    expect((await timelogs(`/tasks/${drift}/timelogs`)).length).toBe(4);
  });

  it("/contacts/{id}/timelogs is one person's; someone outside the account is not found", async () => {
    const graces = await timelogs(`/contacts/${GRACE_ID}/timelogs`);
    expect(graces.length).toBe(2);
    expect(graces.every((t) => t.userId === GRACE_ID)).toBe(true);
    expect((await errorOf(await api(sim.hosts.us, "/contacts/KUAN4HZC/timelogs", ada))).status).toBe(404);
  });

  it("/folders/{id}/timelogs covers descendant folders by default", async () => {
    const spaces = (await getJson<{ id: string; title: string }>(sim.hosts.us, "/spaces", ada)).data;
    const engineering = spaces.find((s) => s.title === "Engineering")?.id ?? "";
    const marketing = spaces.find((s) => s.title === "Marketing")?.id ?? "";
    const eng = await timelogs(`/folders/${engineering}/timelogs`);
    const mkt = await timelogs(`/folders/${marketing}/timelogs`);
    expect(mkt.map((t) => t.id)).toEqual([SEEDED_TIMELOGS[4]?.id]);
    expect(eng.length + mkt.length).toBe(acme.length);
    expect((await timelogs(`/folders/${engineering}/timelogs`, { descendants: false })).length).toBe(0);
  });

  it("/timelogs/{ids}: several ids, another account's id is not found", async () => {
    const ids = acme.slice(0, 3).map((t) => t.id);
    expect((await timelogs(`/timelogs/${ids.join(",")}`)).map((t) => t.id)).toEqual(ids);
    const nord = SEEDED_TIMELOGS.find((t) => t.accountId !== ACME_ID)?.id;
    expect(await errorOf(await api(sim.hosts.us, `/timelogs/${nord}`, ada))).toMatchObject({
      status: 404,
      error: "resource_not_found",
    });
  });
});

describe("categories and lock periods", () => {
  it("GET /timelog_categories: {id, name, order, hidden}, hidden ones listed", async () => {
    const body = await getJson(sim.hosts.us, "/timelog_categories", ada);
    expect(body.kind).toBe("timelogCategories");
    expect(body.data.map((c) => c.name)).toEqual(["Development", "Meetings", "Support", "Travel"]);
    expect(Object.keys(body.data[0] ?? {})).toEqual(["id", "name", "order", "hidden"]);
    expect(body.data[3]?.hidden).toBe(true);
    const scoped = (await signIn(sim, { params: { scope: "amReadOnlyTimelogCategory" } })).access_token;
    expect((await api(sim.hosts.us, "/timelog_categories", scoped)).status).toBe(200);
    expect((await api(sim.hosts.us, "/timelogs", scoped)).status).toBe(403);
  });

  it("lock periods of a task, with the default window and a period filter; lockStatus via fields", async () => {
    const body = await getJson(sim.hosts.us, `/tasks/${drift}/timelog_lock_periods`, ada);
    expect(body.kind).toBe("timelogLockPeriods");
    expect(body.data).toEqual([
      {
        start: daysAgo(LOCK_DAYS.from),
        end: daysAgo(LOCK_DAYS.to),
        source: { type: "Space", id: expect.any(String) },
      },
    ]);
    const later = await getJson(
      sim.hosts.us,
      `/tasks/${drift}/timelog_lock_periods${q({ period: { start: daysAgo(10) } })}`,
      ada,
    );
    expect(later.data).toEqual([]);
    const marketingTask = SEEDED_TIMELOGS[4]?.taskId;
    expect((await getJson(sim.hosts.us, `/tasks/${marketingTask}/timelog_lock_periods`, ada)).data).toEqual(
      [],
    );
    const locked = SEEDED_TIMELOGS.find((t) => t.locked);
    expect(locked?.daysAgo).toBe(35);
    const both = await timelogs(`/timelogs/${locked?.id},${acme[0]?.id}`, { fields: ["lockStatus"] });
    expect(both.map((t) => t.lockStatus)).toEqual(["Locked", "Unlocked"]);
  });
});
