// Attacks on the proxy: foreign and internal hosts, traversal, header tricks, big bodies, CORS.
// Each is refused before anything reaches an upstream (the simulator's API counter does not move).
import { exports } from "cloudflare:workers";
import { beforeAll, beforeEach, describe, expect, it } from "vitest";
import { MAX_BODY_BYTES } from "../../worker/routes/proxy.ts";
import {
  api,
  checkedResponse,
  errorOf,
  GRACE,
  RELAY,
  relay,
  ECHO,
  resetSim,
  SIM_EU,
  SIM_LOGIN,
  SIM_US,
  signIn,
  simStats,
  token,
  withEnv,
} from "./helpers.ts";

const ALLOWED_ORIGIN = "https://app.example.test";
/** The simulator's US API port and login host, for spellings of them that must be refused. */
const US_PORT = SIM_US.split(":")[1]!;
const LOGIN_HOST = new URL(SIM_LOGIN).host;
let accessToken = "";

beforeAll(async () => {
  await resetSim();
  const { jar } = await signIn(GRACE);
  accessToken = String((await token(jar)).body.access_token);
});
beforeEach(async () => {
  expect(accessToken).not.toBe("");
});

/** Runs `attempt` and insists that no API request reached the simulator meanwhile. */
async function noUpstreamCall(attempt: () => Promise<Response>): Promise<Response> {
  const before = (await simStats()).api;
  const res = await attempt();
  expect((await simStats()).api).toBe(before);
  return res;
}

describe("hosts", () => {
  it.each([
    ["empty", ""],
    ["the login host (loopback, not an API host)", LOGIN_HOST],
    ["cloud metadata", "169.254.169.254"],
    ["metadata with a port", "169.254.169.254:80"],
    ["IPv6 loopback", "[::1]"],
    ["IPv6 loopback on the API port", `[::1]:${US_PORT}`],
    ["hex loopback", "0x7f.1"],
    ["short loopback", `127.1:${US_PORT}`],
    ["decimal loopback", `2130706433:${US_PORT}`],
    ["localhost on the API port", `localhost:${US_PORT}`],
    ["trailing dot", `${SIM_US}.`],
    ["leading zero port", `127.0.0.1:0${US_PORT}`],
    ["userinfo", `user@${SIM_US}`],
    ["userinfo after", `${SIM_US}@evil.test`],
    ["a path", `${SIM_US}/api`],
    ["a foreign host", "evil.test"],
    ["production Wrike (not in this relay's list)", "www.wrike.com"],
    ["encoded CR/LF", `${SIM_US}%0d%0aHost: evil.test`],
    ["two hosts", `${SIM_US}, ${SIM_EU}`],
  ])("refuses %s", async (_name, host) => {
    const res = await noUpstreamCall(() =>
      relay("/api/v4/contacts?me=true", {
        headers: {
          authorization: `bearer ${accessToken}`,
          ...(host !== undefined ? { "x-wrike-host": host } : {}),
        },
      }),
    );
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("host_not_allowed");
  });

  it("sends a call without X-Wrike-Host to the default data centre, the first allow-listed host", async () => {
    const res = await relay("/api/v4/contacts?me=true", {
      headers: { authorization: `bearer ${accessToken}` },
    });
    expect(res.status).toBe(200);
    const body = (await res.json()) as { kind: string; data: { me: boolean }[] };
    expect(body.kind).toBe("contacts");
    expect(body.data[0]?.me).toBe(true);
  });

  it("refuses mixed-case and trailing-dot spellings of an allowed production host", async () => {
    const prod = withEnv({
      WRIKE_LOCAL: "",
      WRIKE_OAUTH_BASE: "https://login.wrike.com",
      WRIKE_API_HOSTS: "www.wrike.com",
    });
    for (const host of [
      "WWW.WRIKE.COM",
      "Www.wrike.com",
      "www.wrike.com.",
      "www.wrike.com:443",
      "www.wrike.com:8443",
    ]) {
      const res = await relay("/api/v4/contacts", { headers: { "x-wrike-host": host }, via: prod });
      expect(res.status, host).toBe(400);
      expect(await errorOf(res)).toBe("host_not_allowed");
    }
  });
});

