// Paging: pageSize (max 1000) + opaque nextPageToken (fields re-sent each page), responseSize, and the
// default cap of 1000 tasks without paging.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../index.ts";
import { api, errorOf, getJson, permanent, q, startSimulator } from "./helpers.ts";

let sim: Simulator;
let ada: string;

beforeAll(async () => {
  sim = await startSimulator({ taskCount: 1300 });
  ada = permanent(sim, "ada@acme.test", "Acme Robotics");
});
afterAll(async () => {
  await sim.close();
});

describe("paging", () => {
  it("walks every page with nextPageToken: the count equals responseSize, no duplicates, fields applied", async () => {
    const first = await getJson(
      sim.hosts.us,
      `/tasks${q({ pageSize: "97", status: "Active", fields: ["responsibleIds"] })}`,
      ada,
    );
    expect(first.data).toHaveLength(97);
    expect(typeof first.responseSize).toBe("number");
    expect(first.nextPageToken).toMatch(/^[A-Z2-7]{20,}$/);
    const seen = first.data.map((t) => String(t.id));
    let token = first.nextPageToken;
    let pages = 1;
    while (token) {
      const next = await getJson(
        sim.hosts.us,
        `/tasks${q({ nextPageToken: token, fields: ["responsibleIds"] })}`,
        ada,
      );
      expect(next.responseSize).toBe(first.responseSize);
      expect(next.data.every((t) => Array.isArray(t.responsibleIds))).toBe(true);
      expect(next.data.every((t) => t.status === "Active")).toBe(true);
      seen.push(...next.data.map((t) => String(t.id)));
      token = next.nextPageToken;
      pages++;
    }
    expect(seen).toHaveLength(first.responseSize ?? -1);
    expect(new Set(seen).size).toBe(seen.length);
    expect(pages).toBe(Math.ceil((first.responseSize ?? 0) / 97));
    const unpaged = await getJson(sim.hosts.us, "/tasks?status=Active", ada);
    expect(unpaged.data.map((t) => t.id)).toEqual(seen);
  });

  it("without fields on a later page, the optional fields are gone (they must be re-sent)", async () => {
    const first = await getJson(
      sim.hosts.us,
      `/tasks${q({ pageSize: "10", fields: ["responsibleIds"] })}`,
      ada,
    );
    const next = await getJson(sim.hosts.us, `/tasks${q({ nextPageToken: first.nextPageToken })}`, ada);
    expect(next.data[0]).not.toHaveProperty("responsibleIds");
  });

  it("re-sending a page token returns the same page", async () => {
    const first = await getJson(sim.hosts.us, "/tasks?pageSize=5", ada);
    const a = await getJson(sim.hosts.us, `/tasks${q({ nextPageToken: first.nextPageToken })}`, ada);
    const b = await getJson(sim.hosts.us, `/tasks${q({ nextPageToken: first.nextPageToken })}`, ada);
    expect(b.data.map((t) => t.id)).toEqual(a.data.map((t) => t.id));
  });

  it("pageSize must be 1..1000; an unknown token is 400 invalid_parameter", async () => {
    for (const size of ["0", "1001", "ten"]) {
      expect(await errorOf(await api(sim.hosts.us, `/tasks?pageSize=${size}`, ada))).toMatchObject({
        status: 400,
        error: "invalid_parameter",
      });
    }
    expect((await getJson(sim.hosts.us, "/tasks?pageSize=1000", ada)).data).toHaveLength(1000);
    expect(await errorOf(await api(sim.hosts.us, "/tasks?nextPageToken=NOTATOKEN", ada))).toMatchObject({
      status: 400,
      error: "invalid_parameter",
    });
  });

  it("a page token only works in its own account", async () => {
    const first = await getJson(sim.hosts.us, "/tasks?pageSize=5", ada);
    const adaEu = permanent(sim, "ada@acme.test", "Nordlicht Studio");
    expect(
      await errorOf(await api(sim.hosts.eu, `/tasks${q({ nextPageToken: first.nextPageToken })}`, adaEu)),
    ).toMatchObject({
      error: "invalid_parameter",
    });
  });

  it("without pageSize, a list call returns at most 1000 tasks and no page token", async () => {
    const body = await getJson(sim.hosts.us, "/tasks", ada);
    expect(body.data).toHaveLength(1000);
    expect(body.nextPageToken).toBeUndefined();
    expect(body.responseSize).toBeUndefined();
    const paged = await getJson(sim.hosts.us, "/tasks?pageSize=1", ada);
    expect(paged.responseSize).toBeGreaterThan(1000);
  });

  it("limit caps the result", async () => {
    expect((await getJson(sim.hosts.us, "/tasks?limit=7", ada)).data).toHaveLength(7);
    const paged = await getJson(sim.hosts.us, "/tasks?limit=7&pageSize=5", ada);
    expect(paged.responseSize).toBe(7);
  });

  it("GET /folders with pageSize pages the full 'folders' model", async () => {
    const first = await getJson(sim.hosts.us, "/folders?pageSize=4", ada);
    expect(first.kind).toBe("folders");
    expect(first.data).toHaveLength(4);
    const ids = first.data.map((f) => f.id);
    let token = first.nextPageToken;
    while (token) {
      const next = await getJson(sim.hosts.us, `/folders${q({ nextPageToken: token })}`, ada);
      ids.push(...next.data.map((f) => f.id));
      token = next.nextPageToken;
    }
    expect(ids).toHaveLength(first.responseSize ?? -1);
    const tree = await getJson(sim.hosts.us, "/folders", ada);
    expect(tree.kind).toBe("folderTree");
    expect(new Set(ids)).toEqual(new Set(tree.data.map((f) => f.id)));
  });
});
