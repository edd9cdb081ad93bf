// Sign-out tells the truth: "Signing out…" until the relay has ended the session; offline (or with the
// relay unreachable) it says the session is not ended yet and keeps trying, in every tab, and the next
// page load finishes it before asking for a token; afterwards storage holds nothing of the session.
import { afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { CSRF_HEADER, CSRF_HEADER_VALUE } from "../../worker/shared/contract.ts";
import { signIn, waitForApp, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { sim } from "./sim.ts";

const NOT_ENDED = /Your session could not be ended on this device yet.*keeps trying/;
const RELAY_UNREACHABLE = /could not be ended on this device yet: Wrike Pane's relay could not be reached/;
/** A preference of the browser's user, not part of any session: it may stay. */
const THEME_KEY = "wrike-pane-theme";

let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  await sim.reset();
});
beforeEach(async () => {
  ({ context, page } = await newPage());
});
afterEach(async () => {
  await context.close();
});

function reason(p: Page = page) {
  return p.getByTestId("signin-reason");
}

function signOutButton(p: Page = page) {
  return p.getByRole("banner").getByRole("button", { name: "Sign out" });
}

/** What the app keeps in storage (all of it, so that a new key cannot slip by). */
async function stored(p: Page = page): Promise<{ local: Record<string, string>; session: string[] }> {
  return p.evaluate((theme) => {
    const local: Record<string, string> = {};
    for (let i = 0; i < localStorage.length; i++) {
      const k = localStorage.key(i)!;
      if (k !== theme) local[k] = localStorage.getItem(k)!;
    }
    const session: string[] = [];
    for (let i = 0; i < sessionStorage.length; i++) session.push(sessionStorage.key(i)!);
    return { local, session };
  }, THEME_KEY);
}

/** POST /auth/token from the page, as the app asks it: 200 while the relay's cookie holds a session. */
async function tokenStatus(p: Page = page): Promise<number> {
  return p.evaluate(
    async ([name, value]) =>
      (await fetch("/auth/token", { method: "POST", headers: { [name!]: value! } })).status,
    [CSRF_HEADER, CSRF_HEADER_VALUE],
  );
}

/** Asserts for `ms` that the sign-in screen never claims the sign-out is done. */
async function neverSaysSignedOut(p: Page, ms: number): Promise<void> {
  const end = Date.now() + ms;
  while (Date.now() < end) {
    expect(await reason(p).textContent()).not.toContain("You signed out");
    await new Promise((r) => setTimeout(r, 100));
  }
}

it("online: says Signing out… until the relay has ended the session, then leaves nothing in storage", async () => {
  await signIn(page);
  // The check below is meaningful: the session did write to storage.
  expect(Object.keys((await stored()).local)).toContain("wrike-pane-newest-expiry");
  // The relay takes a moment to answer, so the in-between state can be seen.
  await page.route("**/auth/logout", async (route) => {
    await new Promise((r) => setTimeout(r, 1500));
    await route.continue();
  });
  await signOutButton().click();
  await waitForText(reason(), "Signing out…", 1000);
  expect(await page.getByRole("navigation", { name: "Screens" }).count()).toBe(0);
  await waitForText(reason(), "You signed out.");
  expect(await stored()).toEqual({ local: {}, session: [] });
  expect(await tokenStatus()).toBe(401);
  await page.reload();
  await page.getByRole("link", { name: "Sign in with Wrike" }).waitFor();
  expect(await page.getByRole("navigation", { name: "Screens" }).count()).toBe(0);
});

it("offline: says the session is not ended yet and keeps trying, in every tab; back online it finishes", async () => {
  await signIn(page);
  const other = await context.newPage();
  await other.goto(E2E_APP_ORIGIN);
  await waitForApp(other);
  await context.setOffline(true);
  await signOutButton().click();
  await waitForText(reason(), NOT_ENDED);
  expect(await reason().textContent()).toContain("you are offline");
  await waitForText(reason(other), NOT_ENDED);
  // Nobody's data on screen, and it stays "not done" through a few retries.
  expect(await page.getByRole("navigation", { name: "Screens" }).count()).toBe(0);
  expect(await other.getByRole("navigation", { name: "Screens" }).count()).toBe(0);
  await neverSaysSignedOut(page, 3000);
  // Only a flag is remembered meanwhile, nothing secret.
  expect(await stored()).toEqual({ local: { "wrike-pane-signing-out": "1" }, session: [] });

  await context.setOffline(false);
  await waitForText(reason(), "You signed out.");
  await waitForText(reason(other), "You signed out");
  expect(await stored()).toEqual({ local: {}, session: [] });
  // The relay's cookie is gone: no token for this browser any more.
  expect(await tokenStatus()).toBe(401);
  await page.reload();
  await page.getByRole("link", { name: "Sign in with Wrike" }).waitFor();
  expect(await page.getByRole("navigation", { name: "Screens" }).count()).toBe(0);
});

it("the next load while the sign-out is pending finishes it before asking for a token", async () => {
  await signIn(page);
  // The relay cannot be reached (for every page of this browser): the sign-out stays pending. (Offline is
  // the test above; here the page itself still loads, so the next load is this test's case, not a blank.)
  await context.route("**/auth/logout", (route) => route.abort("connectionrefused"));
  await signOutButton().click();
  await waitForText(reason(), RELAY_UNREACHABLE);
  expect(await stored()).toEqual({ local: { "wrike-pane-signing-out": "1" }, session: [] });
  // The person closes the tab and opens Wrike Pane again later.
  await page.close();
  page = await context.newPage();
  const asked: string[] = [];
  page.on("request", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith("/auth/")) asked.push(path);
  });
  await page.goto(E2E_APP_ORIGIN);
  await waitForText(reason(), RELAY_UNREACHABLE).catch(async (e: unknown) => {
    // What the page shows and holds, for the failure to say why.
    const body = (await page.locator("body").innerText().catch(String)).slice(0, 300);
    throw new Error(
      `${String(e)}; asked ${JSON.stringify(asked)}; stored ${JSON.stringify(await stored())}; page: ${body}`,
    );
  });
  await neverSaysSignedOut(page, 2000);
  expect(await page.getByRole("navigation", { name: "Screens" }).count()).toBe(0);
  expect(asked.filter((p) => p === "/auth/token")).toEqual([]);
  expect(await stored()).toEqual({ local: { "wrike-pane-signing-out": "1" }, session: [] });

  // The relay is back: the next retry ends the session.
  await context.unroute("**/auth/logout");
  await waitForText(reason(), "You signed out.", 40_000);
  expect(asked.filter((p) => p === "/auth/token")).toEqual([]);
  expect(asked.filter((p) => p === "/auth/logout").length).toBeGreaterThan(1);
  expect(await stored()).toEqual({ local: {}, session: [] });
  expect(await tokenStatus()).toBe(401);
  await page.reload();
  await page.getByRole("link", { name: "Sign in with Wrike" }).waitFor();
  expect(await page.getByRole("navigation", { name: "Screens" }).count()).toBe(0);
});
