// How API v4 authenticates and answers: bearer header or access_token, expired vs unknown tokens,
// data-centre binding, permanent tokens, revocation, scope enforcement, envelope, routing errors.
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../index.ts";
import { api, CLIENT, errorOf, getJson, permanent, signIn, sleep, startSimulator } from "./helpers.ts";

let sim: Simulator;
let ada: string;
let rootId: string;
let taskId: string;

beforeAll(async () => {
  sim = await startSimulator({ taskCount: 30 });
  ada = permanent(sim, "ada@acme.test", "Acme Robotics");
  rootId = String((await getJson(sim.hosts.us, "/account", ada)).data[0]?.rootFolderId);
  taskId = String((await getJson(sim.hosts.us, "/tasks?pageSize=1", ada)).data[0]?.id);
});
afterAll(async () => {
  await sim.close();
});

const UNKNOWN = {
  status: 401,
  error: "not_authorized",
  errorDescription: "Access token is unknown or invalid",
};
const EXPIRED = {
  status: 401,
  error: "not_authorized",
  errorDescription: "Access token is unknown or expired",
};

describe("authentication", () => {
  it("accepts the Authorization scheme in any case", async () => {
    for (const scheme of ["Bearer", "bearer", "BEARER"]) {
      const res = await api(sim.hosts.us, "/contacts?me=true", null, {
        headers: { Authorization: `${scheme} ${ada}` },
      });
      expect(res.status).toBe(200);
    }
  });

  it("accepts an access_token parameter instead of the header", async () => {
    const res = await api(sim.hosts.us, `/contacts?me=true&access_token=${encodeURIComponent(ada)}`, null);
    expect(res.status).toBe(200);
    const form = await api(sim.hosts.us, `/tasks/${taskId}/comments?method=GET`, null, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ access_token: ada }),
    });
    expect(form.status).toBe(200);
  });

  it("no token, a malformed header, or an unknown token: 401 'Access token is unknown or invalid'", async () => {
    expect(await errorOf(await api(sim.hosts.us, "/contacts?me=true", null))).toEqual(UNKNOWN);
    expect(
      await errorOf(
        await api(sim.hosts.us, "/account", null, { headers: { Authorization: `Basic ${ada}` } }),
      ),
    ).toEqual(UNKNOWN);
    expect(await errorOf(await api(sim.hosts.us, "/account", "not-a-token"))).toEqual(UNKNOWN);
  });

  it("a token used at the wrong data centre: 401 'Access token is unknown or invalid'", async () => {
    expect(await errorOf(await api(sim.hosts.eu, "/account", ada))).toEqual(UNKNOWN);
    const linus = permanent(sim, "linus@nordlicht.test");
    expect(await errorOf(await api(sim.hosts.us, "/account", linus))).toEqual(UNKNOWN);
    expect((await api(sim.hosts.eu, "/account", linus)).status).toBe(200);
    const oauth = await signIn(sim, { email: "ada@acme.test", account: "Nordlicht Studio" });
    expect(await errorOf(await api(sim.hosts.us, "/account", oauth.access_token))).toEqual(UNKNOWN);
    const login = new URL(sim.loginOrigin).host;
    expect(await errorOf(await api(login, "/account", ada))).toEqual(UNKNOWN);
  });

  it("an expired access token: 401 'Access token is unknown or expired'; a refresh brings a working one", async () => {
    const short = await startSimulator({ taskCount: 0, accessTokenTtl: 1 });
    try {
      const tokens = await signIn(short);
      expect((await api(tokens.host, "/contacts?me=true", tokens.access_token)).status).toBe(200);
      await sleep(1100);
      expect(await errorOf(await api(tokens.host, "/contacts?me=true", tokens.access_token))).toEqual(
        EXPIRED,
      );
      const refreshed = await fetch(`${short.loginOrigin}/oauth2/token`, {
        method: "POST",
        body: new URLSearchParams({
          client_id: CLIENT.id,
          client_secret: CLIENT.secret,
          grant_type: "refresh_token",
          refresh_token: tokens.refresh_token,
        }),
      });
      const next = (await refreshed.json()) as { access_token: string };
      expect((await api(tokens.host, "/contacts?me=true", next.access_token)).status).toBe(200);
    } finally {
      await short.close();
    }
  });

  it("runtime config changes the lifetime of tokens issued afterwards", async () => {
    const res = await fetch(`${sim.loginOrigin}/__sim/config`, {
      method: "POST",
      body: JSON.stringify({ accessTokenTtl: 1 }),
    });
    expect(res.status).toBe(200);
    try {
      const tokens = await signIn(sim);
      expect(tokens.expires_in).toBe(1);
      await sleep(1100);
      expect(await errorOf(await api(tokens.host, "/account", tokens.access_token))).toEqual(EXPIRED);
    } finally {
      sim.configure({ accessTokenTtl: 3600 });
    }
  });
});

describe("permanent tokens", () => {
  it("exist for every seeded person and account, work like OAuth tokens, and are the same in every run", async () => {
    const other = await startSimulator({ taskCount: 0 });
    try {
      for (const user of sim.users) {
        for (const account of user.accounts) {
          const host = sim.hosts[account.host];
          const me = await getJson(host, "/contacts?me=true", account.permanentToken);
          expect(me.data[0]?.id).toBe(user.id);
          const acct = await getJson(host, "/account", account.permanentToken);
          expect(acct.data[0]?.name).toBe(account.name);
        }
      }
      expect(other.users).toEqual(sim.users);
    } finally {
      await other.close();
    }
  });

  it("are revoked with the rest of a user's tokens, and come back on reset", async () => {
    const s = await startSimulator({ taskCount: 0 });
    try {
      const grace = permanent(s, "grace@acme.test");
      const oauth = await signIn(s, { email: "grace@acme.test" });
      const adaToken = permanent(s, "ada@acme.test");
      expect(s.revoke("grace@acme.test")).toBeGreaterThanOrEqual(3);
      expect(await errorOf(await api(s.hosts.us, "/account", grace))).toEqual(UNKNOWN);
      expect(await errorOf(await api(s.hosts.us, "/account", oauth.access_token))).toEqual(UNKNOWN);
      expect((await api(s.hosts.us, "/account", adaToken)).status).toBe(200);
      s.reset();
      expect((await api(s.hosts.us, "/account", grace)).status).toBe(200);
    } finally {
      await s.close();
    }
  });
});

