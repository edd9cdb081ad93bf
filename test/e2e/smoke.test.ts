// The built app loads in real Chromium, served by the relay, with no script errors.
import { expect, it } from "vitest";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";

it("loads the app", async () => {
  const { context, page } = await newPage();
  const errors: string[] = [];
  page.on("pageerror", (e) => errors.push(e.message));
  await page.goto(E2E_APP_ORIGIN);
  await page.getByRole("heading", { name: "Your Wrike tasks, at a glance" }).waitFor();
  expect(await page.title()).toBe("Wrike Pane");
  expect(errors).toEqual([]);
  await context.close();
});
