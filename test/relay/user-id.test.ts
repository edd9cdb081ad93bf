// user_id: the callback asks Wrike who signed in, seals it in the session, and /auth/token answers it.
import { env } from "cloudflare:workers";
import { beforeEach, describe, expect, it } from "vitest";
import { seal } from "../../worker/lib/seal.ts";
import { SESSION_PURPOSE } from "../../worker/lib/session.ts";
import {
  ADA_EU,
  api,
  consentAtWrike,
  GRACE,
  openSession,
  relay,
  resetSim,
  SESSION_COOKIE,
  SIM_EU,
  SIM_US,
  signIn,
  simStats,
  startLogin,
  token,
  wrikeSim,
  type Person,
} from "./helpers.ts";

beforeEach(resetSim);

/** The id Wrike itself answers for `contacts?me=true` with this token, through the relay's proxy. */
async function wrikeSaysMe(accessToken: string, host: string): Promise<string> {
  const res = await api("contacts?me=true", accessToken, host);
  expect(res.status).toBe(200);
  const body = (await res.json()) as { data: { id: string }[] };
  expect(body.data).toHaveLength(1);
  return body.data[0]!.id;
}

describe("user_id from the callback", () => {
  it.each<[string, Person, string]>([
    ["Grace on the US host", GRACE, SIM_US],
    ["Ada's EU account on the EU host", ADA_EU, SIM_EU],
  ])("is Wrike's contacts?me=true id: %s", async (_what, person, host) => {
    const { jar, callback } = await signIn(person);
    expect(callback.status).toBe(302);
    const { res, body } = await token(jar);
    expect(res.status).toBe(200);
    expect(body.host).toBe(host);
    expect(typeof body.user_id).toBe("string");
    expect(body.user_id).toBe(await wrikeSaysMe(String(body.access_token), host));
    expect((await openSession(jar.get(SESSION_COOKIE)))?.uid).toBe(body.user_id);
  });

  it.each([
    ["a 500", { status: 500 }],
    ["a 401", { status: 401 }],
    ["no answer within the deadline", { latencyMs: 3000 }],
    ["a dropped connection", { drop: true }],
  ])(
    "is left out when Wrike's lookup fails with %s, and the sign-in still succeeds",
    async (_what, fault) => {
      const { jar, authorizeUrl } = await startLogin();
      const back = await consentAtWrike(authorizeUrl, GRACE);
      // The next API call Wrike sees is the callback's lookup: it fails, the code exchange does not.
      await wrikeSim.faults({ target: "api", count: 1, ...fault });
      const started = Date.now();
      const callback = await relay(back.pathname + back.search, { jar });
      // The lookup waits at most its deadline (UPSTREAM_TIMEOUT_MS=1500 here), not the fault's 3 s.
      expect(Date.now() - started).toBeLessThan(2900);
      expect(callback.status).toBe(302);
      expect(callback.headers.get("location")).toBe("/tasks");
      expect(await wrikeSim.fault()).toBeNull();
      const session = await openSession(jar.get(SESSION_COOKIE));
      expect(session).toBeDefined();
      expect(session!.uid).toBeUndefined();
      const { res, body } = await token(jar);
      expect(res.status).toBe(200);
      expect(Object.keys(body).sort()).toEqual(["access_token", "expires_at", "host", "scope"]);
      // The token itself is good: the app can still ask Wrike who it is.
      expect(await wrikeSaysMe(String(body.access_token), SIM_US)).toMatch(/^[A-Z0-9]+$/);
    },
  );

  it("is kept across a refresh", async () => {
    const { jar } = await signIn(GRACE);
    const first = await token(jar);
    expect(first.body.user_id).toBeDefined();
    const refreshed = await token(jar, {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ stale_token: first.body.access_token }),
    });
    expect(refreshed.res.status).toBe(200);
    expect((await simStats()).token.refresh_token).toBe(1);
    expect(refreshed.body.access_token).not.toBe(first.body.access_token);
    expect(refreshed.body.user_id).toBe(first.body.user_id);
    expect((await openSession(jar.get(SESSION_COOKIE)))?.uid).toBe(first.body.user_id);
  });

  it("is simply absent for a session sealed before the relay asked (no uid inside), which keeps working", async () => {
    const { jar } = await signIn(GRACE);
    const current = await openSession(jar.get(SESSION_COOKIE));
    expect(current?.uid).toBeDefined();
    const { uid: _uid, ...old } = current!;
    const keys = (env.SESSION_SECRET ?? "").split(",");
    jar.set(SESSION_COOKIE, await seal(keys, SESSION_PURPOSE, old));
    const { res, body } = await token(jar);
    expect(res.status).toBe(200);
    expect(body.access_token).toBe(old.at);
    expect(body).not.toHaveProperty("user_id");
    // A refresh of such a session works as before and does not invent an id.
    const refreshed = await token(jar, {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ stale_token: old.at }),
    });
    expect(refreshed.res.status).toBe(200);
    expect(refreshed.body.access_token).not.toBe(old.at);
    expect(refreshed.body).not.toHaveProperty("user_id");
  });

  it("is never taken from a cookie that holds a malformed one", async () => {
    const { jar } = await signIn(GRACE);
    const current = await openSession(jar.get(SESSION_COOKIE));
    const keys = (env.SESSION_SECRET ?? "").split(",");
    jar.set(SESSION_COOKIE, await seal(keys, SESSION_PURPOSE, { ...current, uid: "<script>" }));
    const { res, body } = await token(jar);
    expect(res.status).toBe(200);
    expect(body).not.toHaveProperty("user_id");
  });
});
