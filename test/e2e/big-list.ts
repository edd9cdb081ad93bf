// My tasks over a simulator with 10,000+ tasks in Chromium: shared by the e2e virtual-list test (what is in
// the DOM) and `npm run bench` (how long a scroll frame takes). No vitest here, so the bench can import it.
import type { Page } from "playwright-core";
import type { Simulator } from "../wrike-sim/index.ts";
import { taskRows, until, waitForApp, waitForText } from "./app.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { ADA, SIM_HOSTS } from "./sim.ts";

/** Tasks seeded so that Ada has a little over 10,000 active ones. */
export const BIG_TASK_COUNT = 27_000;

/**
 * Signs in on `page` with Ada's permanent token on `big`. Its API is reached through a route that stands
 * in for the relay's proxy (the relay lists the e2e simulator's hosts; the answers come from `big`).
 */
export async function openBigList(page: Page, big: Simulator): Promise<void> {
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
  await page.getByLabel("Data centre").selectOption(SIM_HOSTS.us);
  await page.getByRole("button", { name: "Use token" }).click();
  await waitForApp(page);
}

/** Opens My tasks and scrolls to the end until every page is in; returns the total and how long it took. */
export async function loadEveryPage(page: Page): Promise<{ total: number; ms: number }> {
  await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "My tasks" }).click();
  const first = await waitForText(page.getByTestId("task-count"), /^Showing 100 of [\d,]+$/);
  const total = Number(first.replace(/^.* of /, "").replace(/,/g, ""));
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
  return { total, ms: Date.now() - started };
}

export interface Fling {
  /** Frame times while flinging, sorted (ms). */
  frames: number[];
  /** Points (px from the list's top) where no task row with a title was on screen, at each check. */
  blanks: number[][];
}

/**
 * A fast fling from the top: 800 px (about 15 rows) per frame for `steps` frames. Every `checkEvery`
 * frames it waits for the list to catch up and looks down the middle of the viewport for empty space.
 */
export async function fling(page: Page, steps = 150, checkEvery = 25): Promise<Fling> {
  return page.getByTestId("virtual-list").evaluate(
    async (el, { steps, checkEvery }) => {
      const frame = () => new Promise(requestAnimationFrame);
      /** One probe every 10 px: a list item with a titled task link must be there. */
      const blanksNow = () => {
        const box = el.getBoundingClientRect();
        const x = box.left + box.width / 2;
        const blank: number[] = [];
        for (let y = box.top + 1; y < box.bottom - 1; y += 10) {
          const item = document.elementFromPoint(x, y)?.closest("[role=listitem]");
          const link = item?.querySelector("a[data-task-id]");
          if (!link || (link.textContent ?? "").trim() === "") blank.push(Math.round(y - box.top));
        }
        return blank;
      };
      el.scrollTop = 0;
      await frame();
      const times: number[] = [];
      const blanks: number[][] = [];
      let last = performance.now();
      for (let i = 1; i <= steps; i++) {
        el.scrollTop += 800;
        await frame();
        const now = performance.now();
        times.push(now - last);
        last = now;
        if (i % checkEvery === 0) {
          // The list renders on the frame after the scroll event; what is painted then must be rows.
          await frame();
          await frame();
          blanks.push(blanksNow());
          last = performance.now();
        }
      }
      return { frames: times.sort((a, b) => a - b), blanks };
    },
    { steps, checkEvery },
  );
}

/**
 * The first and last row in the DOM's position in the list (1-based) and how many rows are in the DOM. The
 * position is the list item's aria-posinset, read from whichever ancestor of the row's link carries it (the
 * link sits in a wrapper beside its timer button); a row outside any positioned item reads as NaN.
 */
export async function rowsInDom(page: Page): Promise<{ first: number; last: number; count: number }> {
  const rows = taskRows(page);
  const pos = (i: "first" | "last") =>
    rows[i]().evaluate((a) => Number(a.closest("[aria-posinset]")?.getAttribute("aria-posinset") ?? NaN));
  return { first: await pos("first"), last: await pos("last"), count: await rows.count() };
}
