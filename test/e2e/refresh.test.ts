// Token expiry with 5-second access tokens: the app refreshes silently, and with two and with ten tabs
// open at once nobody is signed out (refresh serialised across tabs, rotated tokens shared).
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { signIn, until, waitForApp, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { sim } from "./sim.ts";

let context: BrowserContext;
let page: Page;
const signInShown: string[] = [];

async function refreshes(): Promise<number> {
  return (await sim.stats()).token.refresh_token;
}

/** Waits (without sleeping blindly) until Wrike has rotated the refresh token `n` more times. */
async function waitForRefreshes(n: number): Promise<void> {
  const start = await refreshes();
  await until(async () => (await refreshes()) >= start + n, `${n} refreshes`, 30_000);
}

/** Watches a page for the sign-in screen ever appearing (it must not). */
async function watch(p: Page, name: string): Promise<void> {
  await p.exposeFunction("__signInShown", () => signInShown.push(name));
  await p.addInitScript(() => {
    new MutationObserver(() => {
      if (document.querySelector("a[href^='/auth/login']")) {
        (window as unknown as { __signInShown: () => void }).__signInShown();
      }
    }).observe(document, { childList: true, subtree: true });
  });
}

/** The page is signed in and its API calls work now: a fresh (uncached) list loads. */
async function worksNow(p: Page, status: string): Promise<void> {
  await p.goto(`${E2E_APP_ORIGIN}/tasks?status=${status}`);
  await waitForApp(p);
  await waitForText(p.getByTestId("task-count"), /\d+ tasks?|Showing/);
}

beforeAll(async () => {
  await sim.reset();
  await sim.config({ accessTokenTtl: 5 });
  ({ context, page } = await newPage());
  await signIn(page);
  await watch(page, "tab 1");
});
afterAll(async () => {
  await context.close();
  await sim.reset();
});

it("refreshes ahead of expiry, silently, while the user works", async () => {
  const errors = (await sim.stats()).token.errors;
  await waitForRefreshes(3);
  // Past several lifetimes of the first token, calls still succeed with no sign-in in between.
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "My tasks" }).click();
  await waitForText(page.getByTestId("task-count"), /Showing|tasks?/);
  await page.getByRole("search").getByLabel("Status", { exact: true }).selectOption("Deferred");
  await waitForText(page.getByTestId("task-count"), /^\d+ tasks?$/);
  expect((await sim.stats()).token.errors).toBe(errors);
  expect(signInShown).toEqual([]);
});

it("keeps two tabs signed in through several rotations", async () => {
  const errors = (await sim.stats()).token.errors;
  const second = await context.newPage();
  await watch(second, "tab 2");
  await second.goto(E2E_APP_ORIGIN);
  await waitForApp(second);
  await waitForRefreshes(4);
  await worksNow(page, "Completed");
  await worksNow(second, "Cancelled");
  // A refresh token presented twice would be refused (invalid_grant) and counted as an error.
  expect((await sim.stats()).token.errors).toBe(errors);
  expect(signInShown).toEqual([]);
  await second.close();
});

it("keeps ten tabs signed in, opened all at once, through several rotations", async () => {
  const errors = (await sim.stats()).token.errors;
  const tabs = await Promise.all(Array.from({ length: 9 }, () => context.newPage()));
  await Promise.all(tabs.map((t, i) => watch(t, `tab ${i + 2}`)));
  await Promise.all(tabs.map((t) => t.goto(E2E_APP_ORIGIN)));
  await Promise.all(tabs.map((t) => waitForApp(t)));
  // Shared tokens: about one rotation per token lifetime for all ten tabs (2.5 s apart), not one per tab
  // (ten tabs on their own would rotate some 30 times in these 8 s). The bound is loose on purpose: on a
  // loaded machine a tab may miss a sibling's message and refresh itself once, which is harmless.
  const before = await refreshes();
  await waitForRefreshes(2);
  await new Promise((r) => setTimeout(r, 8_000));
  expect((await refreshes()) - before).toBeLessThanOrEqual(10);
  const all = [page, ...tabs];
  await Promise.all(all.map((t, i) => worksNow(t, ["Active", "Completed", "Deferred", "Cancelled"][i % 4]!)));
  expect((await sim.stats()).token.errors).toBe(errors);
  expect(signInShown).toEqual([]);
  await Promise.all(tabs.map((t) => t.close()));
});

it("signs every tab out when one signs out", async () => {
  const other = await context.newPage();
  await other.goto(E2E_APP_ORIGIN);
  await waitForApp(other);
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await waitForText(other.getByTestId("signin-reason"), "You signed out");
  await other.close();
});