describe("scopes", () => {
  const create = (token: string) =>
    api(sim.hosts.us, `/folders/${rootId}/tasks`, token, {
      method: "POST",
      headers: { "Content-Type": "application/x-www-form-urlencoded" },
      body: new URLSearchParams({ title: "Scope probe" }),
    });

  it("a wsReadOnly token reads but gets 403 not_allowed on every write", async () => {
    const ro = (await signIn(sim, { email: "ada@acme.test", params: { scope: "wsReadOnly" } })).access_token;
    expect((await api(sim.hosts.us, "/tasks", ro)).status).toBe(200);
    expect((await api(sim.hosts.us, "/workflows", ro)).status).toBe(200);
    expect(await errorOf(await create(ro))).toMatchObject({ status: 403, error: "not_allowed" });
    const put = await api(sim.hosts.us, `/tasks/${taskId}?title=x`, ro, { method: "PUT" });
    expect(await errorOf(put)).toMatchObject({ status: 403, error: "not_allowed" });
    const comment = await api(sim.hosts.us, `/tasks/${taskId}/comments?text=hi`, ro, { method: "POST" });
    expect(await errorOf(comment)).toMatchObject({ status: 403, error: "not_allowed" });
    const override = await api(sim.hosts.us, `/tasks/${taskId}?method=DELETE`, ro);
    expect(await errorOf(override)).toMatchObject({ status: 403, error: "not_allowed" });
  });

  it("Default and wsReadWrite tokens may write", async () => {
    for (const scope of ["Default", "wsReadWrite", "wsReadOnly,wsReadWrite"]) {
      const token = (await signIn(sim, { email: "ada@acme.test", params: { scope } })).access_token;
      expect((await create(token)).status).toBe(200);
    }
    // No scope at all means Default.
    const none = (await signIn(sim, { params: { scope: undefined } })).access_token;
    expect((await create(none)).status).toBe(200);
  });

  it("a token with only an account-management scope cannot read tasks but can read workflows", async () => {
    const token = (await signIn(sim, { params: { scope: "amReadOnlyWorkflow" } })).access_token;
    expect(await errorOf(await api(sim.hosts.us, "/tasks", token))).toMatchObject({
      status: 403,
      error: "not_allowed",
    });
    expect((await api(sim.hosts.us, "/workflows", token)).status).toBe(200);
  });
});

describe("envelope and routing", () => {
  it("wraps data in { kind, data } and echoes state", async () => {
    const body = await getJson(sim.hosts.us, "/account?state=my-state-1", ada);
    expect(Object.keys(body)).toEqual(["kind", "state", "data"]);
    expect(body.kind).toBe("accounts");
    expect(body.state).toBe("my-state-1");
    expect(Array.isArray(body.data)).toBe(true);
  });

  it("sends no CORS headers (browsers must go through a backend)", async () => {
    const res = await api(sim.hosts.us, "/account", ada, { headers: { Origin: "http://localhost:5173" } });
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("an unknown method path: 404 method_not_found; v3 account paths are gone", async () => {
    expect(await errorOf(await api(sim.hosts.us, "/nope", ada))).toMatchObject({
      status: 404,
      error: "method_not_found",
    });
    const v3 = await api(sim.hosts.us, "/accounts/IEACW7SM/tasks", ada);
    expect(await errorOf(v3)).toMatchObject({ status: 404, error: "method_not_found" });
  });

  it("an unknown entity: 404 resource_not_found", async () => {
    expect(await errorOf(await api(sim.hosts.us, "/tasks/IEACW7SMKQZZZZZZ", ada))).toMatchObject({
      status: 404,
      error: "resource_not_found",
    });
    // Another account's task is as good as unknown.
    const nordTask = (
      await getJson(sim.hosts.eu, "/tasks?pageSize=1", permanent(sim, "linus@nordlicht.test"))
    ).data[0]?.id;
    expect(await errorOf(await api(sim.hosts.us, `/tasks/${String(nordTask)}`, ada))).toMatchObject({
      status: 404,
      error: "resource_not_found",
    });
  });

  it("a method the resource does not support: 400 invalid_request", async () => {
    expect(await errorOf(await api(sim.hosts.us, "/contacts", ada, { method: "DELETE" }))).toMatchObject({
      status: 400,
      error: "invalid_request",
    });
  });

  it("an unknown query parameter: 400 invalid_request (e.g. firstName on GET /contacts)", async () => {
    const res = await api(sim.hosts.us, "/contacts?firstName=Ada", ada);
    expect(await errorOf(res)).toMatchObject({ status: 400, error: "invalid_request" });
  });

  it("?method= overrides the HTTP method", async () => {
    const res = await api(sim.hosts.us, `/tasks/${taskId}?method=PUT&importance=Low`, ada);
    expect(res.status).toBe(200);
    const task = (await res.json()) as { data: { importance: string }[] };
    expect(task.data[0]?.importance).toBe("Low");
    expect(await errorOf(await api(sim.hosts.us, "/tasks?method=PATCH", ada))).toMatchObject({
      error: "invalid_request",
    });
  });
});
