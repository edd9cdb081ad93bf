// The flow-cookie bomb, attempted in real Chromium: another site keeps sending one window to /auth/login
// with long return paths. The victim's Cookie header must stay small and the app must keep working.
import type { BrowserContext, Page } from "playwright-core";
import { afterEach, beforeEach, describe, expect, it } from "vitest";
import { signIn, waitForApp } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { sim, SIM_LOGIN } from "./sim.ts";

let context: BrowserContext;
let page: Page;

beforeEach(async () => {
  await sim.reset();
  ({ context, page } = await newPage());
});
afterEach(async () => {
  await context.close();
});

describe("a page that keeps sending a window to /auth/login", () => {
  it("leaves at most three flow cookies, and the app, /auth/token and sign-in keep working", async () => {
    // The attacker's page (any site: here the simulator's origin) opens one window and renavigates it.
    await page.goto(`${SIM_LOGIN}/__sim/stats`);
    const urls = Array.from({ length: 30 }, (_, i) => {
      const q = new URLSearchParams({ return_to: `/tasks?q=${"%E2%9C%93".repeat(50)}${i}`, access: "read" });
      return `${E2E_APP_ORIGIN}/auth/login?${q}`;
    });
    const popupOpened = context.waitForEvent("page");
    await page.evaluate(async (list) => {
      const w = window.open("about:blank", "bomb");
      for (const url of list) {
        if (w) w.location.href = url;
        await new Promise((r) => setTimeout(r, 150));
      }
    }, urls);
    const popup = await popupOpened;
    await popup.waitForLoadState();
    const flows = (await context.cookies(E2E_APP_ORIGIN)).filter((c) => c.name.includes("wp_flow_"));
    expect(flows.length).toBeGreaterThan(0);
    expect(flows.length).toBeLessThanOrEqual(3);
    const header = flows.map((c) => `${c.name}=${c.value}`).join("; ");
    expect(header.length).toBeLessThan(4096);
    await popup.close();

    // The victim's app still loads and signs in.
    const app = await page.goto(`${E2E_APP_ORIGIN}/`);
    expect(app?.status()).toBe(200);
    await signIn(page);
    await waitForApp(page);
  });
});
