// Operations: one JSON log line per request with its id, GET /healthz, GET /auth/hosts, configuration errors.
import { env } from "cloudflare:workers";
import { afterEach, beforeEach, describe, expect, it, vi, type MockInstance } from "vitest";
import { createApp } from "../../worker/app.ts";
import type { RequestLogLine } from "../../worker/middleware/log.ts";
import { api, errorOf, relay, resetSim, SIM_EU, SIM_US, signIn, token, withEnv } from "./helpers.ts";

const ALLOWED_ORIGIN = "https://app.example.test";

let logSpy: MockInstance<typeof console.log>;
let errorSpy: MockInstance<typeof console.error>;

beforeEach(async () => {
  await resetSim();
  logSpy = vi.spyOn(console, "log");
  errorSpy = vi.spyOn(console, "error");
});
afterEach(() => vi.restoreAllMocks());

/** The relay's request lines logged so far (console.log of one JSON object each). */
function requestLines(): RequestLogLine[] {
  return logSpy.mock.calls
    .map((args) => (typeof args[0] === "string" && args.length === 1 ? args[0] : ""))
    .filter((text) => text.startsWith('{"msg":"request"'))
    .map((text) => JSON.parse(text) as RequestLogLine);
}

/** The one request line with this id (each response names its own in X-Request-Id). */
function lineOf(res: Response): RequestLogLine {
  const id = res.headers.get("x-request-id");
  expect(id).toMatch(/^[0-9a-f]{32}$/);
  const lines = requestLines().filter((line) => line.id === id);
  expect(lines).toHaveLength(1);
  return lines[0]!;
}

describe("request log", () => {
  it("logs one line per request: the route pattern (never the URL or its query), method, status, time", async () => {
    const login = await relay("/auth/login?return_to=%2Ftasks%3Fsecret-query%3D1&access=read&mode=redirect");
    expect(login.status).toBe(302);
    const line = lineOf(login);
    expect(line).toMatchObject({ msg: "request", method: "GET", route: "/auth/login", status: 302 });
    expect(typeof line.ms).toBe("number");
    expect(line.ms).toBeGreaterThanOrEqual(0);
    expect(Object.keys(line).sort()).toEqual(["id", "method", "ms", "msg", "route", "status"]);

    const page = await relay("/tasks/IEAAAA?filter=secret-filter");
    expect(lineOf(page)).toMatchObject({ route: "/*", status: 200 });
    const all = JSON.stringify(logSpy.mock.calls);
    expect(all).not.toContain("secret-query");
    expect(all).not.toContain("secret-filter");
    expect(all).not.toContain("IEAAAA");
  });

  it("gives every request its own id, also on errors and preflights, and lets CORS callers read it", async () => {
    const a = await relay("/healthz");
    const b = await relay("/healthz");
    expect(lineOf(a).id).not.toBe(lineOf(b).id);

    const missing = await relay("/auth/nothing");
    expect(lineOf(missing)).toMatchObject({ route: "/auth/*", status: 404, error: "not_found" });

    const preflight = await relay("/api/v4/tasks", {
      method: "OPTIONS",
      headers: { origin: ALLOWED_ORIGIN, "access-control-request-method": "POST" },
    });
    expect(preflight.status).toBe(204);
    expect(lineOf(preflight)).toMatchObject({ method: "OPTIONS", route: "/api/*", status: 204 });

    const refused = await relay("/auth/token", {
      method: "POST",
      headers: { origin: ALLOWED_ORIGIN, "x-requested-with": "wrike-pane" },
    });
    expect(refused.status).toBe(401);
    expect(lineOf(refused)).toMatchObject({ route: "/auth/token", status: 401, error: "not_signed_in" });
    const exposed = (refused.headers.get("access-control-expose-headers") ?? "").toLowerCase();
    expect(exposed.split(/\s*,\s*/)).toContain("x-request-id");
  });

  it("records Wrike's status and the data-centre host for proxied calls", async () => {
    const { jar } = await signIn();
    const { body } = await token(jar);
    const accessToken = String(body.access_token);

    const ok = await api("contacts?me=true", accessToken, SIM_US);
    expect(ok.status).toBe(200);
    expect(lineOf(ok)).toMatchObject({
      route: "/api/v4/*",
      method: "GET",
      status: 200,
      upstream_status: 200,
      host: SIM_US,
    });

    // Wrike refuses the token on the other data centre: its 401 passes through, and the log says so.
    const wrongHost = await api("contacts?me=true", accessToken, SIM_EU);
    expect(wrongHost.status).toBe(401);
    expect(lineOf(wrongHost)).toMatchObject({ status: 401, upstream_status: 401, host: SIM_EU });

    // A refused host never reaches Wrike, and the caller's header text is not logged.
    const refused = await api("contacts", accessToken, "evil.example.test");
    expect(refused.status).toBe(400);
    const line = lineOf(refused);
    expect(line).toMatchObject({ status: 400, error: "host_not_allowed" });
    expect(line.upstream_status).toBeUndefined();
    expect(line.host).toBeUndefined();
    expect(JSON.stringify(logSpy.mock.calls)).not.toContain("evil.example.test");
    expect(JSON.stringify(logSpy.mock.calls)).not.toContain(accessToken);
  });
});

