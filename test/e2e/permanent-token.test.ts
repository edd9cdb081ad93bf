// Permanent-token sign-in: the relay's own data centres listed; checked with contacts?me=true; wrong token, wrong
// data centre, kept per tab only if asked.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { until, waitForApp, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { ADA, SIM_HOSTS, sim, type SeedAccount } from "./sim.ts";

let context: BrowserContext;
let page: Page;
let acme: SeedAccount;

/** Signs in with a token on one of the listed data centres (chosen by its host, the option's value). */
async function useToken(token: string, host: string, remember = false): Promise<void> {
  await page.getByLabel("Permanent token", { exact: true }).fill(token);
  await page.getByLabel("Data centre").selectOption(host);
  if (remember) await page.getByLabel("Remember in this tab").check();
  else await page.getByLabel("Remember in this tab").uncheck();
  await page.getByRole("button", { name: "Use token" }).click();
}

beforeAll(async () => {
  await sim.reset();
  const ada = (await sim.users()).find((u) => u.email === ADA.email)!;
  acme = ada.accounts.find((a) => a.host === "us")!;
  ({ context, page } = await newPage());
  await page.goto(E2E_APP_ORIGIN);
  await page.getByRole("button", { name: "Use token" }).waitFor();
});
afterAll(async () => {
  await context.close();
  await sim.reset();
});

it("offers exactly the data centres this relay allows, its default first", async () => {
  const select = page.getByLabel("Data centre");
  await until(async () => (await select.isEnabled()) === true, "the data-centre list");
  const options = await select
    .locator("option")
    .evaluateAll((els) =>
      els.map((el) => ({ value: (el as HTMLOptionElement).value, label: el.textContent })),
    );
  expect(options).toEqual([
    { value: SIM_HOSTS.us, label: `Simulator 1 (${SIM_HOSTS.us})` },
    { value: SIM_HOSTS.eu, label: `Simulator 2 (${SIM_HOSTS.eu})` },
  ]);
  // The same list the relay answers (wrangler.toml [env.e2e] WRIKE_API_HOSTS), and nothing to type.
  const listed = (await (await fetch(`${E2E_APP_ORIGIN}/auth/hosts`)).json()) as { hosts: string[] };
  expect(options.map((o) => o.value)).toEqual(listed.hosts);
  expect(await select.inputValue()).toBe(SIM_HOSTS.us);
  expect(await page.getByLabel("Host", { exact: true }).count()).toBe(0);
});

it("refuses a wrong token with a clear message", async () => {
  await useToken("not-a-real-token", SIM_HOSTS.us);
  await waitForText(
    page.getByRole("alert"),
    `Wrike did not accept this token for ${SIM_HOSTS.us}: check the token and the data centre`,
  );
  expect(await page.getByRole("navigation", { name: "Screens" }).count()).toBe(0);
});

it("refuses a good token on the wrong data centre", async () => {
  await useToken(acme.permanentToken, SIM_HOSTS.eu);
  await waitForText(
    page.getByRole("alert"),
    `Wrike did not accept this token for ${SIM_HOSTS.eu}: check the token and the data centre`,
  );
});

it("signs in with the right token and data centre, kept in memory only", async () => {
  await useToken(acme.permanentToken, SIM_HOSTS.us);
  await waitForApp(page);
  await page.getByRole("heading", { name: "My work", level: 1 }).waitFor();
  expect(
    await page.evaluate(() => JSON.stringify({ ...sessionStorage }) + JSON.stringify({ ...localStorage })),
  ).not.toContain(acme.permanentToken);
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Profile" }).click();
  await waitForText(page.locator("main"), "Permanent token");
  // Not remembered: a reload forgets it.
  await page.reload();
  await page.getByRole("button", { name: "Use token" }).waitFor();
});

it("remembers the token in this tab only when asked, and forgets it on sign-out", async () => {
  await useToken(acme.permanentToken, SIM_HOSTS.us, true);
  await waitForApp(page);
  await page.reload();
  await waitForApp(page);
  await waitForText(page.getByRole("banner"), ADA.name);
  // Another tab does not have it (sessionStorage is per tab).
  const other = await context.newPage();
  await other.goto(E2E_APP_ORIGIN);
  await other.getByRole("button", { name: "Use token" }).waitFor();
  await other.close();

  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await waitForText(page.getByTestId("signin-reason"), "You signed out.");
  expect(await page.evaluate(() => sessionStorage.length)).toBe(0);
  await page.reload();
  await page.getByRole("button", { name: "Use token" }).waitFor();
});

it("explains the sign-out when Wrike stops accepting the token", async () => {
  await useToken(acme.permanentToken, SIM_HOSTS.us);
  // Signing in keeps the page the user was on (Profile, from an earlier test); go to My work.
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "My work" }).click();
  await page.locator("section.group").first().waitFor();
  // My work has finished loading (its total shows, Refresh is enabled): the refresh below is what meets
  // the revoked token, not a page of the first load.
  await waitForText(page.locator("#work-title + .sub"), /\d+ open tasks?/);
  const refresh = page.getByRole("button", { name: "Refresh", exact: true });
  await until(async () => (await refresh.count()) === 1 && (await refresh.isEnabled()), "My work loaded");
  await sim.revoke(ADA.email);
  await refresh.click();
  await waitForText(page.getByTestId("signin-reason"), "Wrike no longer accepts the permanent token.");
});
