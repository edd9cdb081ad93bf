// The embed hand-off takeover, attempted in real Chromium as the review did: an attacker makes a nonce and
// gets the victim to open the relay's own sign-in link, from another site and from inside Wrike Pane, then
// polls and guesses from a script. The attacker must end with nothing: no token, no cookie.
import { randomBytes } from "node:crypto";
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { sim } from "./sim.ts";
import { consentAtWrike, serveSite, type Site } from "./sites.ts";

/** The attacker's link: the relay's genuine sign-in, for write access, bound to the attacker's nonce. */
function attackLink(nonce: string): string {
  const q = new URLSearchParams({ mode: "popup", return_to: "/embed", access: "write", handoff: nonce });
  return `${E2E_APP_ORIGIN}/auth/login?${q}`;
}

/** The attacker's script, polling and redeeming from anywhere (it sets Origin freely: no browser here). */
async function attacker(
  path: string,
  body: unknown,
): Promise<{ status: number; text: string; cookies: string[] }> {
  const res = await fetch(`${E2E_APP_ORIGIN}${path}`, {
    method: "POST",
    headers: { origin: E2E_APP_ORIGIN, "content-type": "application/json", "x-requested-with": "wrike-pane" },
    body: JSON.stringify(body),
  });
  return { status: res.status, text: await res.text(), cookies: res.headers.getSetCookie() };
}

let evil: Site;
let context: BrowserContext;
let page: Page;
let nonce = "";

beforeAll(async () => {
  // The attacker's site: a page with the link.
  evil = await serveSite((_req, url) => {
    const target = (url.searchParams.get("to") ?? "").replace(/"/g, "&quot;");
    return `<!doctype html><title>Shared with you</title><a id="go" href="${target}">Open the shared Wrike Pane</a>`;
  });
});
afterAll(() => evil.close());
beforeEach(async () => {
  await sim.reset();
  ({ context, page } = await newPage());
  nonce = randomBytes(32).toString("base64url");
});
afterEach(async () => {
  await context.close();
});

describe("the attacker's hand-off link", () => {
  it("clicked on another site: refused before Wrike's login, and the attacker's poll finds nothing", async () => {
    await page.goto(`${evil.origin}/?to=${encodeURIComponent(attackLink(nonce))}`);
    await page.locator("#go").click();
    await page.waitForURL(/\/auth\/login/);
    await waitForText(page.locator("main"), "Start signing in from the pane itself");
    expect(await page.locator("h1").innerText()).toBe("This sign-in cannot start here");
    expect(page.url().startsWith(E2E_APP_ORIGIN)).toBe(true);
    const poll = await attacker("/auth/handoff/status", { nonce });
    expect(poll.status).toBe(410);
    expect((await sim.stats()).token.authorization_code).toBe(0);
  });

  it("followed inside Wrike Pane (same origin): the victim may sign in, but the attacker's poll and guesses get nothing", async () => {
    await page.goto(`${E2E_APP_ORIGIN}/`);
    await page.getByRole("link", { name: "Sign in with Wrike" }).waitFor();
    // A same-origin navigation, as a link clicked in a Wrike comment shown by the app would be.
    await page.evaluate((href) => {
      window.location.href = href;
    }, attackLink(nonce));
    await consentAtWrike(page);
    // No pane is this window's opener: the sign-in page shows a pairing code, for the person only.
    await page.locator("[data-pairing-code]").waitFor({ state: "visible" });
    expect(await page.locator("main").innerText()).toContain(
      "If you did not start signing in from a Wrike Pane, close this window.",
    );

    const poll = await attacker("/auth/handoff/status", { nonce });
    expect(poll.status).toBe(200);
    expect(JSON.parse(poll.text)).toEqual({ state: "ready" });
    // The nonce alone (the old protocol) redeems nothing.
    const bare = await attacker("/auth/handoff", { nonce });
    expect(bare.status).toBe(400);
    expect(bare.cookies).toEqual([]);
    // A guess ends the hand-off: no second chance, for anyone.
    const guess = await attacker("/auth/handoff", { nonce, pairing: "ABCD-EFGH" });
    expect(guess.status).toBe(410);
    const pairing = await page.locator("[data-pairing-code]").innerText();
    const late = await attacker("/auth/handoff", { nonce, pairing });
    expect(late.status).toBe(410);
    for (const r of [poll, bare, guess, late]) {
      expect(r.text).not.toMatch(/access_token/);
      expect(r.cookies).toEqual([]);
    }
    // And the victim's own browser holds no session from it.
    const me = await page.evaluate(async () => {
      const res = await fetch("/auth/token", {
        method: "POST",
        headers: { "x-requested-with": "wrike-pane" },
      });
      return res.status;
    });
    expect(me).toBe(401);
  });
});
