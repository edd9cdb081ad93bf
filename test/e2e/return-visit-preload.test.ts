// A return visit's page names the signed-in app's chunks in a Link header (modulepreload), so they download
// with the page: only with the relay's session hint, only on the app's page, only the build's own chunks,
// and in Chromium the chunk the app then imports is the one already on its way.
import { afterEach, beforeEach, expect, it } from "vitest";
import type { BrowserContext, Page } from "playwright-core";
import { signIn, waitForApp } from "./app.ts";
import { newPage } from "./browser.ts";
import { E2E_APP_ORIGIN } from "./env.ts";

let context: BrowserContext;
let page: Page;

beforeEach(async () => {
  ({ context, page } = await newPage());
});
afterEach(async () => {
  await context.close();
});

/** The Link header values of GET `path` over plain HTTP, with the given Cookie header. */
async function links(path: string, cookie?: string): Promise<string[]> {
  const res = await fetch(`${E2E_APP_ORIGIN}${path}`, { headers: cookie ? { cookie } : {} });
  expect(res.status).toBe(200);
  await res.arrayBuffer();
  return (res.headers.get("link") ?? "").split(/,\s*(?=<)/).filter(Boolean);
}

it("names the signed-in chunks only with the session hint, only on the app's page", async () => {
  const named = await links("/", "wp_present=1");
  expect(named.length).toBeGreaterThan(0);
  for (const l of named) expect(l).toMatch(/^<\/assets\/[\w.-]+\.js>; rel=modulepreload$/);
  expect(named.some((l) => /\/assets\/signed-in-[\w-]+\.js/.test(l))).toBe(true);
  // A deep link is the same page.
  expect(await links("/tasks/IEAAAAAAKQAAAAAA", "wp_present=1")).toEqual(named);
  // Every one of them is a script the build serves.
  for (const l of named) {
    const path = /^<([^>]+)>/.exec(l)![1]!;
    const res = await fetch(`${E2E_APP_ORIGIN}${path}`);
    expect(res.status, path).toBe(200);
    expect(res.headers.get("content-type"), path).toMatch(/javascript/);
    await res.arrayBuffer();
  }
  // A first visit pays nothing; nor does the pane (another page), nor a look-alike cookie.
  expect(await links("/")).toEqual([]);
  expect(await links("/", "wp_present=0; xwp_present=1")).toEqual([]);
  expect(await links("/embed", "wp_present=1")).toEqual([]);
});

it("on a reload Chromium fetches the signed-in chunk with the page, and the app uses that copy", async () => {
  await signIn(page);
  const seen: { url: string; start: number; end: number }[] = [];
  page.on("requestfinished", (r) => {
    const t = r.timing();
    seen.push({ url: new URL(r.url()).pathname, start: t.startTime, end: t.startTime + t.responseEnd });
  });
  await page.reload();
  await waitForApp(page);
  await page.locator("main a[data-task-id]").first().waitFor();
  const chunk = seen.filter((s) => /^\/assets\/signed-in-[\w-]+\.js$/.test(s.url));
  const main = seen.find((s) => /^\/assets\/main-[\w-]+\.js$/.test(s.url))!;
  // Once: the preload is the copy the app's import() takes (no second download).
  expect(chunk).toHaveLength(1);
  // On its way before the first script had even arrived, so not asked for by it.
  expect(chunk[0]!.start).toBeLessThan(main.end);
});
