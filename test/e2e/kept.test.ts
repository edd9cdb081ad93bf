// A return visit paints the last My work from IndexedDB before Wrike answers, says it is refreshing, then shows
// Wrike's data; sign-out and another account leave nothing of the old session in IndexedDB.
import { afterEach, beforeAll, beforeEach, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import type { Task } from "../../web/wrike/types.ts";
import { signIn, until, waitForApp } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";
import { ADA, SIM_HOSTS, sim, wrikeAs } from "./sim.ts";

let context: BrowserContext;
let page: Page;

beforeAll(async () => {
  await sim.reset();
});
beforeEach(async () => {
  ({ context, page } = await newPage());
  await page.setViewportSize({ width: 1280, height: 900 });
});
afterEach(async () => {
  await sim.clearFaults();
  await context.close();
});

/** Every key of the app's IndexedDB store, read in the page. */
function keptKeys(p: Page = page): Promise<string[]> {
  return p.evaluate(
    () =>
      new Promise<string[]>((resolve, reject) => {
        const r = indexedDB.open("wrike-pane-kept", 1);
        r.onupgradeneeded = () => r.result.createObjectStore("kept");
        r.onerror = () => reject(r.error);
        r.onsuccess = () => {
          const keys = r.result.transaction("kept").objectStore("kept").getAllKeys();
          keys.onsuccess = () => {
            r.result.close();
            resolve(keys.result.map(String));
          };
          keys.onerror = () => reject(keys.error);
        };
      }),
  );
}

const workRows = (p: Page = page) => p.locator("section.group a[data-task-id]");

async function keptWork(): Promise<void> {
  await workRows().first().waitFor();
  await until(async () => (await keptKeys()).some((k) => k.endsWith("|work")), "My work kept in IndexedDB");
}

/** Renames a task in Wrike directly (not through the app). */
async function rename(id: string, title: string): Promise<void> {
  const user = (await sim.users()).find((u) => u.email === ADA.email)!;
  const token = user.accounts.find((a) => a.host === "us")!.permanentToken;
  const res = await fetch(`http://${SIM_HOSTS.us}/api/v4/tasks/${id}?title=${encodeURIComponent(title)}`, {
    method: "PUT",
    headers: { Authorization: `bearer ${token}` },
  });
  expect(res.status).toBe(200);
}

it("paints My work from the last visit before any /api answer, marked as refreshing, then shows Wrike's data", async () => {
  await signIn(page);
  await keptWork();
  const first = workRows().first();
  const id = (await first.getAttribute("data-task-id"))!;
  const old = (await first.locator(".title").textContent())!.trim();
  const renamed = `${old} (renamed in Wrike)`;
  await rename(id, renamed);

  // Every API call now takes 2.5 s: whatever shows before then came from this browser.
  await sim.faults({ target: "api", latencyMs: 2500 });
  const answered: string[] = [];
  page.on("response", (r) => {
    if (new URL(r.url()).pathname.startsWith("/api/")) answered.push(r.url());
  });
  await page.reload();
  await waitForApp(page);
  const row = page.locator(`section.group a[data-task-id="${id}"]`);
  await row.waitFor({ timeout: 2000 });
  expect(answered).toEqual([]);
  expect((await row.locator(".title").textContent())!.trim()).toBe(old);
  const mark = page.getByTestId("refreshing");
  expect(await mark.textContent()).toBe("Refreshing…");
  expect(await mark.getAttribute("role")).toBe("status");

  // Then Wrike answers: the mark goes and the row shows Wrike's title.
  await mark.waitFor({ state: "detached", timeout: 20_000 });
  expect(answered.length).toBeGreaterThan(0);
  await until(
    async () => (await row.locator(".title").textContent())?.trim() === renamed,
    "the revalidated title",
  );
  const wrike = await wrikeAs(ADA.email);
  expect((await wrike.get<Task>(`tasks/${id}`)).data[0]!.title).toBe(renamed);
});

it("asks for My work's tasks beside the profile when the relay names the user, not after it", async () => {
  // Every API answer takes 400 ms: a tasks query that waited for contacts?me=true would start after one.
  await sim.faults({ target: "api", latencyMs: 400 });
  const sent = new Map<string, number>();
  const answered = new Map<string, number>();
  const name = (url: string) => new URL(url).pathname.replace("/api/v4/", "");
  page.on("request", (r) => {
    const n = name(r.url());
    if (r.url().includes("/api/v4/") && !sent.has(n)) sent.set(n, Date.now());
  });
  page.on("response", (r) => {
    const n = name(r.url());
    if (r.url().includes("/api/v4/") && !answered.has(n)) answered.set(n, Date.now());
  });
  await signIn(page);
  await workRows().first().waitFor();
  expect(sent.get("tasks")).toBeDefined();
  expect(answered.get("contacts")).toBeDefined();
  expect(sent.get("tasks")!).toBeLessThan(answered.get("contacts")!);
});

it("leaves nothing in IndexedDB after a sign-out", async () => {
  await signIn(page);
  await keptWork();
  await page.getByRole("banner").getByRole("button", { name: "Sign out" }).click();
  await page.getByRole("link", { name: "Sign in with Wrike" }).waitFor();
  await until(async () => (await keptKeys()).length === 0, "IndexedDB emptied");
  expect(await page.evaluate(() => localStorage.getItem("wrike-pane-kept-scope"))).toBeNull();
});

it("another account signing in clears the first account's copies", async () => {
  await signIn(page);
  await keptWork();
  const acme = (await keptKeys()).map((k) => k.split("|")[1]);
  expect(new Set(acme).size).toBe(1);
  // Sign in again in the same browser, choosing Ada's other account (no sign-out in between).
  await page.goto(`${E2E_APP_ORIGIN}/auth/login?return_to=%2F&access=read&mode=redirect`);
  await page
    .getByRole("heading", { name: "Log in to Wrike (simulator)" })
    .or(page.getByRole("heading", { name: "Choose an account" }))
    .first()
    .waitFor();
  if (await page.getByRole("heading", { name: "Log in to Wrike (simulator)" }).isVisible()) {
    await page.getByLabel("Email").fill(ADA.email);
    await page.getByLabel("Password").fill(ADA.password);
    await page.getByRole("button", { name: "Log in" }).click();
  }
  await page.getByRole("heading", { name: "Choose an account" }).waitFor();
  await page.getByRole("button", { name: "Nordlicht Studio" }).click();
  await page.getByRole("heading", { name: "Allow access" }).waitFor();
  await page.getByRole("button", { name: "Allow" }).click();
  await waitForApp(page);
  await until(
    async () => (await keptKeys()).some((k) => k.endsWith("|profile") && !k.includes(`|${acme[0]}|`)),
    "the other account's profile kept",
  );
  const accounts = new Set((await keptKeys()).map((k) => k.split("|")[1]));
  expect(accounts.has(acme[0]!)).toBe(false);
  expect(accounts.size).toBe(1);
});

/** Holds every POST /auth/token in the browser until the returned function is called. */
async function holdTokens(p: Page = page): Promise<{ release: () => void; asked: () => number }> {
  let release!: () => void;
  const held = new Promise<void>((r) => (release = r));
  let asked = 0;
  await p.route("**/auth/token", async (route) => {
    asked++;
    await held;
    await route.continue();
  });
  return { release, asked: () => asked };
}

it("paints the last visit (profile and My work) before the relay has answered /auth/token", async () => {
  await signIn(page);
  await keptWork();
  const name = (await page.getByRole("banner").textContent())!;
  const hold = await holdTokens();
  const answered: string[] = [];
  page.on("response", (r) => {
    const path = new URL(r.url()).pathname;
    if (path.startsWith("/api/") || path.startsWith("/auth/")) answered.push(path);
  });
  await page.reload();
  await workRows().first().waitFor({ timeout: 5000 });
  // Shown from this browser alone: the relay was asked once and has not answered; nothing reached Wrike.
  expect(hold.asked()).toBe(1);
  expect(answered).toEqual([]);
  expect(await page.getByTestId("refreshing").textContent()).toBe("Refreshing…");
  expect(name).toContain(ADA.name);
  expect(await page.getByRole("banner").textContent()).toContain(ADA.name);

  hold.release();
  await page.getByTestId("refreshing").waitFor({ state: "detached", timeout: 20_000 });
  expect(answered[0]).toBe("/auth/token");
  expect(answered.some((p) => p === "/api/v4/tasks")).toBe(true);
});

it("a session that ended while away: its copy goes when the relay says so, and nothing stays kept", async () => {
  await signIn(page);
  await keptWork();
  // The relay's session is gone (its cookie expired or was cleared); the "a session exists" hint remains.
  const cookies = await context.cookies();
  const session = cookies.find((c) => /wp_session$/.test(c.name))!;
  expect(cookies.some((c) => /wp_present$/.test(c.name))).toBe(true);
  await context.clearCookies({ name: session.name });
  const hold = await holdTokens();
  await page.reload();
  await workRows().first().waitFor({ timeout: 5000 });
  hold.release();
  await page.getByRole("link", { name: "Sign in with Wrike" }).waitFor({ timeout: 10_000 });
  expect(await workRows().count()).toBe(0);
  await until(async () => (await keptKeys()).length === 0, "IndexedDB emptied");
  expect(await page.evaluate(() => localStorage.getItem("wrike-pane-kept-scope"))).toBeNull();
});
