// My tasks with more than 10,000 tasks: paged in with nextPageToken, a screenful of rows in the DOM,
// smooth scrolling. The data comes from a second, larger simulator; its API is reached through a route
// that stands in for the relay's proxy (the relay itself is covered by the other files).
import { afterAll, beforeAll, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { taskRows, until, waitForApp, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { ADA, SIM_HOSTS } from "./sim.ts";
import { startSimulator, type Simulator } from "../wrike-sim/index.ts";

let big: Simulator;
let context: BrowserContext;
let page: Page;
let total = 0;

beforeAll(async () => {
  // 27,000 seeded tasks give Ada a little over 10,000 active ones.
  big = await startSimulator({ taskCount: 27_000, rateLimitPerMinute: 1_000_000 });
  ({ context, page } = await newPage());
  await page.setViewportSize({ width: 1280, height: 900 });
  await page.route("**/api/v4/**", async (route) => {
    const req = route.request();
    const url = new URL(req.url());
    const res = await fetch(`http://${big.hosts.us}${url.pathname}${url.search}`, {
      method: req.method(),
      headers: { Authorization: req.headers()["authorization"] ?? "" },
    });
    await route.fulfill({ status: res.status, contentType: "application/json", body: await res.text() });
  });
  const ada = big.users.find((u) => u.email === ADA.email)!;
  const token = ada.accounts.find((a) => a.host === "us")!.permanentToken;
  await page.goto(E2E_APP_ORIGIN);
  await page.getByLabel("Permanent token", { exact: true }).fill(token);
  await page.getByLabel("Data centre").selectOption("other");
  await page.getByLabel("Host", { exact: true }).fill(SIM_HOSTS.us);
  await page.getByRole("button", { name: "Use token" }).click();
  await waitForApp(page);
}, 60_000);
afterAll(async () => {
  await context.close();
  await big.close();
});

it("pages in more than 10,000 tasks and keeps only a screenful of rows in the DOM", async () => {
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "My tasks" }).click();
  const first = await waitForText(page.getByTestId("task-count"), /^Showing 100 of [\d,]+$/);
  total = Number(first.replace(/^.* of /, "").replace(/,/g, ""));
  expect(total).toBeGreaterThan(10_000);
  const list = page.getByTestId("virtual-list");
  const started = Date.now();
  const all = `${new Intl.NumberFormat("en").format(total)} tasks`;
  await until(
    async () => {
      await list.evaluate((el) => el.scrollTo(0, el.scrollHeight));
      return ((await page.getByTestId("task-count").textContent()) ?? "").trim() === all;
    },
    "every page",
    120_000,
  );
  console.log(`loaded ${total} tasks in ${Math.ceil(total / 100)} pages: ${Date.now() - started} ms`);
  expect(await taskRows(page).count()).toBeLessThan(45);
  const last = await taskRows(page)
    .last()
    .evaluate((a) => a.parentElement?.getAttribute("aria-posinset"));
  expect(Number(last)).toBe(total);
});

it("scrolls smoothly through them", async () => {
  const frames = await page.getByTestId("virtual-list").evaluate(async (el) => {
    el.scrollTop = 0;
    await new Promise(requestAnimationFrame);
    const times: number[] = [];
    let last = performance.now();
    // A fast fling: about 15 rows per frame, top to well past the middle.
    for (let i = 0; i < 150; i++) {
      el.scrollTop += 800;
      await new Promise(requestAnimationFrame);
      const now = performance.now();
      times.push(now - last);
      last = now;
    }
    return times.sort((a, b) => a - b);
  });
  const median = frames[Math.floor(frames.length / 2)]!;
  const p95 = frames[Math.floor(frames.length * 0.95)]!;
  console.log(`scroll frames over ${total} rows: median ${median.toFixed(1)} ms, p95 ${p95.toFixed(1)} ms`);
  expect(median).toBeLessThan(50);
  expect(p95).toBeLessThan(200);
  // The rows on screen are the ones for the scroll position.
  const pos = await taskRows(page)
    .first()
    .evaluate((a) => Number(a.parentElement?.getAttribute("aria-posinset")));
  expect(pos).toBeGreaterThan(1500);
  expect(await taskRows(page).count()).toBeLessThan(45);
});
