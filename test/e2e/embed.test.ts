// Embedding in real Chromium: a page on another site (127.0.0.1:<port>) uses /embed.js from the relay
// (localhost:<port>); sign-in through the popup and the hand-off, the partitioned cookie, the retry path
// when the popup is blocked and its opener cut, framing refused elsewhere, forged messages ignored.
//
// Plain http is faithful enough here: Chromium treats http://localhost as a secure context and accepts
// `Secure` (and so `SameSite=None; Partitioned`) cookies from it, and the embedder's partition key is
// "http://127.0.0.1". One difference from a stock browser: Playwright starts Chromium with the
// ThirdPartyStoragePartitioning feature off, and its contexts block third-party cookies (like
// Incognito), so the cross-site frame is refused Web Locks and sessionStorage outright while CHIPS
// cookies still work. The pane copes (web/embed/main.ts gives it its own locks and sessionStorage); these
// tests run it that way.
import { createServer, type Server } from "node:http";
import type { BrowserContext, Frame, Page } from "playwright-core";
import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { until, waitForText } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN, E2E_EMBED_HOST_PORT, E2E_FOREIGN_PORT } from "./env.ts";
import { ADA, sim, wrikeAs } from "./sim.ts";
import { consentAtWrike } from "./sites.ts";

const HOST_PORT = E2E_EMBED_HOST_PORT;
/** The embedder: allowed by the run's EMBED_ORIGINS (test/support/stack.ts); another site than the relay. */
const HOST = `http://127.0.0.1:${HOST_PORT}`;
/** Another site, not in EMBED_ORIGINS. */
const FOREIGN_PORT = E2E_FOREIGN_PORT;
const FOREIGN = `http://127.0.0.1:${FOREIGN_PORT}`;

interface Recorded {
  type: string;
  detail: unknown;
  target: string;
}

/** The embedder's page: the loader, one pane, and a record of every pane event that reached the page. */
function hostPage(body: string): string {
  return `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Embedder</title></head>
<body>
<h1>An embedding page</h1>
${body}
<script>
  window.recorded = [];
  for (const type of ["wrike-pane:ready", "wrike-pane:signed-in", "wrike-pane:signed-out", "wrike-pane:task-open"]) {
    document.addEventListener(type, (e) => recorded.push({ type, detail: e.detail, target: e.target.id }));
  }
</script>
<script src="${E2E_APP_ORIGIN}/embed.js" async></script>
</body></html>`;
}

const PAGES: Record<string, string> = {
  "/": hostPage(`<div id="pane" data-wrike-pane="tasks" data-theme="dark"></div>`),
  "/work": hostPage(`<div id="pane" data-wrike-pane="work" data-theme="light"></div>`),
  // A frame of the relay that the loader did not make, and the app itself: neither may be framed.
  "/frames": hostPage(
    `<div id="pane" data-wrike-pane="tasks"></div>
     <iframe id="stray" src="${E2E_APP_ORIGIN}/embed?view=profile"></iframe>
     <iframe id="forger" src="${FOREIGN}/blank"></iframe>
     <iframe id="app" src="${E2E_APP_ORIGIN}/"></iframe>`,
  ),
  "/blank": `<!doctype html><title>blank</title><p>another site</p>`,
  // On a site that is not in EMBED_ORIGINS.
  "/not-allowed": `<!doctype html><title>not allowed</title>
     <iframe id="embed" src="${E2E_APP_ORIGIN}/embed?view=tasks&theme=light"></iframe>`,
};

function listen(port: number): Promise<Server> {
  const server = createServer((req, res) => {
    const html = PAGES[new URL(req.url ?? "/", "http://x").pathname];
    res.writeHead(html ? 200 : 404, { "content-type": "text/html; charset=utf-8" });
    res.end(html ?? "not found");
  });
  return new Promise((resolve) => server.listen(port, "127.0.0.1", () => resolve(server)));
}

let servers: Server[] = [];
let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  servers = [await listen(HOST_PORT), await listen(FOREIGN_PORT)];
});
afterAll(async () => {
  await Promise.all(servers.map((s) => new Promise((r) => s.close(r))));
});
beforeEach(async () => {
  await sim.reset();
  ({ context, page } = await newPage());
});
afterEach(async () => {
  await context.close();
});

/** The pane's frame (a Playwright Frame, so tests can also act inside it). */
async function paneFrame(p: Page = page, selector = "#pane iframe"): Promise<Frame> {
  const handle = await p.waitForSelector(selector);
  let frame: Frame | null = null;
  await until(async () => (frame = await handle.contentFrame()) !== null, "the pane's frame");
  return frame!;
}

