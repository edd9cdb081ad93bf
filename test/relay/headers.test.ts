// Every response carries the security headers; HTML (the app and the relay's pages) a strict CSP.
import { describe, expect, it } from "vitest";
import { CookieJar, errorOf, relay, SIM_EU, SIM_US, withEnv } from "./helpers.ts";

/** The page policy; `<nonce>` stands for the response's own random nonce. */
const STRICT_CSP =
  "default-src 'self'; script-src https://relay.test/assets/ 'nonce-<nonce>'; style-src 'self' 'unsafe-inline'; " +
  `img-src 'self' data: http://${SIM_US} http://${SIM_EU}; connect-src 'self'; ` +
  "frame-ancestors 'none'; base-uri 'none'; form-action 'self'; object-src 'none'";

/** A response's CSP with its nonce replaced by `<nonce>` (and the nonce checked to be 128 random bits). */
function policyOf(res: Response): string {
  const csp = res.headers.get("content-security-policy") ?? "";
  const nonce = /'nonce-([^']+)'/.exec(csp)?.[1] ?? "";
  expect(nonce).toMatch(/^[A-Za-z0-9+/]{22}==$/);
  return csp.replace(nonce, "<nonce>");
}

describe("static app", () => {
  it("serves index.html with a strict CSP, no-referrer, nosniff and no framing", async () => {
    const res = await relay("/");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("relay-test-index");
    expect(policyOf(res)).toBe(STRICT_CSP);
    expect(res.headers.get("referrer-policy")).toBe("no-referrer");
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(res.headers.get("x-frame-options")).toBe("DENY");
  });

  it("falls back to index.html for app routes (single-page app)", async () => {
    const res = await relay("/tasks/IEAAAAAAKQAAAAAA");
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("relay-test-index");
    expect(policyOf(res)).toBe(STRICT_CSP);
  });

  it("serves scripts with nosniff and the page policy (their own code, from /assets/)", async () => {
    const res = await relay("/assets/app.js");
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/javascript/);
    expect(res.headers.get("x-content-type-options")).toBe("nosniff");
    expect(policyOf(res)).toBe(STRICT_CSP);
  });

  it("lets a browser keep a content-hashed build file for good, and nothing else", async () => {
    const hashed = await relay("/assets/app-Zx9_k-Q2.js");
    expect(hashed.status).toBe(200);
    expect(await hashed.text()).toContain("relay-test-hashed");
    expect(hashed.headers.get("cache-control")).toBe("public, max-age=31536000, immutable");
    expect(policyOf(hashed)).toBe(STRICT_CSP);
    // A name without a hash may change under it: asked again each time (Workers Static Assets' default).
    const plain = await relay("/assets/app.js");
    expect(plain.headers.get("cache-control")).toBe("public, max-age=0, must-revalidate");
    // A hashed-looking name that is not in the build gets the single-page fallback: never kept for good.
    for (const path of ["/assets/gone-Zx9_k-Q2.js", "/", "/tasks/IEAAAAAAKQAAAAAA", "/embed"]) {
      const res = await relay(path);
      await res.arrayBuffer();
      expect(res.headers.get("cache-control") ?? "", path).not.toContain("immutable");
    }
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
    expect(policyOf(res)).toBe(STRICT_CSP);
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

describe("configuration errors fail closed", () => {
  it("refuses to sign anyone in without secrets, naming what is missing but no value", async () => {
    const broken = withEnv({ SESSION_SECRET: "", WRIKE_CLIENT_SECRET: "" });
    const page = await relay("/auth/login", { via: broken });
    expect(page.status).toBe(500);
    expect(await errorOf(page)).toBe("not_configured");
    const html = await page.text();
    expect(html).toContain("SESSION_SECRET is missing");
    expect(page.headers.getSetCookie()).toEqual([]);
    const json = await relay("/auth/token", {
      method: "POST",
      via: broken,
      headers: { origin: "https://relay.test", "x-requested-with": "wrike-pane" },
    });
    expect(json.status).toBe(500);
    expect(await json.json()).toMatchObject({ error: "not_configured" });
    // The static app still loads (with the strictest CSP), so the page can say what is wrong.
    const app = await relay("/", { via: broken });
    expect(app.status).toBe(200);
    expect(app.headers.get("content-security-policy")).toContain("img-src 'self' data:;");
  });

  it("never reaches loopback or plain http from a production configuration (no WRIKE_LOCAL)", async () => {
    const prodWithLoopback = withEnv({ WRIKE_LOCAL: "" });
    const login = await relay("/auth/login", { via: prodWithLoopback });
    expect(login.status).toBe(500);
    expect(await errorOf(login)).toBe("not_configured");
    expect(login.headers.get("location")).toBeNull();
    const proxied = await relay("/api/v4/contacts", {
      via: prodWithLoopback,
      headers: { "x-wrike-host": SIM_US },
    });
    expect(proxied.status).toBe(500);
    expect(await errorOf(proxied)).toBe("not_configured");
  });
});
