// Wrike's API failing: 5xx, 429 and timeouts reach the caller as such; the session is never touched.
import { afterEach, beforeAll, describe, expect, it } from "vitest";
import {
  api,
  CookieJar,
  GRACE,
  resetSim,
  SESSION_COOKIE,
  SIM_US,
  signIn,
  wrikeSim,
  token,
} from "./helpers.ts";

const ALLOWED_ORIGIN = "https://app.example.test";
let jar: CookieJar;
let accessToken = "";

beforeAll(async () => {
  await resetSim();
  jar = (await signIn(GRACE)).jar;
  accessToken = String((await token(jar)).body.access_token);
});
afterEach(async () => {
  await wrikeSim.clearFaults();
});

/** The session still works exactly as before: same cookie, same token, nothing rewritten. */
async function sessionUntouched(res: Response) {
  expect(res.headers.getSetCookie()).toEqual([]);
  const before = jar.get(SESSION_COOKIE);
  const again = await token(jar);
  expect(again.res.status).toBe(200);
  expect(again.body.access_token).toBe(accessToken);
  expect(jar.get(SESSION_COOKIE)).toBe(before);
}

describe("API faults", () => {
  it.each([500, 502, 503])("passes Wrike's %i through with its body and CORS headers", async (status) => {
    await wrikeSim.faults({ target: "api", status, count: 1 });
    const res = await api("tasks", accessToken, SIM_US, { headers: { origin: ALLOWED_ORIGIN } });
    expect(res.status).toBe(status);
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(res.headers.get("content-type")).toMatch(/json/);
    await sessionUntouched(res);
    // The fault was for one request: the next call succeeds.
    expect((await api("tasks", accessToken, SIM_US)).status).toBe(200);
  });

  it("passes 429 and Retry-After through untouched", async () => {
    await wrikeSim.faults({ target: "api", status: 429, retryAfter: 12, count: 1 });
    const res = await api("tasks", accessToken, SIM_US, { headers: { origin: ALLOWED_ORIGIN } });
    expect(res.status).toBe(429);
    expect(res.headers.get("retry-after")).toBe("12");
    expect(res.headers.get("access-control-expose-headers")).toContain("Retry-After");
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(await res.json()).toMatchObject({
      error: expect.stringMatching(/too_many_requests|rate_limit_exceeded/),
    });
    await sessionUntouched(res);
  });

  it("answers 504 upstream_timeout when Wrike does not answer in time", async () => {
    await wrikeSim.faults({ target: "api", latencyMs: 3000, count: 1 });
    const started = Date.now();
    const res = await api("tasks", accessToken, SIM_US, { headers: { origin: ALLOWED_ORIGIN } });
    expect(Date.now() - started).toBeLessThan(2900);
    expect(res.status).toBe(504);
    expect(await res.json()).toMatchObject({ error: "upstream_timeout" });
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    await sessionUntouched(res);
  });

  it("answers 502 upstream_unreachable on a dropped connection", async () => {
    await wrikeSim.faults({ target: "api", drop: true, count: 1 });
    const res = await api("tasks", accessToken, SIM_US, { headers: { origin: ALLOWED_ORIGIN } });
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: "upstream_unreachable" });
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    await sessionUntouched(res);
  });

  it("answers 502 upstream_unreachable when nothing listens on the host", async () => {
    const res = await api("tasks", accessToken, SIM_US, {
      via: (await import("./helpers.ts")).withEnv({ WRIKE_API_HOSTS: `${SIM_US},127.0.0.1:1` }),
      headers: { "x-wrike-host": "127.0.0.1:1" },
    });
    expect(res.status).toBe(502);
    expect(await res.json()).toMatchObject({ error: "upstream_unreachable" });
  });
});