async function recorded(p: Page = page): Promise<Recorded[]> {
  return p.evaluate(() => (window as unknown as { recorded: Recorded[] }).recorded);
}

async function iframeHeight(p: Page = page, selector = "#pane iframe"): Promise<number> {
  return p.$eval(selector, (el) => el.getBoundingClientRect().height);
}

/** Ada's open tasks as Wrike counts them: what the pane must say it shows a part of. */
async function adasOpenTaskCount(): Promise<number> {
  const wrike = await wrikeAs(ADA.email);
  const res = await wrike.get("tasks", { responsibles: [wrike.user.id], status: "Active", pageSize: 100 });
  return res.responseSize ?? res.data.length;
}

describe("the loader and the pane", () => {
  it("puts a sized iframe of /embed in the container, in the requested view and theme", async () => {
    const errors: string[] = [];
    page.on("pageerror", (e) => errors.push(e.message));
    await page.goto(`${HOST}/`);
    const frame = await paneFrame();
    expect(frame.url()).toBe(`${E2E_APP_ORIGIN}/embed?view=tasks&theme=dark`);
    await frame.getByRole("button", { name: "Sign in with Wrike" }).waitFor();
    // Signed out is not an error: no alert, no reason (e.g. denied third-party storage) on the pane.
    expect(await frame.getByRole("alert").count()).toBe(0);
    expect((await frame.locator("main").innerText()).replace(/\s+/g, " ").trim()).toBe(
      "See your Wrike tasks here. Signing in opens a Wrike window. Sign in with Wrike",
    );
    expect(await frame.evaluate(() => document.documentElement.dataset.theme)).toBe("dark");
    expect(await frame.getByRole("heading", { name: "My tasks" }).isVisible()).toBe(true);
    // The iframe takes the height the pane reports: its content's, not the loader's initial 80 px.
    const content = await frame.evaluate(
      () => document.getElementById("embed")!.getBoundingClientRect().height,
    );
    await until(
      async () => Math.abs((await iframeHeight()) - content) <= 1,
      "the iframe to take its content's height",
    );
    expect(content).toBeGreaterThan(80);
    await until(async () => (await recorded()).some((r) => r.type === "wrike-pane:ready"), "ready");
    expect(await recorded()).toEqual([
      { type: "wrike-pane:ready", detail: { signedIn: false, view: "tasks" }, target: "pane" },
    ]);
    expect(errors).toEqual([]);
  });

  it("signs in through the popup, shows the tasks, and keeps the session in a partitioned cookie", async () => {
    await page.goto(`${HOST}/`);
    const frame = await paneFrame();
    const heightSignedOut = await iframeHeight();
    const popupOpened = context.waitForEvent("page");
    await frame.getByRole("button", { name: "Sign in with Wrike" }).click();
    const popup = await popupOpened;
    expect(new URL(popup.url()).pathname).toMatch(/^\/(auth\/login|oauth2\/authorize)/);
    await frame.getByText("Finish signing in in the Wrike window").waitFor();
    await consentAtWrike(popup);
    // The popup tells the frame and closes itself.
    await until(() => popup.isClosed(), "the popup to close itself");

    const rows = frame.locator("li[data-task-id]");
    await rows.first().waitFor({ timeout: 15_000 });
    expect(await rows.count()).toBe(25);
    const total = await adasOpenTaskCount();
    await waitForText(frame.locator(".more"), `Showing 25 of ${total} open tasks.`);
    await waitForText(frame.locator("header"), ADA.name);
    // The iframe grew with the list.
    await until(async () => (await iframeHeight()) > heightSignedOut + 200, "the iframe to grow");
    await page.setViewportSize({ width: 720, height: 640 });
    const dir = process.env.UPDATE_SCREENSHOTS === "1" ? "docs/screenshots" : "test/e2e/artifacts";
    await page.screenshot({ path: `${dir}/embed.png`, animations: "disabled" });

    const events = await recorded();
    expect(events.map((e) => e.type)).toEqual(["wrike-pane:ready", "wrike-pane:signed-in"]);
    expect(events.every((e) => e.target === "pane")).toBe(true);

    // The session cookie lives in the embedder's partition only: SameSite=None, Secure, HttpOnly.
    const cookies = (await context.cookies()).filter((c) => /wp_session$/.test(c.name));
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({
      name: "wp_session",
      domain: "localhost",
      sameSite: "None",
      secure: true,
      httpOnly: true,
      partitionKey: "http://127.0.0.1",
    });
    // So the relay's own site, first-party, is not signed in by it.
    const app = await context.newPage();
    await app.goto(E2E_APP_ORIGIN);
    await app.getByRole("link", { name: "Sign in with Wrike" }).waitFor();
    await app.close();

    // The embedder reloads: the frame's cookie brings the session back without a popup.
    await page.reload();
    const again = await paneFrame();
    await again.locator("li[data-task-id]").first().waitFor();
    await until(async () => (await recorded()).some((r) => r.type === "wrike-pane:ready"), "ready");
    expect(await recorded()).toEqual([
      { type: "wrike-pane:signed-in", detail: {}, target: "pane" },
      { type: "wrike-pane:ready", detail: { signedIn: true, view: "tasks" }, target: "pane" },
    ]);

    // Opening a task: Wrike in a new tab, and the embedder hears which task (id and link only).
    const row = again.locator("li[data-task-id]").first();
    const id = await row.getAttribute("data-task-id");
    const tab = context.waitForEvent("page");
    await row.locator("a").click();
    const wrikeTab = await tab;
    await until(async () => (await recorded()).some((r) => r.type === "wrike-pane:task-open"), "task-open");
    const open = (await recorded()).find((r) => r.type === "wrike-pane:task-open");
    expect(open?.detail).toEqual({ id, permalink: expect.stringMatching(/open\.htm\?id=\d+$/) });
    await wrikeTab.close();

    // A container added later is found by itself; it shares the frame partition's session.
    await page.evaluate(() => {
      const div = document.createElement("div");
      div.id = "later";
      div.dataset.wrikePane = "profile";
      document.body.append(div);
    });
    const profile = await paneFrame(page, "#later iframe");
    await waitForText(profile.locator("main"), ADA.email);
    expect(await profile.evaluate(() => document.documentElement.dataset.theme)).toMatch(/^(light|dark)$/);

    // Signing out in the pane clears the partitioned cookie and tells the embedder.
    await again.getByRole("button", { name: "Sign out" }).click();
    await again.getByRole("button", { name: "Sign in with Wrike" }).waitFor();
    await until(
      async () => (await recorded()).some((r) => r.type === "wrike-pane:signed-out" && r.target === "pane"),
      "signed-out",
    );
    await until(
      async () => (await context.cookies()).every((c) => !/wp_session$/.test(c.name)),
      "the partitioned cookie to go",
    );
  });

  it("keeps the frame's cookie partitioned across token refreshes", async () => {
    // Six-second tokens: the token store refreshes after about three, through /auth/token and the cookie.
    await sim.config({ accessTokenTtl: 6 });
    await page.goto(`${HOST}/`);
    const frame = await paneFrame();
    const popupOpened = context.waitForEvent("page");
    await frame.getByRole("button", { name: "Sign in with Wrike" }).click();
    await consentAtWrike(await popupOpened);
    await frame.locator("li[data-task-id]").first().waitFor({ timeout: 15_000 });
    await until(async () => (await sim.stats()).token.refresh_token >= 2, "two refreshes", 20_000);
    const cookies = (await context.cookies()).filter((c) => /wp_session$/.test(c.name));
    expect(cookies).toHaveLength(1);
    expect(cookies[0]).toMatchObject({ sameSite: "None", secure: true, partitionKey: "http://127.0.0.1" });
    // The rotated session still signs the pane in after a reload.
    await page.reload();
    await (await paneFrame()).locator("li[data-task-id]").first().waitFor({ timeout: 15_000 });
    expect((await sim.stats()).token.errors).toBe(0);
  });

  it("groups by due date in the work view", async () => {
    await page.goto(`${HOST}/work`);
    const frame = await paneFrame();
    const popupOpened = context.waitForEvent("page");
    await frame.getByRole("button", { name: "Sign in with Wrike" }).click();
    await consentAtWrike(await popupOpened);
    await frame.locator("section h2").first().waitFor({ timeout: 15_000 });
    const groups = await frame.locator("section h2").allTextContents();
    const order = ["Overdue", "Today", "This week", "Later", "No date"];
    const seen = groups.map((g) => order.findIndex((o) => g.startsWith(o)));
    expect(seen.every((i) => i >= 0)).toBe(true);
    expect([...seen].sort((a, b) => a - b)).toEqual(seen);
    expect(await frame.evaluate(() => document.documentElement.dataset.theme)).toBe("light");
  });
});

