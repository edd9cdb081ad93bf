// The /__sim control API: users, stats, runtime config, revocation and reset, on every port.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { type SeedUser, type Simulator } from "../index.ts";
import { api, getJson, permanent, signIn, startSimulator } from "./helpers.ts";

let sim: Simulator;

beforeAll(async () => {
  sim = await startSimulator({ taskCount: 20 });
});
afterAll(async () => {
  await sim.close();
});

const post = (path: string, body?: unknown, base = sim.loginOrigin) =>
  fetch(`${base}${path}`, { method: "POST", body: body === undefined ? undefined : JSON.stringify(body) });

describe("/__sim", () => {
  it("GET /__sim/users lists the seeded people, on every port", async () => {
    for (const base of [sim.loginOrigin, `http://${sim.hosts.us}`, `http://${sim.hosts.eu}`]) {
      const users = (await (await fetch(`${base}/__sim/users`)).json()) as SeedUser[];
      expect(users).toEqual(sim.users);
    }
    const ada = sim.users.find((u) => u.email === "ada@acme.test");
    expect(ada).toMatchObject({ firstName: "Ada", lastName: "Lovelace", password: "wrike-demo" });
    expect(ada?.accounts.map((a) => [a.name, a.host, a.role, a.admin, a.owner])).toEqual([
      ["Acme Robotics", "us", "User", true, true],
      ["Nordlicht Studio", "eu", "User", false, false],
    ]);
    expect(sim.users.map((u) => u.email)).toEqual([
      "ada@acme.test",
      "grace@acme.test",
      "margaret@acme.test",
      "linus@nordlicht.test",
    ]);
    expect(sim.users.find((u) => u.email === "margaret@acme.test")?.accounts[0]?.role).toBe("Collaborator");
    expect(sim.users.find((u) => u.email === "linus@nordlicht.test")?.accounts[0]).toMatchObject({
      host: "eu",
      admin: true,
      owner: true,
    });
  });

  it("GET /__sim/stats counts API calls", async () => {
    const before = ((await (await fetch(`${sim.loginOrigin}/__sim/stats`)).json()) as { api: number }).api;
    await api(sim.hosts.us, "/account", permanent(sim, "ada@acme.test"));
    await api(sim.hosts.us, "/account", "bad");
    const after = (await (await fetch(`${sim.loginOrigin}/__sim/stats`)).json()) as {
      api: number;
      token: object;
    };
    expect(after.api).toBe(before + 2);
    expect(after.token).toEqual({ authorization_code: 0, refresh_token: 0, errors: 0 });
  });

  it("POST /__sim/config changes settings at run time and refuses unknown ones", async () => {
    const res = await post("/__sim/config", { expiresInAsString: true });
    expect(((await res.json()) as { config: { expiresInAsString: boolean } }).config.expiresInAsString).toBe(
      true,
    );
    expect((await signIn(sim)).expires_in).toBe("3600");
    expect((await post("/__sim/config", { tokenTtl: 5 })).status).toBe(400);
    expect((await post("/__sim/config", { codeTtl: -1 })).status).toBe(400);
    await post("/__sim/config", { expiresInAsString: false });
  });

  it("POST /__sim/revoke needs a known email", async () => {
    expect((await post("/__sim/revoke", { email: "nobody@acme.test" })).status).toBe(400);
    expect((await post("/__sim/revoke", {})).status).toBe(400);
  });

  it("POST /__sim/reset: data re-seeded, faults cleared, OAuth tokens dropped, permanent tokens back, counters zeroed, config restored", async () => {
    const ada = permanent(sim, "ada@acme.test");
    const root = String((await getJson(sim.hosts.us, "/account", ada)).data[0]?.rootFolderId);
    const created = await api(sim.hosts.us, `/folders/${root}/tasks?title=Ephemeral`, ada, {
      method: "POST",
    });
    const id = ((await created.json()) as { data: { id: string }[] }).data[0]?.id;
    const oauth = await signIn(sim);
    await post("/__sim/config", { accessTokenTtl: 5 });
    await post("/__sim/revoke", { email: "grace@acme.test" });
    await post("/__sim/faults", { status: 500, target: "token" });
    expect((await post("/__sim/reset", undefined, `http://${sim.hosts.eu}`)).status).toBe(200);
    expect((await api(sim.hosts.us, `/tasks/${id}`, ada)).status).toBe(404);
    expect((await api(sim.hosts.us, "/account", oauth.access_token)).status).toBe(401);
    expect((await api(sim.hosts.us, "/account", permanent(sim, "grace@acme.test"))).status).toBe(200);
    const stats = (await (await fetch(`${sim.loginOrigin}/__sim/stats`)).json()) as {
      api: number;
      faults: number;
    };
    expect(stats.api).toBe(3);
    const fresh = await signIn(sim);
    expect(fresh.expires_in).toBe(3600);
  });

  it("an unknown control route is 404", async () => {
    expect((await fetch(`${sim.loginOrigin}/__sim/nope`)).status).toBe(404);
  });
});
