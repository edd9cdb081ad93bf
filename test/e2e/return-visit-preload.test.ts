// A return visit's page asks for the first token from its inline script (with the relay's nonce) and names
// the signed-in app's chunks in a Link header (modulepreload), so both are on their way with the page: only
// with the relay's session hint, only on the app's page, only the build's own chunks; in Chromium the app
// takes those very answers.
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
  for (const l of named)
    expect(l).toMatch(
      /^<\/assets\/[\w.-]+(\.js>; rel=modulepreload|\.css>; rel=preload; as=style; crossorigin)$/,
    );
  expect(named.some((l) => /\/assets\/signed-in-[\w-]+\.js/.test(l))).toBe(true);
  expect(named.some((l) => /\/assets\/signed-in-[\w-]+\.css/.test(l))).toBe(true);
  // The sign-in screen's chunk too: a sign-out must show it even offline.
  expect(named.some((l) => /\/assets\/SignIn-[\w-]+\.js/.test(l))).toBe(true);
  // The page's own script first: over HTTP/1.1's six connections the others would keep it waiting.
  expect(named[0]).toMatch(/^<\/assets\/main-[\w-]+\.js>; rel=modulepreload$/);
  // A deep link is the same page.
  expect(await links("/tasks/IEAAAAAAKQAAAAAA", "wp_present=1")).toEqual(named);
  // Every one of them is a script or stylesheet the build serves.
  for (const l of named) {
    const path = /^<([^>]+)>/.exec(l)![1]!;
    const res = await fetch(`${E2E_APP_ORIGIN}${path}`);
    expect(res.status, path).toBe(200);
    expect(res.headers.get("content-type"), path).toMatch(path.endsWith(".css") ? /text\/css/ : /javascript/);
    await res.arrayBuffer();
  }
  // A first visit pays nothing; nor does the pane (another page), nor a look-alike cookie.
  expect(await links("/")).toEqual([]);
  expect(await links("/", "wp_present=0; xwp_present=1")).toEqual([]);
  expect(await links("/embed", "wp_present=1")).toEqual([]);
});

it("on a reload the token and the signed-in chunk are asked for with the page, each once", async () => {
  await signIn(page);
  const errors: string[] = [];
  page.on("console", (m) => void (m.type() === "error" && errors.push(m.text())));
  page.on("pageerror", (e) => void errors.push(e.message));
  const seen: { url: string; start: number; end: number }[] = [];
  page.on("requestfinished", (r) => {
    const t = r.timing();
    seen.push({ url: new URL(r.url()).pathname, start: t.startTime, end: t.startTime + t.responseEnd });
  });
  await page.reload();
  await waitForApp(page);
  await page.locator("main a[data-task-id]").first().waitFor();
  const chunk = seen.filter((s) => /^\/assets\/signed-in-[\w-]+\.js$/.test(s.url));
  const mains = seen.filter((s) => /^\/assets\/main-[\w-]+\.js$/.test(s.url));
  // The page's script tag takes the preloaded copy of its own script.
  expect(mains).toHaveLength(1);
  const main = mains[0]!;
  // Once: the preload is the copy the app's import() takes (no second download), its stylesheet too.
  expect(chunk).toHaveLength(1);
  expect(seen.filter((s) => /^\/assets\/signed-in-[\w-]+\.css$/.test(s.url))).toHaveLength(1);
  expect(seen.filter((s) => /^\/assets\/SignIn-[\w-]+\.js$/.test(s.url))).toHaveLength(1);
  // On its way before the first script had even arrived, so not asked for by it.
  expect(chunk[0]!.start).toBeLessThan(main.end);
  expect(main.start).toBeLessThanOrEqual(chunk[0]!.start);
  // The page's inline script (run with the relay's nonce: no CSP report) asked for the first token before
  // the first script arrived, and the app took that answer instead of asking again.
  const tokens = seen.filter((s) => s.url === "/auth/token");
  expect(tokens).toHaveLength(1);
  expect(tokens[0]!.start).toBeLessThan(main.end);
  expect(errors).toEqual([]);
});

it("serves the app page whole every time, with its nonce on the inline script and nowhere else", async () => {
  const first = await fetch(`${E2E_APP_ORIGIN}/`);
  const body = await first.text();
  expect(first.headers.get("etag")).toBeNull();
  expect(first.headers.get("cache-control")).toBe("no-store");
  const nonce = /'nonce-([^']+)'/.exec(first.headers.get("content-security-policy") ?? "")?.[1];
  expect(nonce).toBeTruthy();
  expect(body).toContain(`<script data-early-token nonce="${nonce}">`);
  expect(body.split(nonce!).length - 1).toBe(1);
  // A browser's revalidation still gets the page itself (a cached copy would hold another nonce).
  const again = await fetch(`${E2E_APP_ORIGIN}/`, {
    headers: { "if-none-match": '"anything"', "if-modified-since": new Date().toUTCString() },
  });
  expect(again.status).toBe(200);
  const other = /'nonce-([^']+)'/.exec(again.headers.get("content-security-policy") ?? "")?.[1];
  expect(other).not.toBe(nonce);
  expect(await again.text()).toContain(`nonce="${other}"`);
});
