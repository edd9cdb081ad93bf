// A signed-out load is a normal state: the app and the pane log no error and ask /auth/token for nothing.
import type { BrowserContext, ConsoleMessage, Page } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signIn, waitForApp } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { sim } from "./sim.ts";

let context: BrowserContext;
let page: Page;
let errors: string[];
let tokenCalls: number;

beforeEach(async () => {
  await sim.reset();
  ({ context, page } = await newPage());
  errors = [];
  tokenCalls = 0;
  page.on("console", (m: ConsoleMessage) => {
    if (m.type() === "error") errors.push(m.text());
  });
  page.on("pageerror", (e) => errors.push(e.message));
  page.on("request", (r) => {
    if (r.url() === `${E2E_APP_ORIGIN}/auth/token`) tokenCalls++;
  });
});
afterEach(async () => {
  await context.close();
});

describe("a signed-out load", () => {
  it("shows the sign-in with no console error and no /auth/token call", async () => {
    await page.goto(`${E2E_APP_ORIGIN}/tasks`);
    await page.getByRole("link", { name: "Sign in with Wrike" }).waitFor();
    await page.waitForLoadState("networkidle");
    expect(errors).toEqual([]);
    expect(tokenCalls).toBe(0);
  });

  it("the embed pane too", async () => {
    await page.goto(`${E2E_APP_ORIGIN}/embed?view=work`);
    await page.getByRole("button", { name: "Sign in with Wrike" }).waitFor();
    await page.waitForLoadState("networkidle");
    expect(errors).toEqual([]);
    expect(tokenCalls).toBe(0);
  });

  it("after a sign-in and a reload, the session is picked up (the hint is there), and after sign-out it is gone", async () => {
    await signIn(page);
    await page.reload();
    await waitForApp(page);
    expect(tokenCalls).toBeGreaterThan(0);
    await page.getByRole("button", { name: "Sign out" }).click();
    await page.getByText("You signed out.").waitFor();
    expect(await page.evaluate(() => document.cookie)).toBe("");
    const before = tokenCalls;
    await page.reload();
    await page.getByRole("link", { name: "Sign in with Wrike" }).waitFor();
    await page.waitForLoadState("networkidle");
    expect(tokenCalls).toBe(before);
    expect(errors).toEqual([]);
  });
});