describe("when the popup cannot talk to the frame", () => {
  it("offers to open the sign-in again when the popup is blocked, and finishes by pairing code when the opener is cut", async () => {
    await page.goto(`${HOST}/`);
    const frame = await paneFrame();
    await frame.getByRole("button", { name: "Sign in with Wrike" }).waitFor();
    // The browser blocks the first popup.
    await frame.evaluate(() => {
      const real = window.open.bind(window);
      window.open = () => {
        window.open = real;
        return null;
      };
    });
    await frame.getByRole("button", { name: "Sign in with Wrike" }).click();
    await waitForText(frame.getByRole("alert"), "Your browser blocked the sign-in window.");
    const retry = frame.getByRole("button", { name: "Open sign-in again" });
    expect(await retry.isVisible()).toBe(true);

    const redemptions: number[] = [];
    page.on("response", (r) => {
      if (r.url() === `${E2E_APP_ORIGIN}/auth/handoff`) redemptions.push(r.status());
    });
    const popupOpened = context.waitForEvent("page");
    await retry.click();
    const popup = await popupOpened;
    await popup.getByRole("heading", { name: "Log in to Wrike (simulator)" }).waitFor();
    // Cut the popup's link to the frame (as a Cross-Origin-Opener-Policy on the way would): no message.
    await popup.evaluate(() => {
      window.opener = null;
    });
    await consentAtWrike(popup);
    // No pane answered, so the popup shows the pairing code, with the warning.
    const code = popup.locator("[data-pairing-code]");
    await code.waitFor({ state: "visible" });
    expect(await popup.locator("main").innerText()).toContain(
      "Only type this code into the Wrike Pane you started signing in from",
    );
    // Polling tells the frame the sign-in finished, but redeems nothing: the frame asks for the code.
    const input = frame.getByLabel("Pairing code from the sign-in window");
    await input.waitFor({ timeout: 20_000 });
    expect(redemptions).toEqual([]);
    await input.fill((await code.innerText()).toLowerCase());
    await frame.getByRole("button", { name: "Continue" }).click();
    await frame.locator("li[data-task-id]").first().waitFor({ timeout: 20_000 });
    expect(redemptions).toEqual([200]);
    await until(async () => (await recorded()).some((r) => r.type === "wrike-pane:signed-in"), "signed-in");
    const cookies = (await context.cookies()).filter((c) => /wp_session$/.test(c.name));
    expect(cookies.map((c) => c.partitionKey)).toEqual(["http://127.0.0.1"]);
    await popup.close();
  });

  it("asks for the pairing code when window.open hands back no window although one opened, and a wrong code ends the attempt", async () => {
    await page.goto(`${HOST}/`);
    const frame = await paneFrame();
    await frame.getByRole("button", { name: "Sign in with Wrike" }).waitFor();
    // The window opens, but the frame gets no handle to it (as some blockers and policies do), so the
    // popup's code comes from a window the frame does not know and is ignored: the person pairs instead.
    await frame.evaluate(() => {
      const real = window.open.bind(window);
      window.open = (...args) => {
        real(...args);
        return null;
      };
    });
    const popupOpened = context.waitForEvent("page");
    await frame.getByRole("button", { name: "Sign in with Wrike" }).click();
    const popup = await popupOpened;
    await waitForText(frame.getByRole("alert"), "Your browser blocked the sign-in window.");
    await consentAtWrike(popup);
    await popup.locator("[data-pairing-code]").waitFor({ state: "visible" });
    const input = frame.getByLabel("Pairing code from the sign-in window");
    await input.waitFor({ timeout: 20_000 });
    // One wrong try ends this sign-in for good; the right code afterwards does not revive it.
    await input.fill("0000-0000");
    await frame.getByRole("button", { name: "Continue" }).click();
    await waitForText(frame.getByRole("alert"), "That code did not match");
    expect(await frame.getByRole("button", { name: "Open sign-in again" }).isVisible()).toBe(true);
    expect(await frame.locator("li[data-task-id]").count()).toBe(0);
    expect((await recorded()).map((r) => r.type)).toEqual(["wrike-pane:ready"]);
    await popup.close();
  });

  it("says so when the sign-in window is closed before finishing, and keeps the retry button", async () => {
    await page.goto(`${HOST}/`);
    const frame = await paneFrame();
    const popupOpened = context.waitForEvent("page");
    await frame.getByRole("button", { name: "Sign in with Wrike" }).click();
    const popup = await popupOpened;
    await popup.getByRole("heading", { name: "Log in to Wrike (simulator)" }).waitFor();
    await popup.close();
    await waitForText(frame.getByRole("alert"), "The sign-in window closed");
    expect(await frame.getByRole("button", { name: "Open sign-in again" }).isVisible()).toBe(true);
    expect((await recorded()).map((r) => r.type)).toEqual(["wrike-pane:ready"]);
  });
});

