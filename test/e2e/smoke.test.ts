// The built app loads in real Chromium, served by the relay.
import { expect, it } from "vitest";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";

it("loads the app", async () => {
  const { context, page } = await newPage();
  await page.goto(E2E_APP_ORIGIN);
  await expect(page.getByRole("heading", { name: "Wrike Pane" }).textContent()).resolves.toBe("Wrike Pane");
  await context.close();
});
