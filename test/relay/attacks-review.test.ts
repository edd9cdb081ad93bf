// The review's other findings, attacked again: Wrike content as the relay's origin, a flow-cookie bomb,
// an embedder reading its visitors' tokens, plain http in production, and a cookie that outlives sign-out.
import { describe, expect, it, beforeEach } from "vitest";
import { newNonce, popupSignIn, redeem } from "./embed-helpers.ts";
import {
  api,
  appPost,
  CookieJar,
  ECHO,
  errorOf,
  GRACE,
  relay,
  resetSim,
  SESSION_COOKIE,
  sessionCookiesSet,
  signIn,
  simStats,
  SIM_EU,
  SIM_US,
  token,
  withEnv,
} from "./helpers.ts";

beforeEach(resetSim);

const echo = withEnv({ WRIKE_API_HOSTS: `${SIM_US},${SIM_EU},${ECHO}` });

describe("the proxy never serves Wrike content as the relay's own page or script", () => {
  it.each(["document", "script", "image", "iframe", "style", "object", "embed"])(
    "refuses a request with Sec-Fetch-Dest: %s (a navigation or a tag, not the app's fetch)",
    async (dest) => {
      const { jar } = await signIn(GRACE);
      const { body } = await token(jar);
      const before = (await simStats()).api;
      const res = await api("contacts?me=true", String(body.access_token), SIM_US, {
        headers: { "sec-fetch-dest": dest, "sec-fetch-mode": "navigate" },
      });
      expect(res.status).toBe(400);
      expect(await errorOf(res)).toBe("bad_request");
      expect((await simStats()).api).toBe(before);
    },
  );

  it("answers the app's fetch (Sec-Fetch-Dest: empty) and non-browser clients (no Fetch Metadata)", async () => {
    const { jar } = await signIn(GRACE);
    const { body } = await token(jar);
    const calls: Record<string, string>[] = [{ "sec-fetch-dest": "empty", "sec-fetch-mode": "cors" }, {}];
    for (const headers of calls) {
      const res = await api("contacts?me=true", String(body.access_token), SIM_US, { headers });
      expect(res.status).toBe(200);
    }
  });

  it("refuses a call without Authorization, and tokens or method overrides in the query", async () => {
    const { jar } = await signIn(GRACE);
    const { body } = await token(jar);
    const at = String(body.access_token);
    const before = (await simStats()).api;
    const bare = await relay("/api/v4/contacts?me=true", { headers: { "x-wrike-host": SIM_US } });
    expect(bare.status).toBe(401);
    expect(await errorOf(bare)).toBe("not_signed_in");
    const smuggled = await relay(`/api/v4/contacts?me=true&access_token=${at}`, {
      headers: { "x-wrike-host": SIM_US },
    });
    expect(smuggled.status).toBe(400);
    for (const query of [
      `access_token=${at}`,
      `ACCESS_TOKEN=${at}`,
      "method=DELETE",
      "Method=PUT",
      "me=true&method=post",
    ]) {
      const res = await api(`contacts?${query}`, at, SIM_US);
      expect(res.status, query).toBe(400);
      expect(await errorOf(res)).toBe("bad_request");
    }
    expect((await simStats()).api).toBe(before);
  });

  it("serves a hostile SVG or HTML attachment as a sandboxed download that cannot run or be embedded", async () => {
    for (const name of ["a.svg", "a.html"]) {
      const res = await relay(`/api/v4/attachments/hostile/download/${name}`, {
        via: echo,
        headers: { authorization: "bearer t", "x-wrike-host": ECHO },
      });
      expect(res.status, name).toBe(200);
      expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
      expect(res.headers.get("content-disposition")).toBe("attachment");
      expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
      expect(res.headers.get("x-content-type-options")).toBe("nosniff");
      await res.body?.cancel();
    }
  });

  it("keeps JSON answers inline, and sandboxed too", async () => {
    const res = await relay("/api/v4/echo", {
      via: echo,
      headers: { authorization: "bearer t", "x-wrike-host": ECHO },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("content-disposition")).toBeNull();
    expect(res.headers.get("content-security-policy")).toBe("default-src 'none'; sandbox");
    expect(res.headers.get("cross-origin-resource-policy")).toBe("same-origin");
  });

  it("gives every response a CSP, and the app's pages a script-src of the built assets only", async () => {
    const json = await relay("/auth/nothing-here");
    expect(json.headers.get("content-security-policy")).toBe(
      "default-src 'none'; frame-ancestors 'none'; sandbox",
    );
    const page = await relay("/tasks/IEAAAAAA");
    const csp = page.headers.get("content-security-policy") ?? "";
    expect(csp).toMatch(/script-src https:\/\/relay\.test\/assets\/ 'nonce-[^']+';/);
    expect(csp).not.toMatch(/script-src[^;]*'self'/);
    expect(csp).not.toMatch(/img-src[^;]* https:[ ;]/);
    await page.body?.cancel();
  });

  it("refuses a sign-in link that would land on the API or restart a sign-in", async () => {
    for (const target of [
      "/api/v4/attachments/x/download/a.svg?access_token=attacker",
      "/%61pi/v4/tasks",
      "/auth/login?mode=popup",
      "/auth/token",
    ]) {
      const res = await relay(`/auth/login?return_to=${encodeURIComponent(target)}`);
      expect(res.status, target).toBe(400);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
  });
});

describe("a flow-cookie bomb", () => {
  it("keeps at most three sign-in flows however often a page sends a window to /auth/login", async () => {
    const jar = new CookieJar();
    for (let i = 0; i < 25; i++) {
      const res = await relay(
        `/auth/login?return_to=${encodeURIComponent(`/tasks?q=${"x".repeat(400)}${i}`)}`,
        { jar },
      );
      expect(res.status).toBe(302);
      expect(
        [...jar.cookies.keys()].filter((n) => n.startsWith("__Host-wp_flow_")).length,
      ).toBeLessThanOrEqual(3);
    }
    // The Cookie header stays far below the platform's limits.
    expect(jar.header().length).toBeLessThan(4 * 1024);
    // A return_to over 512 bytes is not stored at all.
    const refused = await relay(
      `/auth/login?return_to=${encodeURIComponent(`/tasks?q=${"x".repeat(600)}`)}`,
      { jar },
    );
    expect(refused.status).toBe(400);
  });

  it("drops a pile of flow cookies it did not make in one go", async () => {
    const jar = new CookieJar();
    for (let i = 0; i < 40; i++)
      jar.set(`__Host-wp_flow_${String(i).padStart(22, "A")}`, `v1.${"x".repeat(60)}`);
    const res = await relay("/auth/login?return_to=%2F", { jar });
    expect(res.status).toBe(302);
    expect([...jar.cookies.keys()].filter((n) => n.startsWith("__Host-wp_flow_"))).toHaveLength(1);
  });
});

describe("an embedder's page and its visitors' embed sessions", () => {
  it("cannot read a token from an embed session, even from an allow-listed origin", async () => {
    const nonce = newNonce();
    await popupSignIn(nonce);
    const frameJar = new CookieJar();
    expect((await redeem(nonce, frameJar)).status).toBe(200);
    // The embedding page shares the frame's cookie partition, so a credentialed fetch carries the cookie.
    const stolen = await appPost("/auth/token", frameJar, {
      headers: { origin: "https://app.example.test" },
    });
    expect(stolen.status).toBe(403);
    expect(await errorOf(stolen)).toBe("bad_origin");
    expect(await stolen.text()).not.toContain("access_token");
    // The frame itself, on the relay's origin, still can.
    expect((await token(frameJar)).res.status).toBe(200);
  });
});

describe("production over plain http", () => {
  const production = withEnv({
    WRIKE_LOCAL: "",
    WRIKE_API_HOSTS: "www.wrike.com",
    WRIKE_OAUTH_BASE: "https://login.wrike.com",
  });

  it("redirects every http request to https with 308, before any cookie is read or set", async () => {
    for (const path of ["/", "/tasks?x=1", "/auth/login?return_to=%2F", "/api/v4/contacts"]) {
      const res = await relay(`http://relay.test${path}`, { via: production });
      expect(res.status, path).toBe(308);
      expect(res.headers.get("location")).toBe(`https://relay.test${path}`);
      expect(res.headers.getSetCookie()).toEqual([]);
    }
  });

  it("sets only Secure __Host- cookies over https", async () => {
    const res = await relay("/auth/login?return_to=%2F", { via: production });
    expect(res.status).toBe(302);
    const [line = ""] = res.headers.getSetCookie();
    expect(line).toMatch(/^__Host-wp_flow_/);
    expect(line).toMatch(/; Secure/);
  });
});

describe("sign-out ends the session", () => {
  it("a copy of the cookie taken before sign-out can never refresh afterwards", async () => {
    const { jar } = await signIn(GRACE);
    const { body } = await token(jar);
    const copy = jar.clone();
    const out = await appPost("/auth/logout", jar);
    expect(out.status).toBe(204);
    expect(jar.get(SESSION_COOKIE)).toBeUndefined();
    // The copy asks for a refresh (as it would once the access token is close to expiry).
    const refreshed = await appPost("/auth/token", copy, {
      headers: { "content-type": "application/json" },
      body: JSON.stringify({ stale_token: body.access_token }),
    });
    expect(refreshed.status).toBe(401);
    expect(await errorOf(refreshed)).toBe("session_expired");
    expect(sessionCookiesSet(refreshed)).toEqual([]);
    expect((await simStats()).token.refresh_token).toBe(0);
  });

  it("answers 204 without a session, and sign-out from another site is refused", async () => {
    expect((await appPost("/auth/logout", new CookieJar())).status).toBe(204);
    const { jar } = await signIn(GRACE);
    const foreign = await appPost("/auth/logout", jar, { headers: { origin: "https://evil.test" } });
    expect(foreign.status).toBe(403);
    expect((await token(jar)).res.status).toBe(200);
  });
});
