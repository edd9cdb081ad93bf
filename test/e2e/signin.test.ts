// Sign in with Wrike through the simulator's login, account chooser and consent pages; profile; sign out.
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { screenshot, signIn, waitForApp, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { ADA, sim } from "./sim.ts";

let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  await sim.reset();
  ({ context, page } = await newPage());
});
afterAll(async () => {
  await context.close();
});

it("shows the sign-in screen when signed out", async () => {
  await page.goto(E2E_APP_ORIGIN);
  await page.getByRole("link", { name: "Sign in with Wrike" }).waitFor();
  expect(await page.getByRole("heading", { name: "Use a permanent token" }).isVisible()).toBe(true);
  await screenshot(page, "sign-in");
});

it("explains a declined consent and leads back to sign-in", async () => {
  await page.getByRole("link", { name: "Sign in with Wrike" }).click();
  await page.getByLabel("Email").fill(ADA.email);
  await page.getByLabel("Password").fill(ADA.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("button", { name: ADA.account }).click();
  await page.getByRole("button", { name: "Deny" }).click();
  await waitForText(page.locator("body"), "You declined access, so you are not signed in.");
  await page.getByRole("link", { name: "Back to Wrike Pane" }).click();
  await page.getByRole("link", { name: "Sign in with Wrike" }).waitFor();
});

it("says so when the password is wrong, then signs in through chooser and consent", async () => {
  await page.getByRole("link", { name: "Sign in with Wrike" }).click();
  await page.getByRole("heading", { name: "Log in to Wrike (simulator)" }).waitFor();
  await page.getByLabel("Email").fill(ADA.email);
  await page.getByLabel("Password").fill("not-the-password");
  await page.getByRole("button", { name: "Log in" }).click();
  await waitForText(page.getByRole("alert"), "Wrong email or password.");

  await page.getByLabel("Email").fill(ADA.email);
  await page.getByLabel("Password").fill(ADA.password);
  await page.getByRole("button", { name: "Log in" }).click();
  await page.getByRole("heading", { name: "Choose an account" }).waitFor();
  await page.getByRole("button", { name: ADA.account }).click();
  await page.getByRole("heading", { name: "Allow access" }).waitFor();
  await page.getByRole("button", { name: "Allow" }).click();
  await waitForApp(page);
  expect(new URL(page.url()).pathname).toBe("/");
});

it("lands on My work with open tasks grouped by due date", async () => {
  await page.getByRole("heading", { name: "My work", level: 1 }).waitFor();
  await page.locator("section.group h2").first().waitFor();
  const groups = await page.locator("section.group h2").allTextContents();
  const order = ["Overdue", "Today", "This week", "Later", "No date"];
  const seen = groups.map((g) => order.findIndex((o) => g.startsWith(o)));
  expect(seen.every((i) => i >= 0)).toBe(true);
  expect([...seen].sort((a, b) => a - b)).toEqual(seen);
  expect(await page.getByRole("heading", { name: "In progress" }).count()).toBeGreaterThan(0);
  expect(await page.getByRole("heading", { name: "To do" }).count()).toBeGreaterThan(0);
  await screenshot(page, "my-work");
});

it("shows the profile: name, email, role, admin and owner, details, account, data centre, time zone, locale", async () => {
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Profile" }).click();
  await waitForText(page.getByTestId("profile-name"), ADA.name);
  const text = (await page.locator("main").textContent()) ?? "";
  expect(text).toContain(ADA.email);
  expect(text).toContain(ADA.account);
  expect(text).toContain("Owner");
  expect(text).toContain("Admin");
  expect(text).toContain("Europe/London");
  // By name, not as Wrike's code ("en") or a bare host.
  expect(text).toMatch(/Locale\s*English \(United States\)/);
  expect(await page.getByTestId("profile-datacentre").textContent()).toMatch(
    /^Simulator 1 \(127\.0\.0\.1:\d+\)$/,
  );
  // The contact details Wrike has for her.
  expect(text).toMatch(/Title\s*Head of Engineering/);
  expect(text).toMatch(/Company\s*Acme Robotics/);
  expect(text).toMatch(/Phone\s*\+44 20 7946 0018/);
  expect(text).toMatch(/Location\s*London, UK/);
  expect(text).toContain("Read only");
  expect(new URL(page.url()).pathname).toBe("/profile");
  await screenshot(page, "profile");
});

it("keeps the session across a reload (the token comes back from the relay, not from storage)", async () => {
  await page.reload();
  await waitForText(page.getByTestId("profile-name"), ADA.name);
});

it("signs out, says so, and stays signed out after a reload", async () => {
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await waitForText(page.getByTestId("signin-reason"), "You signed out.");
  await page.reload();
  await page.getByRole("link", { name: "Sign in with Wrike" }).waitFor();
  expect(await page.getByRole("navigation", { name: "Screens" }).count()).toBe(0);
});

it("returns to a deep link after signing in", async () => {
  await signIn(page, { path: "/tasks?status=Completed" });
  expect(new URL(page.url()).pathname + new URL(page.url()).search).toBe("/tasks?status=Completed");
  await waitForText(page.getByTestId("task-count"), /\d+ tasks?|Showing/);
});