describe("what other sites and frames cannot do", () => {
  it("sends /embed with frame-ancestors of EMBED_ORIGINS only, and every other page with 'none'", async () => {
    const embed = await fetch(`${E2E_APP_ORIGIN}/embed?view=tasks`);
    expect(embed.status).toBe(200);
    expect(await embed.text()).toContain('<div id="embed">');
    expect(embed.headers.get("content-security-policy")).toContain(`frame-ancestors ${HOST};`);
    expect(embed.headers.get("x-frame-options")).toBeNull();
    const app = await fetch(`${E2E_APP_ORIGIN}/`);
    await app.body?.cancel();
    expect(app.headers.get("content-security-policy")).toContain("frame-ancestors 'none'");
    expect(app.headers.get("x-frame-options")).toBe("DENY");
    const loader = await fetch(`${E2E_APP_ORIGIN}/embed.js`);
    expect(loader.status).toBe(200);
    expect(loader.headers.get("content-type")).toMatch(/javascript/);
    expect(await loader.text()).toContain("WrikePane");
  });

  it("does not render /embed in a frame on a site that is not allowed", async () => {
    await page.goto(`${FOREIGN}/not-allowed`);
    const handle = await page.waitForSelector("#embed");
    await until(
      async () => (await handle.contentFrame())?.url().startsWith("chrome-error:") ?? false,
      "blocked frame",
    );
    const frame = await handle.contentFrame();
    expect(await frame!.locator("#embed").count()).toBe(0);
  });

  it("ignores messages from other origins, from relay frames it did not make, and of unknown shapes", async () => {
    await page.goto(`${HOST}/frames`);
    const pane = await paneFrame();
    await pane.getByRole("button", { name: "Sign in with Wrike" }).waitFor();
    await until(async () => (await recorded()).length === 1, "ready");
    await until(async () => (await iframeHeight()) > 80, "the pane's first size");
    const height = await iframeHeight();

    // The app itself cannot be framed, even by an allowed embedder.
    const appFrame = await (await page.waitForSelector("#app")).contentFrame();
    await until(async () => appFrame!.url().startsWith("chrome-error:"), "the app's frame to be refused");

    const forged = [
      { type: "wrike-pane:resize", height: 1234 },
      { type: "wrike-pane:signed-in", detail: {} },
      { type: "wrike-pane:task-open", detail: { id: "IEAAAAAA", permalink: "https://evil.test/" } },
    ];
    // Another site's frame on the same page.
    const forger = await (await page.waitForSelector("#forger")).contentFrame();
    await forger!.evaluate((messages) => {
      for (const m of messages) parent.postMessage(m, "*");
    }, forged);
    // A pane of the relay's own origin that the embedding page framed itself, not through the loader.
    const stray = await (await page.waitForSelector("#stray")).contentFrame();
    await stray!.getByRole("button", { name: "Sign in with Wrike" }).waitFor();
    await stray!.evaluate((messages) => {
      for (const m of messages) parent.postMessage(m, "*");
    }, forged);
    // The embedding page itself.
    await page.evaluate((messages) => {
      for (const m of messages) window.postMessage(m, "*");
    }, forged);
    // The real pane, but with shapes the loader does not accept.
    await pane.evaluate(() => {
      parent.postMessage({ type: "wrike-pane:resize", height: "1234" }, "*");
      parent.postMessage(
        { type: "wrike-pane:task-open", detail: { id: "<img src=x onerror=alert(1)>" } },
        "*",
      );
      parent.postMessage({ type: "wrike-pane:ready", detail: { signedIn: "yes", view: "tasks" } }, "*");
      parent.postMessage({ type: "wrike-pane:anything", detail: {} }, "*");
      parent.postMessage("wrike-pane:signed-in", "*");
    });
    // A well-formed message from the real pane still gets through: proof the loader was listening.
    await pane.evaluate(() => parent.postMessage({ type: "wrike-pane:signed-out", detail: {} }, "*"));
    await until(async () => (await recorded()).length === 2, "the genuine event");
    expect((await recorded()).map((r) => r.type)).toEqual(["wrike-pane:ready", "wrike-pane:signed-out"]);
    expect(await iframeHeight()).toBe(height);
  });
});