describe("paths", () => {
  it.each([
    "/api/v4/tasks%2f..%2f..%2foauth2%2ftoken",
    "/api/v4/tasks%2F..%2F..%2Foauth2%2Ftoken",
    "/api/v4/tasks%5c..%5c..%5coauth2%5ctoken",
    "/api/v4/tasks/%252e%252e/%252e%252e/oauth2/token",
    `/api/v4/@${LOGIN_HOST}/oauth2/token`,
    "/api/v4/tasks%40evil.test",
    "/api/v4//tasks",
    "/api/v4/tasks%0d%0aX-Injected:%201",
    "/api/v4/tasks%00",
    "/api/v4/",
  ])("refuses %s", async (path) => {
    const res = await noUpstreamCall(() =>
      relay(path, { headers: { authorization: `bearer ${accessToken}`, "x-wrike-host": SIM_US } }),
    );
    expect(res.status).toBe(400);
    expect(await errorOf(res)).toBe("path_not_allowed");
  });

  it.each([
    "/api/v4/../../oauth2/token",
    "/api/v4/%2e%2e/%2e%2e/oauth2/token",
    "/api/v4/.%2e/.%2e/oauth2/token",
    "/api/v4/tasks/..\\..\\..\\oauth2\\token",
  ])("never proxies %s (the URL resolves outside /api/v4 before routing)", async (path) => {
    const res = await noUpstreamCall(() =>
      relay(path, {
        method: "POST",
        headers: { authorization: `bearer ${accessToken}`, "x-wrike-host": SIM_US },
      }),
    );
    // It lands on the static app or a relay error, never on Wrike's token endpoint.
    expect(await res.text()).not.toContain("access_token");
    expect((await simStats()).token.refresh_token).toBe(0);
  });

  it("refuses other API versions and /api itself", async () => {
    for (const path of ["/api/v3/tasks", "/api/tasks", "/api", "/api/v4"]) {
      const res = await noUpstreamCall(() => relay(path, { headers: { "x-wrike-host": SIM_US } }));
      expect(res.status, path).toBe(400);
      expect(await errorOf(res)).toBe("path_not_allowed");
    }
  });

  it("refuses methods Wrike's API does not use", async () => {
    const res = await noUpstreamCall(() =>
      relay("/api/v4/tasks", { method: "TRACE", headers: { "x-wrike-host": SIM_US } }).catch(
        () =>
          new Response(JSON.stringify({ error: "bad_request" }), {
            status: 400,
            headers: { "content-type": "application/json" },
          }),
      ),
    );
    expect(res.status).toBe(400);
  });
});

