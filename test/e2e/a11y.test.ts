// axe-core on every screen in light and dark (sign-in, My work, My tasks, the task panel, profile, help,
// the embed pane): no violation of impact serious or critical; and the keyboard paths a sighted keyboard
// user relies on (focus after sign-in, Esc in the new-task form, Tab to the panel's close, j/k with the
// panel open).
import type { BrowserContext, Locator, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { signIn, taskRows, until, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { axeSerious } from "./checks.ts";
import { EMBED_HOST, embedHost, paneFrame, signInInPopup } from "./embed-host.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { ADA, sim, wrikeAs } from "./sim.ts";

const nav = (page: Page, name: string) =>
  page.getByRole("navigation", { name: "Screens" }).getByRole("link", { name }).click();

for (const scheme of ["light", "dark"] as const) {
  describe(`axe in ${scheme} theme`, () => {
    let context: BrowserContext;
    let page: Page;

    beforeAll(async () => {
      await sim.reset();
      ({ context, page } = await newPage());
      await page.setViewportSize({ width: 1280, height: 800 });
      // The app follows the system's scheme until the user picks one.
      await page.emulateMedia({ colorScheme: scheme });
    });
    afterAll(async () => {
      await context.close();
    });

    it("finds nothing serious on sign-in", async () => {
      await page.goto(E2E_APP_ORIGIN);
      await page.getByRole("link", { name: "Sign in with Wrike" }).waitFor();
      expect(await page.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
      expect(await axeSerious(page)).toEqual([]);
    });

    it("finds nothing serious on My work", async () => {
      await signIn(page, { access: "write" });
      await page.locator("section.group a[data-task-id]").first().waitFor();
      expect(await axeSerious(page)).toEqual([]);
    });

    it("finds nothing serious on My tasks, with the new-task form open", async () => {
      await nav(page, "My tasks");
      await taskRows(page).first().waitFor();
      expect(await axeSerious(page)).toEqual([]);
      await page.getByRole("button", { name: "New task" }).click();
      await page.getByRole("form", { name: "New task" }).waitFor();
      expect(await axeSerious(page)).toEqual([]);
      await page.getByRole("button", { name: "Cancel" }).click();
    });

    it("finds nothing serious with the task panel open", async () => {
      await taskRows(page).first().click();
      const panel = page.getByTestId("task-panel");
      await panel.getByTestId("task-status").waitFor();
      await panel.locator("#comments-title").waitFor();
      expect(await axeSerious(page)).toEqual([]);
    });

    it("finds nothing serious on a task whose description and comment are hostile HTML", async () => {
      const wrike = await wrikeAs(ADA.email);
      const list = await wrike.get<{ id: string; title: string }>("tasks", {
        responsibles: [wrike.user.id],
        status: "Active",
        pageSize: 1000,
      });
      const hostile = list.data.find((t) => t.title.startsWith("Check <img"))!;
      await page.goto(`${E2E_APP_ORIGIN}/tasks/${hostile.id}`);
      const panel = page.getByTestId("task-panel");
      await panel.getByTestId("task-description").waitFor();
      await panel.getByTestId("task-comments").waitFor();
      expect(await axeSerious(page)).toEqual([]);
      await panel.getByRole("button", { name: "Close task details" }).click();
    });

    it("finds nothing serious on the profile and in the help overlay", async () => {
      await nav(page, "Profile");
      await page.getByTestId("profile-name").waitFor();
      expect(await axeSerious(page)).toEqual([]);
      await page.getByRole("button", { name: "Keyboard shortcuts" }).click();
      await page.getByRole("dialog", { name: "Keyboard shortcuts" }).waitFor();
      expect(await axeSerious(page)).toEqual([]);
      await page.keyboard.press("Escape");
    });

    it("finds nothing serious on sign-in after signing out", async () => {
      await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
      await waitForText(page.getByTestId("signin-reason"), "You signed out.");
      expect(await axeSerious(page)).toEqual([]);
    });
  });

  describe(`axe on the embed pane in ${scheme} theme`, () => {
    let context: BrowserContext;
    let page: Page;
    let close: () => Promise<void>;

    beforeAll(async () => {
      await sim.reset();
      close = await embedHost(
        `<div id="pane" data-wrike-pane="work" data-theme="${scheme}"></div>
         <div id="profile" data-wrike-pane="profile" data-theme="${scheme}"></div>`,
      );
      ({ context, page } = await newPage());
    });
    afterAll(async () => {
      await context.close();
      await close();
    });

    it("finds nothing serious signed out, signed in, in the profile, and after signing out", async () => {
      await page.goto(`${EMBED_HOST}/`);
      const frame = await paneFrame(page);
      await frame.getByRole("button", { name: "Sign in with Wrike" }).waitFor();
      expect(await frame.evaluate(() => document.documentElement.dataset.theme)).toBe(scheme);
      expect(await axeSerious(frame)).toEqual([]);

      await signInInPopup(context, frame);
      await frame.locator("li[data-task-id]").first().waitFor({ timeout: 15_000 });
      expect(await axeSerious(frame)).toEqual([]);

      // Reloaded, both panes come back signed in from the frame partition's cookie.
      await page.reload();
      const work = await paneFrame(page);
      await work.locator("li[data-task-id]").first().waitFor({ timeout: 15_000 });
      expect(await axeSerious(work)).toEqual([]);
      const profile = await paneFrame(page, "#profile iframe");
      await waitForText(profile.locator("main"), ADA.email);
      expect(await axeSerious(profile)).toEqual([]);

      await work.getByRole("button", { name: "Sign out" }).click();
      await work.getByRole("button", { name: "Sign in with Wrike" }).waitFor();
      await waitForText(work.locator("main"), "You signed out.");
      expect(await axeSerious(work)).toEqual([]);
    });
  });
}

/** Opens the first row's task, presses j, and waits until the panel shows the second row's task. */
async function openFirstThenStep(page: Page, rows: Locator, titles: string[]): Promise<Locator> {
  await rows.nth(0).click();
  const panel = page.getByTestId("task-panel");
  await waitForText(panel.locator("#panel-title"), titles[0]!);
  await page.keyboard.press("j");
  await waitForText(panel.locator("#panel-title"), titles[1]!);
  return panel;
}

describe("keyboard", () => {
  let context: BrowserContext;
  let page: Page;

  beforeAll(async () => {
    await sim.reset();
    ({ context, page } = await newPage());
    await page.setViewportSize({ width: 1280, height: 800 });
  });
  afterAll(async () => {
    await context.close();
  });

  const focused = (p: Page) =>
    p.evaluate(() => {
      const el = document.activeElement;
      return el ? `${el.tagName.toLowerCase()}:${(el.textContent ?? "").trim()}` : "";
    });

  it("puts focus on the main heading after sign-in", async () => {
    await signIn(page, { access: "write" });
    await until(async () => (await focused(page)) === "h1:My work", "focus on the My work heading");
  });

  it("closes the new-task form with Esc and gives focus back to its button", async () => {
    await nav(page, "My tasks");
    await taskRows(page).first().waitFor();
    const button = page.getByRole("button", { name: "New task" });
    await button.click();
    const form = page.getByRole("form", { name: "New task" });
    await form.getByLabel("Title").fill("half-typed");
    await page.keyboard.press("Escape");
    await form.waitFor({ state: "detached" });
    await until(async () => (await focused(page)) === "button:New task", "focus back on New task");
  });

  it("reaches the panel's close button with Tab from the panel's heading", async () => {
    const first = taskRows(page).first();
    await first.click();
    const panel = page.getByTestId("task-panel");
    await panel.getByTestId("task-status").waitFor();
    await until(
      () => page.evaluate(() => document.activeElement?.id === "panel-title"),
      "focus on the panel heading",
    );
    await page.keyboard.press("Tab");
    const name = await page.evaluate(() => document.activeElement?.getAttribute("aria-label"));
    expect(name).toBe("Close task details");
    await page.keyboard.press("Enter");
    await panel.waitFor({ state: "detached" });
  });

  it("moves between tasks with j and k while the panel is open, the panel following", async () => {
    const rows = taskRows(page);
    const ids = await rows.evaluateAll((els) => els.slice(0, 3).map((e) => e.getAttribute("data-task-id")!));
    const titles = await rows.evaluateAll((els) =>
      els.slice(0, 3).map((e) => e.querySelector(".title")!.textContent!.trim()),
    );
    const panel = await openFirstThenStep(page, rows, titles);
    expect(new URL(page.url()).pathname).toBe(`/tasks/${ids[1]}`);
    await page.keyboard.press("j");
    await waitForText(panel.locator("#panel-title"), titles[2]!);
    await page.keyboard.press("k");
    await waitForText(panel.locator("#panel-title"), titles[1]!);
    expect(new URL(page.url()).pathname).toBe(`/tasks/${ids[1]}`);
    // The list shows which row the panel shows.
    expect(await rows.nth(1).getAttribute("class")).toMatch(/selected/);
    // Closing still goes back to the list, not through each task shown.
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
    expect(new URL(page.url()).pathname).toBe("/tasks");
  });

  it("moves between tasks with j and k on My work while the panel is open", async () => {
    await nav(page, "My work");
    const rows = page.locator("section.group a[data-task-id]");
    await rows.first().waitFor();
    const titles = await rows.evaluateAll((els) =>
      els.slice(0, 2).map((e) => e.querySelector(".title")!.textContent!.trim()),
    );
    const panel = await openFirstThenStep(page, rows, titles);
    await page.keyboard.press("Escape");
    await panel.waitFor({ state: "detached" });
    expect(new URL(page.url()).pathname).toBe("/");
  });

  it("folds a My work section from its heading's button, remembers it after a reload, and j skips it", async () => {
    const fold = page.getByRole("button", { name: /^Overdue \d+$/ });
    expect(await fold.getAttribute("aria-expanded")).toBe("true");
    await fold.click();
    expect(await fold.getAttribute("aria-expanded")).toBe("false");
    expect(await page.locator("section.group-overdue a[data-task-id]").count()).toBe(0);

    await page.reload();
    await page.locator("section.group a[data-task-id]").first().waitFor();
    // The reload paints this browser's kept copy (a first page per section), then Wrike's answer, which can
    // put another task first: the first row shown is read once that answer is in.
    await page.getByTestId("refreshing").waitFor({ state: "detached" });
    expect(await fold.getAttribute("aria-expanded")).toBe("false");
    expect(await page.locator("section.group-overdue a[data-task-id]").count()).toBe(0);
    // j starts at the first row on screen: the first open section's, not a folded one's.
    const firstShown = await page
      .locator("section.group a[data-task-id]")
      .first()
      .getAttribute("data-task-id");
    await page.locator("main h1").focus();
    await page.keyboard.press("j");
    await until(
      () => page.evaluate((id) => document.activeElement?.getAttribute("data-task-id") === id, firstShown),
      "focus on the first row shown",
    );

    await fold.click();
    await page.locator("section.group-overdue a[data-task-id]").first().waitFor();
    expect(await fold.getAttribute("aria-expanded")).toBe("true");
  });
});
