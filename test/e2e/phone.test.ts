// Phones: every screen at 320x640, 360x740 and 390x844 fits the viewport (no element sticks out sideways), keeps
// its brand, navigation, buttons, due dates and status pills whole, and offers 44 px touch targets; the
// task panel is a full-screen sheet with a way back; the embed pane works in a 320 px container.
import type { BrowserContext, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { screenshot, signIn, taskRows, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { axeSerious, clipped, overflowing, smallTargets, wrapped } from "./checks.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { EMBED_HOST, embedHost, paneFrame, signInInPopup } from "./embed-host.ts";
import { sim } from "./sim.ts";

const PHONES = [
  // The smallest phone still sold (iPhone SE 1st gen, small Androids): everything must hold from here up.
  { width: 320, height: 640 },
  { width: 360, height: 740 },
  { width: 390, height: 844 },
] as const;

/** Everything a phone screen must hold: nothing wider than the viewport, nothing too small to tap. */
async function fitsPhone(page: Page): Promise<void> {
  expect(await overflowing(page)).toEqual([]);
  expect(await smallTargets(page)).toEqual([]);
}

/** The top bar: brand on screen, navigation labels on one line, the buttons whole. */
async function topBarWhole(page: Page): Promise<void> {
  const brand = page.getByRole("banner").getByRole("link", { name: "Wrike Pane" });
  expect(await brand.isVisible()).toBe(true);
  expect(await clipped(page, "header.top .brand")).toEqual([]);
  expect(await wrapped(page, "nav[aria-label=Screens] a")).toEqual([]);
  expect(await clipped(page, "nav[aria-label=Screens] a")).toEqual([]);
  expect(await clipped(page, "header.top button")).toEqual([]);
  expect(await page.getByRole("banner").getByRole("button", { name: "Sign out" }).isVisible()).toBe(true);
}

describe("the checks themselves", () => {
  it("catch a wide element, a small button, a cut label, a wrapped label and low contrast", async () => {
    const { context, page } = await newPage();
    await page.setViewportSize({ width: 360, height: 740 });
    await page.goto(E2E_APP_ORIGIN);
    await page.getByRole("link", { name: "Sign in with Wrike" }).waitFor();
    expect(await overflowing(page)).toEqual([]);
    await page.evaluate(() => {
      const box = document.createElement("div");
      box.id = "probe";
      box.innerHTML = `<div id="wide" style="width:500px;height:10px"></div>
        <button id="tiny" style="width:20px;height:20px">x</button>
        <span id="cut" style="display:inline-block;width:30px;overflow:hidden;white-space:nowrap">a long label</span>
        <span id="two" style="display:inline-block;width:40px">two words</span>
        <p style="color:#999;background:#fff">faint text</p>`;
      document.body.prepend(box);
    });
    expect((await overflowing(page)).join("\n")).toMatch(/document is \d+px wide[\s\S]*div#wide/);
    expect((await smallTargets(page)).join("\n")).toMatch(/button "x" is 20x20/);
    expect(await clipped(page, "#cut")).toEqual([expect.stringMatching(/is cut/)]);
    expect(await wrapped(page, "#two")).toEqual([expect.stringMatching(/wraps over 2 lines/)]);
    expect((await axeSerious(page)).map((v) => v.id)).toContain("color-contrast");
    await context.close();
  });
});

for (const size of PHONES) {
  // Screenshots for the README come from the 390 px run (an everyday phone).
  const shoot = size.width === 390;
  describe(`at ${size.width}x${size.height}`, () => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      await sim.reset();
      ({ context, page } = await newPage());
      await page.setViewportSize(size);
    });
    afterAll(async () => {
      await context.close();
    });

    it("fits the sign-in screen", async () => {
      await page.goto(E2E_APP_ORIGIN);
      await page.getByRole("link", { name: "Sign in with Wrike" }).waitFor();
      await fitsPhone(page);
    });

    it("fits My work: brand, navigation, Refresh, due dates and status pills whole", async () => {
      await signIn(page, { access: "write" });
      await page.locator("section.group a[data-task-id]").first().waitFor();
      await fitsPhone(page);
      await topBarWhole(page);
      expect(await clipped(page, "main .head button")).toEqual([]);
      expect(await page.getByRole("button", { name: "Refresh" }).isVisible()).toBe(true);
      expect(await clipped(page, "a[data-task-id] .due time")).toEqual([]);
      expect(await clipped(page, "a[data-task-id] .due")).toEqual([]);
      const pills = page.locator("section.group a[data-task-id] .pill.status");
      expect(await pills.count()).toBeGreaterThan(0);
      expect(await pills.first().isVisible()).toBe(true);
      expect((await pills.first().boundingBox())!.width).toBeGreaterThan(30);
      if (shoot) await screenshot(page, "phone-my-work");
    });

    it("fits My tasks, its filters and its rows", async () => {
      await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "My tasks" }).click();
      await taskRows(page).first().waitFor();
      await fitsPhone(page);
      await topBarWhole(page);
      expect(await clipped(page, "a[data-task-id] .due")).toEqual([]);
      expect(await page.locator("[data-testid=virtual-list] .pill.status").first().isVisible()).toBe(true);
      // The search box's hint is not cut off: its text, measured in the box's font, fits the box.
      const search = page.getByRole("searchbox");
      const room = await search.evaluate((el: HTMLInputElement) => {
        const cs = getComputedStyle(el);
        const ctx = document.createElement("canvas").getContext("2d")!;
        ctx.font = `${cs.fontWeight} ${cs.fontSize} ${cs.fontFamily}`;
        const inside = el.clientWidth - parseFloat(cs.paddingLeft) - parseFloat(cs.paddingRight);
        return { hint: el.placeholder, text: ctx.measureText(el.placeholder).width, inside };
      });
      expect(room.hint).toMatch(/Search title/);
      expect(room.text).toBeLessThanOrEqual(room.inside);
      if (shoot) await screenshot(page, "phone-my-tasks");
    });

    it("opens a task as a full-screen sheet with a way back to the list", async () => {
      const row = taskRows(page).first();
      const title = (await row.locator(".title").textContent())!.trim();
      await row.click();
      const panel = page.getByTestId("task-panel");
      await waitForText(panel.locator("#panel-title"), title);
      await panel.getByTestId("task-status").waitFor();
      const box = (await panel.boundingBox())!;
      expect(box).toMatchObject({ x: 0, y: 0, width: size.width, height: size.height });
      await fitsPhone(page);
      expect(await clipped(page, "[data-testid=task-panel] [data-testid=task-status]")).toEqual([]);
      const back = panel.getByRole("button", { name: "Close task details" });
      expect(await back.isVisible()).toBe(true);
      expect(await back.textContent()).toMatch(/Close/);
      if (shoot) await screenshot(page, "phone-task");
      await back.click();
      await panel.waitFor({ state: "detached" });
      expect(new URL(page.url()).pathname).toBe("/tasks");
      await taskRows(page).first().waitFor();
    });

    it("fits the new-task form", async () => {
      await page.getByRole("button", { name: "New task" }).click();
      const form = page.getByRole("form", { name: "New task" });
      await form.getByLabel("Title").waitFor();
      await fitsPhone(page);
      expect(await clipped(page, "form.new button")).toEqual([]);
      await form.getByRole("button", { name: "Cancel" }).click();
      await page.getByRole("button", { name: "New task" }).waitFor();
    });

    it("fits the profile", async () => {
      await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Profile" }).click();
      await page.getByTestId("profile-name").waitFor();
      await fitsPhone(page);
      await topBarWhole(page);
    });

    it("fits the help overlay", async () => {
      await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
      const dialog = page.getByRole("dialog", { name: "Keyboard shortcuts" });
      await dialog.waitFor();
      await fitsPhone(page);
      const box = (await dialog.boundingBox())!;
      expect(box.x).toBeGreaterThanOrEqual(0);
      expect(box.x + box.width).toBeLessThanOrEqual(size.width);
      await dialog.getByRole("button", { name: "Close help" }).click();
      await dialog.waitFor({ state: "hidden" });
    });

    it("keeps dark theme within the viewport too", async () => {
      await page.getByRole("button", { name: "Use dark theme" }).click();
      await page.locator("html[data-theme=dark]").waitFor({ state: "attached" });
      await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "My work" }).click();
      await page.locator("section.group a[data-task-id]").first().waitFor();
      await fitsPhone(page);
      if (shoot) await screenshot(page, "phone-dark");
      await page.getByRole("button", { name: "Use light theme" }).click();
    });
  });
}

