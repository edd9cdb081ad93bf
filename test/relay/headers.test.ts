// Every response carries the security headers; HTML (the app and the relay's pages) a strict CSP.
import { describe, expect, it } from "vitest";
import { CookieJar, relay } from "./helpers.ts";

const STRICT_CSP =
  "default-src 'self'; script-src 'self'; style-src 'self' 'unsafe-inline'; " +
  "img-src 'self' data: https: http://127.0.0.1:8812 http://127.0.0.1:8813; connect-src 'self'; " +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

describe("static app", () => {
  it("serves index.html with a strict CSP, no-referrer, nosniff and no framing", async () => {
    const res = await relay("/");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("relay-test-index");
    expect(res.headers.get("content-security-policy")).toBe(STRICT_CSP);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("falls back to index.html for app routes (single-page app)", async () => {
    const res = await relay("/tasks/IEAAAAAAKQAAAAAA");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("relay-test-index");
    expect(res.headers.get("content-security-policy")).toBe(STRICT_CSP);
  });

  it("serves scripts with nosniff and without a page CSP", async () => {
    const res = await relay("/assets/app.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/javascript/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("content-security-policy")).toBeNull();
  });

  it("lets only EMBED_ORIGINS frame /embed", async () => {
    const res = await relay("/embed");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors https://embedder.test;");
    expect(res.headers.get("x-frame-options")).toBeNull();
  });

  it("sets no cookies on static answers", async () => {
    const jar = new CookieJar();
    const res = await relay("/", { jar });
    expect(res.headers.getSetCookie()).toEqual([]);
  });
});

describe("relay pages and JSON", () => {
  it("renders its error pages with the same strict headers", async () => {
    const res = await relay("/auth/login?access=admin");
    expect(res.status).toBe(400);
    expect(res.headers.get("content-type")).toMatch(/^text\/html/);
    expect(res.headers.get("content-security-policy")).toBe(STRICT_CSP);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("cache-control")).toBe("no-store");
  });

  it("answers unknown /auth and /api paths with JSON 404/400, not the app", async () => {
    const a = await relay("/auth/nothing");
    expect(a.status).toBe(404);
    expect(await a.json()).toMatchObject({ error: "not_found" });
    const b = await relay("/api/v3/tasks");
    expect(b.status).toBe(400);
    expect(await b.json()).toMatchObject({ error: "path_not_allowed" });
    expect(b.headers.get("x-content-type-options")).toBe("nosniff");
  });
});
