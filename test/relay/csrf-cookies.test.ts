// The cookie-bearing POSTs refuse cross-site and simple requests; broken or foreign cookies fail closed.
import { env } from "cloudflare:workers";
import { describe, expect, it } from "vitest";
import { createApp } from "../../worker/app.ts";
import { seal, toBase64Url } from "../../worker/lib/seal.ts";
import { SESSION_PURPOSE, type Session } from "../../worker/lib/session.ts";
import {
  CookieJar,
  errorOf,
  RELAY,
  relay,
  rememberSecret,
  SESSION_COOKIE,
  sessionCookiesSet,
  SIM_US,
} from "./helpers.ts";

const KEYS = env.SESSION_SECRET!.split(",");

/** A session as the relay would seal it, with a fresh access token (so no refresh is needed). */
async function forgedJar(overrides: Partial<Session> = {}, keys = KEYS, purpose = SESSION_PURPOSE) {
  const session: Session = {
    v: 1,
    sid: crypto.randomUUID(),
    rt: `rt-${crypto.randomUUID()}`,
    at: `at-${crypto.randomUUID()}`,
    exp: Math.floor(Date.now() / 1000) + 3000,
    host: SIM_US,
    scope: "wsReadOnly",
    ...overrides,
  };
  rememberSecret(session.rt);
  const jar = new CookieJar();
  jar.set(SESSION_COOKIE, await seal(keys, purpose, session));
  return { jar, session };
}

function post(path: string, jar: CookieJar, headers: Record<string, string>, body?: string) {
  return relay(path, { method: "POST", jar, headers, ...(body !== undefined ? { body } : {}) });
}