describe("header injection", () => {
  it("cannot even be expressed: the platform refuses CR/LF in header values", () => {
    expect(
      () => new Request(`${RELAY}/api/v4/tasks`, { headers: { authorization: "bearer a\r\nX-Evil: 1" } }),
    ).toThrow();
    expect(
      () => new Request(`${RELAY}/api/v4/tasks`, { headers: { "x-wrike-host": `${SIM_US}\r\nHost: evil` } }),
    ).toThrow();
  });

  it("keeps encoded CR/LF in the query encoded all the way to Wrike", async () => {
    const res = await api("contacts?me=true&x=%0d%0aSet-Cookie:%20a=1", accessToken, SIM_US);
    // Wrike (the simulator) refuses the unknown parameter; nothing was split, no cookie appears.
    expect(res.status).toBe(400);
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});

describe("bodies", () => {
  const big = "x".repeat(MAX_BODY_BYTES + 1);

  it("refuses a body over the cap by Content-Length, with CORS headers for an allowed origin", async () => {
    const res = await noUpstreamCall(() =>
      api("tasks", accessToken, SIM_US, {
        method: "POST",
        headers: { origin: ALLOWED_ORIGIN, "content-type": "application/x-www-form-urlencoded" },
        body: big,
      }),
    );
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toBe("body_too_large");
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(res.headers.get("access-control-allow-credentials")).toBe("true");
  });

  it("refuses a streamed body (no Content-Length) once it passes the cap", async () => {
    const chunk = new TextEncoder().encode("y".repeat(64 * 1024));
    let sent = 0;
    const stream = new ReadableStream<Uint8Array>({
      pull(controller) {
        if (sent > MAX_BODY_BYTES + chunk.length) return controller.close();
        sent += chunk.length;
        controller.enqueue(chunk);
      },
    });
    const before = (await simStats()).api;
    const request = new Request(`${RELAY}/api/v4/tasks`, {
      method: "POST",
      headers: { authorization: `bearer ${accessToken}`, "x-wrike-host": SIM_US, origin: ALLOWED_ORIGIN },
      body: stream,
      duplex: "half",
    } as RequestInit);
    expect(request.headers.get("content-length")).toBeNull();
    const res = await checkedResponse(await exports.default.fetch(request));
    expect(res.status).toBe(413);
    expect(await errorOf(res)).toBe("body_too_large");
    expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect((await simStats()).api).toBe(before);
  });

  it("passes a body just under the cap", async () => {
    const echo = withEnv({ WRIKE_API_HOSTS: `${SIM_US},${SIM_EU},${ECHO}` });
    const res = await relay("/api/v4/echo", {
      method: "PUT",
      via: echo,
      headers: {
        authorization: "bearer echo-token",
        "x-wrike-host": ECHO,
        "content-type": "application/octet-stream",
      },
      body: "z".repeat(MAX_BODY_BYTES),
    });
    expect(res.status).toBe(200);
    expect(((await res.json()) as { bodyLength: number }).bodyLength).toBe(MAX_BODY_BYTES);
  });
});

describe("CORS", () => {
  it("gives a disallowed origin no CORS headers, on answers and on preflights", async () => {
    const res = await api("contacts?me=true", accessToken, SIM_US, {
      headers: { origin: "https://evil.test" },
    });
    expect(res.status).toBe(200);
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("access-control-allow-credentials")).toBeNull();
    const pre = await noUpstreamCall(() =>
      relay("/api/v4/contacts", {
        method: "OPTIONS",
        headers: {
          origin: "https://evil.test",
          "access-control-request-method": "GET",
          "access-control-request-headers": "authorization,x-wrike-host",
        },
      }),
    );
    expect(pre.headers.get("access-control-allow-origin")).toBeNull();
    expect(pre.headers.get("access-control-allow-headers")).toBeNull();
  });

  it("answers an allowed origin's preflight with the headers, methods and a cache lifetime", async () => {
    const pre = await noUpstreamCall(() =>
      relay("/api/v4/tasks", {
        method: "OPTIONS",
        headers: {
          origin: ALLOWED_ORIGIN,
          "access-control-request-method": "PUT",
          "access-control-request-headers": "authorization,content-type,x-wrike-host",
        },
      }),
    );
    expect(pre.status).toBe(204);
    expect(pre.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(pre.headers.get("access-control-allow-credentials")).toBe("true");
    expect(pre.headers.get("access-control-max-age")).toBe("600");
    const allowHeaders = (pre.headers.get("access-control-allow-headers") ?? "").toLowerCase().split(",");
    expect(allowHeaders).toEqual(expect.arrayContaining(["authorization", "content-type", "x-wrike-host"]));
    expect(pre.headers.get("access-control-allow-methods")).toContain("PUT");
  });

  it("puts the same CORS headers on errors as on successes, and exposes Retry-After", async () => {
    const ok = await api("contacts?me=true", accessToken, SIM_US, { headers: { origin: ALLOWED_ORIGIN } });
    expect(ok.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(ok.headers.get("access-control-expose-headers")).toContain("Retry-After");
    const bad = await relay("/api/v4/contacts", {
      headers: { origin: ALLOWED_ORIGIN, "x-wrike-host": "evil.test" },
    });
    expect(bad.status).toBe(400);
    expect(bad.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    expect(bad.headers.get("access-control-allow-credentials")).toBe("true");
    const wrike401 = await api("contacts?me=true", "not-a-token", SIM_US, {
      headers: { origin: ALLOWED_ORIGIN },
    });
    expect(wrike401.status).toBe(401);
    expect(wrike401.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
  });
});

describe("what crosses the proxy (seen by an echo upstream)", () => {
  const echo = withEnv({ WRIKE_API_HOSTS: `${SIM_US},${SIM_EU},${ECHO}` });

  it("forwards only allow-listed headers: never Cookie, Origin or forwarding headers", async () => {
    const res = await relay("/api/v4/echo?fields=%5B%22a%22%5D", {
      method: "POST",
      via: echo,
      headers: {
        "x-wrike-host": ECHO,
        authorization: "bearer tok",
        "content-type": "application/x-www-form-urlencoded",
        accept: "application/json",
        cookie: "__Host-wp_session=sealed-session; other=1",
        origin: ALLOWED_ORIGIN,
        referer: "https://relay.test/private",
        "x-forwarded-for": "10.0.0.1",
        "x-requested-with": "wrike-pane",
      },
      body: "title=Hello",
    });
    expect(res.status).toBe(200);
    const seen = (await res.json()) as {
      method: string;
      rawUrl: string;
      headers: Record<string, string>;
      body: string;
    };
    expect(seen.method).toBe("POST");
    expect(seen.rawUrl).toBe("/api/v4/echo?fields=%5B%22a%22%5D");
    expect(seen.body).toBe("title=Hello");
    expect(seen.headers.authorization).toBe("bearer tok");
    expect(seen.headers["content-type"]).toBe("application/x-www-form-urlencoded");
    for (const name of [
      "cookie",
      "origin",
      "referer",
      "x-forwarded-for",
      "x-requested-with",
      "x-wrike-host",
    ]) {
      expect(seen.headers[name], name).toBeUndefined();
    }
    expect(JSON.stringify(seen)).not.toContain("sealed-session");
  });

  it("passes back only safe response headers: no Set-Cookie, Location or upstream CORS", async () => {
    const res = await relay("/api/v4/echo", {
      via: echo,
      headers: { authorization: "bearer echo-token", "x-wrike-host": ECHO },
    });
    expect(res.status).toBe(200);
    expect(res.headers.getSetCookie()).toEqual([]);
    expect(res.headers.get("location")).toBeNull();
    expect(res.headers.get("access-control-allow-origin")).toBeNull();
    expect(res.headers.get("x-upstream-secret")).toBeNull();
    expect(res.headers.get("etag")).toBe('"echo"');
    expect(res.headers.get("retry-after")).toBe("3");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
  });

  it("follows no redirect and passes none on (a 3xx becomes upstream_error without Location)", async () => {
    for (const path of ["redirect", "multiple-choices"]) {
      const res = await relay(`/api/v4/${path}`, {
        via: echo,
        headers: { authorization: "bearer echo-token", "x-wrike-host": ECHO, origin: ALLOWED_ORIGIN },
      });
      expect(res.status, path).toBe(502);
      expect(await errorOf(res)).toBe("upstream_error");
      expect(res.headers.get("location")).toBeNull();
      expect(res.headers.get("access-control-allow-origin")).toBe(ALLOWED_ORIGIN);
    }
  });

  it("passes 304 Not Modified through for conditional requests", async () => {
    const res = await relay("/api/v4/not-modified", {
      via: echo,
      headers: { authorization: "bearer echo-token", "x-wrike-host": ECHO, "if-none-match": '"v1"' },
    });
    expect(res.status).toBe(304);
    expect(res.headers.get("etag")).toBe('"v1"');
  });

  it("streams large responses back whole (the cap is for request bodies)", async () => {
    const res = await relay("/api/v4/big", {
      via: echo,
      headers: { authorization: "bearer echo-token", "x-wrike-host": ECHO },
    });
    expect(res.status).toBe(200);
    expect((await res.arrayBuffer()).byteLength).toBe(48 * 64 * 1024);
  });
});
