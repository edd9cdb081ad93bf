// Fault injection through /__sim/faults (5xx, 429 bursts with Retry-After, latency, dropped
// connections; per target and host; count-limited or until cleared) and the per-token rate limit.
import { afterAll, afterEach, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../index.ts";
import { api, authorizeUrl, errorOf, permanent, refreshWith, signIn, startSimulator } from "./helpers.ts";

let sim: Simulator;
let ada: string;
let linus: string;

beforeAll(async () => {
  sim = await startSimulator({ taskCount: 10 });
  ada = permanent(sim, "ada@acme.test", "Acme Robotics");
  linus = permanent(sim, "linus@nordlicht.test");
});
afterEach(() => sim.clearFaults());
afterAll(async () => {
  await sim.close();
});

async function fault(body: unknown, base = sim.loginOrigin): Promise<Response> {
  return fetch(`${base}/__sim/faults`, { method: "POST", body: JSON.stringify(body) });
}

const account = (host = sim.hosts.us, token = ada) => api(host, "/account", token);

describe("faults", () => {
  it("a 503 for the next two API calls, then normal service", async () => {
    expect((await fault({ status: 503, count: 2 })).status).toBe(200);
    expect(await errorOf(await account())).toMatchObject({ status: 503, error: "server_error" });
    expect(await errorOf(await account())).toMatchObject({ status: 503, error: "server_error" });
    expect((await account()).status).toBe(200);
    expect(await (await fetch(`${sim.loginOrigin}/__sim/faults`)).json()).toEqual({ fault: null });
  });

  it("a 500 until cleared by DELETE /__sim/faults", async () => {
    await fault({ status: 500 });
    for (let i = 0; i < 4; i++) expect((await account()).status).toBe(500);
    expect((await fetch(`${sim.loginOrigin}/__sim/faults`, { method: "DELETE" })).status).toBe(200);
    expect((await account()).status).toBe(200);
  });

  it("a 429 burst carries Wrike's error and a Retry-After header", async () => {
    await fault({ status: 429, retryAfter: 7, count: 3 });
    for (let i = 0; i < 3; i++) {
      const res = await account();
      expect(res.headers.get("retry-after")).toBe("7");
      expect(await errorOf(res)).toMatchObject({ status: 429, error: "too_many_requests" });
    }
    expect((await account()).status).toBe(200);
  });

  it("latency delays the answer but does not change it", async () => {
    await fault({ latencyMs: 300, count: 1 });
    const started = Date.now();
    const res = await account();
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(280);
    const quick = Date.now();
    await account();
    expect(Date.now() - quick).toBeLessThan(250);
  });

  it("a dropped connection: the socket closes with no response", async () => {
    await fault({ drop: true, count: 1 });
    await expect(account()).rejects.toThrow();
    expect((await account()).status).toBe(200);
  });

  it("latency plus a status", async () => {
    await fault({ latencyMs: 150, status: 502, count: 1 });
    const started = Date.now();
    expect((await account()).status).toBe(502);
    expect(Date.now() - started).toBeGreaterThanOrEqual(140);
  });

  it("can target one data centre", async () => {
    await fault({ status: 503, host: "eu" });
    expect((await account(sim.hosts.us, ada)).status).toBe(200);
    expect((await account(sim.hosts.eu, linus)).status).toBe(503);
  });

  it("target token hits only the token endpoint (with an RFC 6749 body); target api leaves it alone", async () => {
    const tokens = await signIn(sim);
    await fault({ target: "token", status: 503 });
    const refused = await refreshWith(sim.loginOrigin, tokens.refresh_token);
    expect(refused.status).toBe(503);
    expect(await refused.json()).toMatchObject({ error: "temporarily_unavailable" });
    expect((await account()).status).toBe(200);
    // The refresh token was not used up by the failed attempt.
    await fault({ target: "api", status: 500 });
    const ok = await refreshWith(sim.loginOrigin, tokens.refresh_token);
    expect(ok.status).toBe(200);
    expect((await account()).status).toBe(500);
  });

  it("target all hits the API, the token endpoint and the sign-in pages", async () => {
    await fault({ target: "all", status: 500 });
    expect((await account()).status).toBe(500);
    expect((await refreshWith(sim.loginOrigin, "x")).status).toBe(500);
    expect((await fetch(authorizeUrl(sim))).status).toBe(500);
    // The control API and avatars are never faulted.
    expect((await fetch(`${sim.loginOrigin}/__sim/stats`)).status).toBe(200);
  });

  it("is controlled from any port, and also through the Simulator object", async () => {
    expect((await fault({ status: 504, count: 1 }, `http://${sim.hosts.eu}`)).status).toBe(200);
    expect((await account()).status).toBe(504);
    sim.setFault({ status: 500, count: 1 });
    expect((await account()).status).toBe(500);
    expect((await account()).status).toBe(200);
  });

  it("refuses a malformed fault", async () => {
    for (const body of [
      { target: "db", status: 500 },
      { status: "500" },
      {},
      { status: 500, colour: "red" },
      { host: "asia", status: 500 },
    ]) {
      expect((await fault(body)).status).toBe(400);
    }
    expect((await account()).status).toBe(200);
  });

  it("counts faulted requests in /__sim/stats", async () => {
    const before = sim.stats().faults;
    await fault({ status: 500, count: 2 });
    await account();
    await account();
    expect(sim.stats().faults).toBe(before + 2);
  });
});

describe("rate limit", () => {
  it("past rateLimitPerMinute a token gets 429 too_many_requests with Retry-After; other tokens are not affected", async () => {
    const limited = await startSimulator({ taskCount: 0, rateLimitPerMinute: 5 });
    try {
      const token = permanent(limited, "grace@acme.test");
      for (let i = 0; i < 5; i++) expect((await api(limited.hosts.us, "/account", token)).status).toBe(200);
      const res = await api(limited.hosts.us, "/account", token);
      const retryAfter = Number(res.headers.get("retry-after"));
      expect(retryAfter).toBeGreaterThanOrEqual(1);
      expect(retryAfter).toBeLessThanOrEqual(60);
      expect(await errorOf(res)).toMatchObject({ status: 429, error: "too_many_requests" });
      expect((await api(limited.hosts.us, "/account", permanent(limited, "ada@acme.test"))).status).toBe(200);
      expect(limited.stats().rateLimited).toBe(1);
      // Raising the limit at run time lets the token through again.
      limited.configure({ rateLimitPerMinute: 100 });
      expect((await api(limited.hosts.us, "/account", token)).status).toBe(200);
    } finally {
      await limited.close();
    }
  });

  it("OAuth tokens are limited each on their own", async () => {
    const limited = await startSimulator({ taskCount: 0, rateLimitPerMinute: 2 });
    try {
      const a = await signIn(limited);
      const b = await signIn(limited);
      for (const t of [a, b]) {
        expect((await api(t.host, "/account", t.access_token)).status).toBe(200);
        expect((await api(t.host, "/account", t.access_token)).status).toBe(200);
        expect((await api(t.host, "/account", t.access_token)).status).toBe(429);
      }
    } finally {
      await limited.close();
    }
  });
});