describe("POST /auth/token: CSRF", () => {
  it("answers the app (own origin + X-Requested-With) with the token and never the refresh token", async () => {
    const { jar, session } = await forgedJar();
    const res = await post("/auth/token", jar, { origin: RELAY, "x-requested-with": "wrike-pane" });
    expect(res.status).toBe(200);
    expect(await res.json()).toEqual({
      access_token: session.at,
      host: session.host,
      expires_at: session.exp,
      scope: "wsReadOnly",
    });
    expect(res.headers.get("cache-control")).toBe("no-store");
    // Fresh token: nothing to refresh, so no cookie is written.
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("also accepts a JSON request from its own origin", async () => {
    const { jar } = await forgedJar();
    const res = await post("/auth/token", jar, { origin: RELAY, "content-type": "application/json" }, "{}");
    expect(res.status).toBe(200);
  });

  it.each([
    [
      "a foreign Origin",
      { origin: "https://evil.test", "x-requested-with": "wrike-pane" },
      403,
      "bad_origin",
    ],
    [
      "a look-alike Origin",
      { origin: "https://relay.test.evil.test", "x-requested-with": "wrike-pane" },
      403,
      "bad_origin",
    ],
    [
      "the http twin of the origin",
      { origin: "http://relay.test", "x-requested-with": "wrike-pane" },
      403,
      "bad_origin",
    ],
    ["Origin null", { origin: "null", "x-requested-with": "wrike-pane" }, 403, "bad_origin"],
    ["no Origin", { "x-requested-with": "wrike-pane" }, 403, "bad_origin"],
    [
      "a form post",
      { origin: RELAY, "content-type": "application/x-www-form-urlencoded" },
      403,
      "csrf_rejected",
    ],
    ["a text/plain post", { origin: RELAY, "content-type": "text/plain" }, 403, "csrf_rejected"],
    [
      "a multipart post",
      { origin: RELAY, "content-type": "multipart/form-data; boundary=x" },
      403,
      "csrf_rejected",
    ],
    [
      "a JSON look-alike",
      { origin: RELAY, "content-type": "text/plain; a=application/json" },
      403,
      "csrf_rejected",
    ],
    ["an empty X-Requested-With", { origin: RELAY, "x-requested-with": "" }, 403, "csrf_rejected"],
    ["a foreign form post", { origin: "https://evil.test", "content-type": "text/plain" }, 403, "bad_origin"],
  ])("refuses %s with no token and no cookie change", async (_name, headers, status, code) => {
    const { jar, session } = await forgedJar();
    const res = await post("/auth/token", jar, headers, "x=1");
    expect(res.status).toBe(status);
    expect(await errorOf(res)).toBe(code);
    expect(await res.text()).not.toContain(session.at);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
  });

  it("takes any X-Requested-With value as the custom header that forces a preflight", async () => {
    const { jar, session } = await forgedJar();
    const res = await post("/auth/token", jar, { origin: RELAY, "x-requested-with": "XMLHttpRequest" });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { access_token: string }).access_token).toBe(session.at);
  });

  it("serves an allowed embedder origin with credentialed CORS", async () => {
    const { jar } = await forgedJar();
    const res = await post("/auth/token", jar, {
      origin: "https://app.example.test",
      "x-requested-with": "wrike-pane",
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBe("https://app.example.test");
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
    expect(res.headers.get("vary")).toMatch(/Origin/);
  });

  it("answers a preflight from an allowed origin, and gives a foreign one nothing", async () => {
    const ok = await relay("/auth/token", {
      method: "OPTIONS",
      headers: {
        origin: "https://app.example.test",
        "access-control-request-method": "POST",
        "access-control-request-headers": "x-requested-with",
      },
    });
    expect(ok.status).toBe(204);
    expect(ok.headers.get("access-control-allow-origin")).toBe("https://app.example.test");
    expect(ok.headers.get("access-control-allow-headers")).toMatch(/X-Requested-With/);
    const evil = await relay("/auth/token", {
      method: "OPTIONS",
      headers: { origin: "https://evil.test", "access-control-request-method": "POST" },
    });
    expect(evil.headers.get("access-control-allow-origin")).toBeNull();
    expect(evil.headers.get("access-control-allow-credentials")).toBeNull();
  });
});

describe("POST /auth/logout", () => {
  it("clears the session under both names for the app", async () => {
    const { jar } = await forgedJar();
    const res = await post("/auth/logout", jar, { origin: RELAY, "x-requested-with": "wrike-pane" });
    expect(res.status).toBe(204);
    const cleared = res.headers.getSetCookie();
    expect(cleared.some((c) => /^__Host-wp_session=;.*Max-Age=0/.test(c))).toBe(true);
    expect(cleared.some((c) => /^wp_session=;.*Max-Age=0/.test(c))).toBe(true);
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    const after = await post("/auth/token", jar, { origin: RELAY, "x-requested-with": "wrike-pane" });
    expect(await errorOf(after)).toBe("not_signed_in");
  });

  it.each([
    ["a foreign Origin", { origin: "https://evil.test", "x-requested-with": "wrike-pane" }],
    ["no Origin", { "x-requested-with": "wrike-pane" }],
    ["a simple form post", { origin: RELAY, "content-type": "application/x-www-form-urlencoded" }],
    [
      "a foreign simple form post",
      { origin: "https://evil.test", "content-type": "application/x-www-form-urlencoded" },
    ],
  ])("refuses %s and keeps the session", async (_name, headers) => {
    const { jar } = await forgedJar();
    const before = jar.get(SESSION_COOKIE);
    const res = await post("/auth/logout", jar, headers, "a=1");
    expect(res.status).toBe(403);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(jar.get(SESSION_COOKIE)).toBe(before);
    const still = await post("/auth/token", jar, { origin: RELAY, "x-requested-with": "wrike-pane" });
    expect(still.status).toBe(200);
  });
});

describe("session cookies that fail closed", () => {
  const app = { origin: RELAY, "x-requested-with": "wrike-pane" };

  it("says not_signed_in without a cookie and sets none", async () => {
    const res = await post("/auth/token", new CookieJar(), app);
    expect(res.status).toBe(401);
    expect(await res.json()).toMatchObject({ error: "not_signed_in" });
    expect(res.headers.getSetCookie()).toEqual([]);
  });

  async function refusedAndCleared(value: string) {
    const jar = new CookieJar();
    jar.set(SESSION_COOKIE, value);
    const res = await post("/auth/token", jar, app);
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toBe("not_signed_in");
    expect(sessionCookiesSet(res)).toEqual([]);
    expect(res.headers.getSetCookie().some((c) => /^__Host-wp_session=;.*Max-Age=0/.test(c))).toBe(true);
  }

  it("refuses a tampered cookie (every position) and clears it", async () => {
    const { jar } = await forgedJar();
    const good = jar.get(SESSION_COOKIE)!;
    for (const i of [3, 10, 20, Math.floor(good.length / 2), good.length - 2, good.length - 1]) {
      const c = good[i] === "A" ? "B" : "A";
      await refusedAndCleared(good.slice(0, i) + c + good.slice(i + 1));
    }
  });

  it("refuses truncated and padded cookies", async () => {
    const { jar } = await forgedJar();
    const good = jar.get(SESSION_COOKIE)!;
    await refusedAndCleared(good.slice(0, -4));
    await refusedAndCleared(good.slice(0, 40));
    await refusedAndCleared(`${good}AAAA`);
    await refusedAndCleared("v1.");
    await refusedAndCleared("garbage");
    await refusedAndCleared(`v1.${toBase64Url(crypto.getRandomValues(new Uint8Array(200)))}`);
  });

  it("refuses a cookie sealed under a key the relay does not hold (re-keyed)", async () => {
    const { jar } = await forgedJar({}, ["attacker-key-0123456789abcdef0123456789abcdef"]);
    await refusedAndCleared(jar.get(SESSION_COOKIE)!);
  });

  it("refuses a flow cookie's sealed value presented as a session", async () => {
    const { jar } = await forgedJar({}, KEYS, "flow:AAAAAAAAAAAAAAAAAAAAAA");
    await refusedAndCleared(jar.get(SESSION_COOKIE)!);
  });

  it("ignores a bare wp_session cookie on https (only __Host- counts there)", async () => {
    const { jar } = await forgedJar();
    const bare = new CookieJar();
    bare.set("wp_session", jar.get(SESSION_COOKIE)!);
    const res = await post("/auth/token", bare, app);
    expect(await errorOf(res)).toBe("not_signed_in");
  });

  it("ends a session whose host left the allow-list", async () => {
    const { jar } = await forgedJar({ host: "www.wrike.com" });
    const res = await post("/auth/token", jar, app);
    expect(res.status).toBe(401);
    expect(await errorOf(res)).toBe("session_expired");
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
  });
});

describe("keys and restarts", () => {
  const app = { origin: RELAY, "x-requested-with": "wrike-pane" };
  const OLD = "old-rotation-key-0123456789abcdef0123456789";
  const NEW = "new-rotation-key-0123456789abcdef0123456789";
  const withKeys = (secret: string) => (req: Request) =>
    Promise.resolve(createApp().fetch(req, { ...env, SESSION_SECRET: secret }));

  it("keeps a session across a rotation (new key first, old second), and fails closed with the old key gone", async () => {
    const { jar, session } = await forgedJar({}, [OLD]);
    const rotated = await relay("/auth/token", {
      method: "POST",
      jar,
      headers: app,
      via: withKeys(`${NEW},${OLD}`),
    });
    expect(rotated.status).toBe(200);
    expect(((await rotated.json()) as { access_token: string }).access_token).toBe(session.at);
    // A session sealed by the rotated relay (new key) is unreadable to a relay with only the old key.
    const { jar: fresh } = await forgedJar({}, [NEW]);
    const oldOnly = await relay("/auth/token", {
      method: "POST",
      jar: fresh,
      headers: app,
      via: withKeys(OLD),
    });
    expect(oldOnly.status).toBe(401);
    expect(await errorOf(oldOnly)).toBe("not_signed_in");
    // And once the old key is retired, sessions sealed with it end (fail closed), cleanly.
    const { jar: stale } = await forgedJar({}, [OLD]);
    const retired = await relay("/auth/token", {
      method: "POST",
      jar: stale,
      headers: app,
      via: withKeys(NEW),
    });
    expect(await errorOf(retired)).toBe("not_signed_in");
  });

  it("keeps sessions across a restart (a fresh app instance with the same keys)", async () => {
    const { jar, session } = await forgedJar();
    const res = await relay("/auth/token", {
      method: "POST",
      jar,
      headers: app,
      via: withKeys(env.SESSION_SECRET!),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { access_token: string }).access_token).toBe(session.at);
  });
});