describe("GET /healthz", () => {
  it("says the relay is configured, and nothing else", async () => {
    const res = await relay("/healthz");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ ok: true });
    expect(res.headers.get("content-type")).toMatch(/^application\/json/);
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers 503 not_configured without naming a setting or a value", async () => {
    const res = await relay("/healthz", {
      via: withEnv({ WRIKE_CLIENT_SECRET: "", SESSION_SECRET: "short" }),
    });
    expect(res.status).toBe(503);
    const text = await res.text();
    expect(JSON.parse(text)).toEqual({ ok: false, error: "not_configured" });
    expect(text).not.toContain("SESSION_SECRET");
    expect(text).not.toContain("short");
  });
});

describe("GET /auth/hosts", () => {
  it("lists exactly the allow-listed data-centre hosts, the default first", async () => {
    const res = await relay("/auth/hosts");
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({ hosts: [SIM_US, SIM_EU] });
    expect(res.headers.get("cache-control")).toBe("no-store");

    const production = withEnv({
      WRIKE_LOCAL: "",
      WRIKE_OAUTH_BASE: "https://login.wrike.com",
      WRIKE_API_HOSTS: "www.wrike.com,app-eu.wrike.com,app-us2.wrike.com",
    });
    const prod = await relay("https://relay.test/auth/hosts", { via: production });
    expect(await prod.json()).toEqual({ hosts: ["www.wrike.com", "app-eu.wrike.com", "app-us2.wrike.com"] });
  });

  it("is not_configured JSON on a broken relay", async () => {
    const res = await relay("/auth/hosts", { via: withEnv({ WRIKE_CLIENT_ID: "" }) });
    expect(res.status).toBe(500);
    expect(await errorOf(res)).toBe("not_configured");
  });
});

describe("configuration errors", () => {
  it("log one line per isolate that names the settings and never a value", async () => {
    // One env object, as an isolate has: the first request reports, the next ones do not repeat it.
    const brokenEnv = { ...env, WRIKE_CLIENT_ID: "", SESSION_SECRET: "too-short-to-be-a-key" };
    const app = createApp();
    const via = async (request: Request) => app.fetch(request, brokenEnv);
    expect((await relay("/auth/login", { via })).status).toBe(500);
    expect((await relay("/healthz", { via })).status).toBe(503);
    expect((await relay("/api/v4/contacts", { via, headers: { authorization: "bearer x" } })).status).toBe(
      500,
    );
    const lines = errorSpy.mock.calls.map((args) => String(args[0]));
    const configLines = lines.filter((l) => l.includes('"not_configured"'));
    expect(configLines).toHaveLength(1);
    const parsed = JSON.parse(configLines[0]!) as { msg: string; settings: string[] };
    expect(parsed.msg).toBe("not_configured");
    expect(parsed.settings.sort()).toEqual(["SESSION_SECRET", "WRIKE_CLIENT_ID"]);
    expect(configLines[0]).not.toContain("too-short-to-be-a-key");
    expect(configLines[0]).not.toContain(env.WRIKE_CLIENT_SECRET);
    // No stack trace, no other error line.
    expect(lines.join("\n")).not.toMatch(/\n\s+at /);
    expect(lines).toHaveLength(1);
  });

  it("show a page naming the setting to a browser, JSON not_configured to fetches", async () => {
    const page = await relay("/auth/login?return_to=%2F", {
      via: withEnv({ ALLOWED_ORIGINS: "https://embedder.test" }),
      headers: { accept: "text/html", "sec-fetch-mode": "navigate" },
    });
    expect(page.status).toBe(500);
    expect(page.headers.get("content-type")).toMatch(/^text\/html/);
    expect(await errorOf(page)).toBe("not_configured");
    const html = await page.text();
    expect(html).toContain("The relay is not set up");
    expect(html).toContain("ALLOWED_ORIGINS");
    expect(html).toContain("EMBED_ORIGINS");
    expect(html).not.toMatch(/\bat \S+ \(/);
    // The configuration is read by the middleware in front of every /auth route, so that is the route
    // the line names: the request never reached the sign-in handler.
    expect(lineOf(page)).toMatchObject({ route: "/auth/*", status: 500, error: "not_configured" });

    const json = await relay("/auth/token", {
      method: "POST",
      via: withEnv({ WRIKE_CLIENT_SECRET: "" }),
      headers: { origin: "https://relay.test", "x-requested-with": "wrike-pane" },
    });
    expect(json.status).toBe(500);
    expect(json.headers.get("content-type")).toMatch(/^application\/json/);
    const body = (await json.json()) as { error: string; message: string };
    expect(body.error).toBe("not_configured");
    expect(body.message).toContain("WRIKE_CLIENT_SECRET");
  });
});
