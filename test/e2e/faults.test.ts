// Wrike busy (429), down (5xx), the token endpoint failing, offline, revoked: each says what happened,
// keeps what is on screen, and the app recovers (or, when revoked, explains the sign-out).
import { afterAll, beforeAll, afterEach, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { signIn, taskRows, until, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { ADA, sim } from "./sim.ts";

let context: BrowserContext;
let page: Page;

function banner() {
  return page.getByTestId("status-banner");
}

async function bannerGone(): Promise<void> {
  await until(
    async () => ((await banner().textContent()) ?? "").trim() === "",
    "the banner to clear",
    20_000,
  );
}

beforeAll(async () => {
  await sim.reset();
  ({ context, page } = await newPage());
  await signIn(page);
  await page.locator("section.group").first().waitFor();
  // Every bucket in (the header's total shows only then): the list the tests below keep on screen.
  await waitForText(page.locator("#work-title + .sub"), /\d+ open tasks?/);
});
afterEach(async () => {
  await sim.clearFaults();
});
afterAll(async () => {
  await context.close();
  await sim.reset();
});

it("says Wrike is unavailable on 5xx, keeps the list on screen, and recovers", async () => {
  const before = await page.locator("section.group").count();
  await sim.faults({ target: "api", status: 503, retryAfter: 1 });
  await page.getByRole("button", { name: "Refresh" }).click();
  await waitForText(banner(), /Wrike is unavailable, retrying (in \d+ s|now)\./);
  expect(await page.locator("section.group").count()).toBe(before);
  await sim.clearFaults();
  await bannerGone();
  await page.getByRole("button", { name: "Refresh" }).waitFor();
  expect(await page.getByRole("navigation", { name: "Screens" }).count()).toBe(1);
});

it("says Wrike is busy on 429, honours Retry-After, and recovers", async () => {
  await sim.faults({ target: "api", status: 429, retryAfter: 3 });
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "My tasks" }).click();
  await waitForText(banner(), /Wrike is busy, retrying in [1-3] s\./);
  await sim.clearFaults();
  await bannerGone();
  await taskRows(page).first().waitFor();
});

it("backs off when the token endpoint fails, without signing out", async () => {
  // A sign-in now gets 5-second tokens, so the app soon needs a refresh, which fails with 503 for a while.
  await sim.config({ accessTokenTtl: 5 });
  const second = await newPage();
  try {
    await signIn(second.page, { path: "/tasks" });
    await sim.faults({ target: "token", status: 503 });
    const notice = second.page.getByTestId("status-banner");
    await waitForText(notice, /unavailable, retrying/, 20_000);
    expect(await second.page.getByRole("link", { name: "Sign in with Wrike" }).count()).toBe(0);
    await sim.clearFaults();
    await until(
      async () => ((await notice.textContent()) ?? "").trim() === "",
      "the banner to clear",
      20_000,
    );
    await second.page.getByRole("search").getByLabel("Status", { exact: true }).selectOption("Completed");
    await waitForText(second.page.getByTestId("task-count"), /tasks?$/);
  } finally {
    await second.context.close();
    await sim.config({ accessTokenTtl: 3600 });
  }
});

it("says when the browser is offline, and carries on when it is back", async () => {
  await context.setOffline(true);
  await waitForText(banner(), "You are offline.");
  await page.getByRole("search").getByLabel("Status", { exact: true }).selectOption("Deferred");
  await context.setOffline(false);
  await bannerGone();
  await waitForText(page.getByTestId("task-count"), /tasks?$/);
});

it("explains a sign-out when Wrike revokes the session", async () => {
  await page.goto(`${E2E_APP_ORIGIN}/`);
  await page.locator("section.group").first().waitFor();
  // The reload paints the kept copy first and then asks Wrike (My work's fill-in, workflows, folders): let
  // that finish so that the revoke meets the Refresh the user presses, not a request already on its way.
  await page.waitForLoadState("networkidle");
  const refresh = page.getByRole("button", { name: "Refresh" });
  await until(() => refresh.isEnabled(), "Refresh to be ready");
  await sim.revoke(ADA.email);
  await refresh.click();
  await waitForText(page.getByTestId("signin-reason"), /session has expired or was ended in Wrike/);
  expect(new URL(page.url()).pathname).toBe("/");
});
