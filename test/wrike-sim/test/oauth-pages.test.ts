// The authorize pages: login, account chooser, consent, Allow/Deny redirects, and the error pages
// that must never redirect (unknown client, unregistered redirect_uri).
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import type { Simulator } from "../index.ts";
import { authorizeUrl, hiddenField, postForm, runFlow, startSimulator } from "./helpers.ts";

let sim: Simulator;
let demo: Simulator;

beforeAll(async () => {
  [sim, demo] = await Promise.all([
    startSimulator({ taskCount: 5 }),
    startSimulator({ taskCount: 5, demo: true }),
  ]);
});
afterAll(async () => {
  await Promise.all([sim.close(), demo.close()]);
});

async function loginPage(s: Simulator, params: Record<string, string | undefined> = {}) {
  const res = await fetch(authorizeUrl(s, params), { redirect: "manual" });
  return { res, html: await res.text() };
}

describe("login page", () => {
  it("has the heading, labelled Email and Password inputs and a Log in button, and a simulator banner", async () => {
    const { res, html } = await loginPage(sim);
    expect(res.status).toBe(200);
    expect(res.headers.get("content-type")).toMatch(/text\/html/);
    expect(html).toContain("<h1>Log in to Wrike (simulator)</h1>");
    expect(html).toMatch(/<label for="email">Email<\/label>\s*<input id="email" name="email"/);
    expect(html).toMatch(
      /<label for="password">Password<\/label>\s*<input id="password" name="password" type="password"/,
    );
    expect(html).toContain('<button type="submit">Log in</button>');
    expect(html).toContain("Wrike simulator");
    expect(html).not.toContain("wrike-demo");
  });

  it("is served at /oauth2/authorize as well as /oauth2/authorize/v4", async () => {
    const url = authorizeUrl(sim).replace("/oauth2/authorize/v4", "/oauth2/authorize");
    const res = await fetch(url);
    expect(res.status).toBe(200);
    expect(await res.text()).toContain("Log in to Wrike (simulator)");
  });

  it("cannot be framed and runs no script", async () => {
    const { res } = await loginPage(sim);
    expect(res.headers.get("x-frame-options")).toBe("DENY");
    expect(res.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(res.headers.get("content-security-policy")).toContain("default-src 'none'");
  });

  it("shows the seeded credentials in demo mode", async () => {
    const { html } = await loginPage(demo);
    expect(html).toContain("ada@acme.test");
    expect(html).toContain("linus@nordlicht.test");
    expect(html).toContain("wrike-demo");
  });

  it("says 'Wrong email or password.' in an alert and escapes what was typed", async () => {
    const { html } = await loginPage(sim);
    const auth = hiddenField(html, "auth");
    const res = await postForm(sim, "/oauth2/authorize/login", {
      auth,
      email: 'x"><script>alert(1)</script>@acme.test',
      password: "nope",
    });
    const page = await res.text();
    expect(page).toContain('<div class="alert" role="alert">Wrong email or password.</div>');
    expect(page).toContain("<h1>Log in to Wrike (simulator)</h1>");
    expect(page).not.toContain("<script>alert(1)</script>");
    expect(page).toContain("&lt;script&gt;");
    // The right password after a wrong one still works on the same sign-in.
    const retry = await postForm(sim, "/oauth2/authorize/login", {
      auth,
      email: "grace@acme.test",
      password: "wrike-demo",
    });
    expect(await retry.text()).toContain("<h1>Allow access</h1>");
  });

  it("refuses an unknown or stale sign-in id with an error page", async () => {
    const res = await postForm(sim, "/oauth2/authorize/login", {
      auth: "made-up",
      email: "grace@acme.test",
      password: "wrike-demo",
    });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
  });
});

describe("account chooser and consent", () => {
  it("asks Ada, who is in two accounts, to choose; each account is a button named by the account", async () => {
    const { html } = await loginPage(sim);
    const auth = hiddenField(html, "auth");
    const page = await (
      await postForm(sim, "/oauth2/authorize/login", { auth, email: "ada@acme.test", password: "wrike-demo" })
    ).text();
    expect(page).toContain("<h1>Choose an account</h1>");
    expect(page).toMatch(
      /<button class="account" type="submit" name="accountId" value="[A-Z0-9]{8}">Acme Robotics<\/button>/,
    );
    expect(page).toMatch(
      /<button class="account" type="submit" name="accountId" value="[A-Z0-9]{8}">Nordlicht Studio<\/button>/,
    );
  });

  it("skips the chooser for someone in one account, and the consent page lists the scopes", async () => {
    const { html } = await loginPage(sim, { scope: "wsReadOnly,amReadOnlyWorkflow" });
    const auth = hiddenField(html, "auth");
    const page = await (
      await postForm(sim, "/oauth2/authorize/login", {
        auth,
        email: "GRACE@acme.test",
        password: "wrike-demo",
      })
    ).text();
    expect(page).toContain("<h1>Allow access</h1>");
    expect(page).toContain("<code>wsReadOnly</code>");
    expect(page).toContain("<code>amReadOnlyWorkflow</code>");
    expect(page).toContain('value="allow">Allow</button>');
    expect(page).toContain('value="deny">Deny</button>');
    expect(page).toContain("Acme Robotics");
  });

  it("Allow redirects to redirect_uri with a code and the state unchanged", async () => {
    const url = await runFlow(sim, {
      email: "ada@acme.test",
      account: "Nordlicht Studio",
      params: { state: "a b&c=d" },
    });
    expect(`${url.origin}${url.pathname}`).toBe("http://localhost:5173/auth/callback");
    expect(url.searchParams.get("code")).toMatch(/^[\w-]{20,}$/);
    expect(url.searchParams.get("state")).toBe("a b&c=d");
  });

  it("Deny redirects with error=access_denied and the state", async () => {
    const url = await runFlow(sim, { decision: "deny" });
    expect(url.searchParams.get("error")).toBe("access_denied");
    expect(url.searchParams.get("state")).toBe("st-123");
    expect(url.searchParams.get("code")).toBeNull();
  });

  it("a finished sign-in cannot be replayed through the consent form", async () => {
    const { html } = await loginPage(sim);
    const auth = hiddenField(html, "auth");
    await postForm(sim, "/oauth2/authorize/login", {
      auth,
      email: "grace@acme.test",
      password: "wrike-demo",
    });
    const first = await postForm(sim, "/oauth2/authorize/consent", { auth, decision: "allow" });
    expect(first.status).toBe(302);
    const again = await postForm(sim, "/oauth2/authorize/consent", { auth, decision: "allow" });
    expect(again.status).toBe(400);
    expect(again.headers.get("location")).toBeNull();
  });

  it("the unofficial accountId parameter pre-selects an account", async () => {
    const nordId = sim.users
      .find((u) => u.email === "ada@acme.test")
      ?.accounts.find((a) => a.name === "Nordlicht Studio")?.accountId;
    const { html } = await loginPage(sim, { accountId: nordId });
    const auth = hiddenField(html, "auth");
    const page = await (
      await postForm(sim, "/oauth2/authorize/login", { auth, email: "ada@acme.test", password: "wrike-demo" })
    ).text();
    expect(page).toContain("<h1>Allow access</h1>");
    expect(page).toContain("Nordlicht Studio");
  });
});

describe("authorize errors", () => {
  it("an unknown client_id gets an HTML error page (400), never a redirect", async () => {
    const { res, html } = await loginPage(sim, { client_id: "evil-client" });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(html).toContain("Unknown application");
  });

  it("a missing client_id gets the error page too", async () => {
    const { res } = await loginPage(sim, { client_id: undefined });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
  });

  it.each([
    "https://evil.example/auth/callback",
    "http://localhost:5173/auth/callback/extra",
    "http://localhost:5173/auth/callback?x=1",
    "HTTP://localhost:5173/auth/callback",
  ])("an unregistered redirect_uri (%s) gets the error page, never a redirect", async (redirectUri) => {
    const { res, html } = await loginPage(sim, { redirect_uri: redirectUri });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
    expect(html).toContain("Invalid redirect URI");
  });

  it("without redirect_uri, a client with several callback URLs gets the error page", async () => {
    const { res } = await loginPage(sim, { redirect_uri: undefined });
    expect(res.status).toBe(400);
    expect(res.headers.get("location")).toBeNull();
  });

  it("without redirect_uri, a client with one callback URL uses it", async () => {
    const single = await startSimulator({
      taskCount: 0,
      clients: [{ id: "one", secret: "s", redirectUris: ["http://localhost:4174/auth/callback"] }],
    });
    try {
      const url = new URL(`${single.loginOrigin}/oauth2/authorize/v4?client_id=one&response_type=code`);
      const html = await (await fetch(url)).text();
      const auth = hiddenField(html, "auth");
      await postForm(single, "/oauth2/authorize/login", {
        auth,
        email: "grace@acme.test",
        password: "wrike-demo",
      });
      const res = await postForm(single, "/oauth2/authorize/consent", { auth, decision: "allow" });
      expect(res.headers.get("location")).toMatch(/^http:\/\/localhost:4174\/auth\/callback\?code=/);
    } finally {
      await single.close();
    }
  });

  it("an unknown scope name is refused with error=invalid_scope (scope names are case-sensitive)", async () => {
    for (const scope of ["wsReadWrite,notAScope", "wsreadonly"]) {
      const { res } = await loginPage(sim, { scope });
      expect(res.status).toBe(302);
      const url = new URL(res.headers.get("location") ?? "");
      expect(url.searchParams.get("error")).toBe("invalid_scope");
      expect(url.searchParams.get("state")).toBe("st-123");
    }
  });

  it("response_type other than code is refused with unsupported_response_type", async () => {
    const { res } = await loginPage(sim, { response_type: "token" });
    expect(res.status).toBe(302);
    expect(new URL(res.headers.get("location") ?? "").searchParams.get("error")).toBe(
      "unsupported_response_type",
    );
  });
});