describe("between phone and desktop", () => {
  it("fits every screen at 700 and 1000 px, with and without the task panel", async () => {
    await sim.reset();
    const { context, page } = await newPage();
    await page.setViewportSize({ width: 700, height: 900 });
    await signIn(page);
    for (const width of [700, 1000]) {
      await page.setViewportSize({ width, height: 900 });
      await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "My work" }).click();
      await page.locator("section.group a[data-task-id]").first().waitFor();
      expect(await overflowing(page)).toEqual([]);
      expect(await wrapped(page, "nav[aria-label=Screens] a")).toEqual([]);
      await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "My tasks" }).click();
      await taskRows(page).first().waitFor();
      expect(await overflowing(page)).toEqual([]);
      await taskRows(page).first().click();
      await page.getByTestId("task-panel").getByTestId("task-status").waitFor();
      expect(await overflowing(page)).toEqual([]);
      expect(await clipped(page, "a[data-task-id] .due")).toEqual([]);
      await page.keyboard.press("Escape");
      await page.getByTestId("task-panel").waitFor({ state: "detached" });
      await page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name: "Profile" }).click();
      await page.getByTestId("profile-name").waitFor();
      expect(await overflowing(page)).toEqual([]);
    }
    await context.close();
  });
});

describe("the embed pane in a 320 px container", () => {
  let context: BrowserContext;
  let page: Page;
  let close: () => Promise<void>;

  beforeAll(async () => {
    await sim.reset();
    close = await embedHost(`<div id="pane" data-wrike-pane="work" style="width:320px"></div>`);
    ({ context, page } = await newPage());
    await page.setViewportSize({ width: 360, height: 740 });
  });
  afterAll(async () => {
    await context.close();
    await close();
  });

  it("fits signed out and signed in", async () => {
    await page.goto(`${EMBED_HOST}/`);
    const frame = await paneFrame(page);
    await frame.getByRole("button", { name: "Sign in with Wrike" }).waitFor();
    expect(await frame.evaluate(() => window.innerWidth)).toBe(320);
    expect(await overflowing(frame)).toEqual([]);
    expect(await smallTargets(frame)).toEqual([]);

    await signInInPopup(context, frame);
    await frame.locator("li[data-task-id]").first().waitFor({ timeout: 15_000 });
    await frame.getByRole("button", { name: "Sign out" }).waitFor();
    expect(await overflowing(frame)).toEqual([]);
    expect(await smallTargets(frame)).toEqual([]);
    expect(await clipped(frame, "li[data-task-id] .due")).toEqual([]);
    expect(await clipped(frame, "header button")).toEqual([]);
  });
});
