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
  // A first visit (or a look-alike cookie) only prefetches the signed-in chunks, at the lowest priority:
  // not the page's own files nor the sign-in screen's, which it loads at once. The pane gets nothing.
  const first = await links("/");
  expect(await links("/", "wp_present=0; xwp_present=1")).toEqual(first);
  expect(
    first.some((l) => /^<\/assets\/signed-in-[\w-]+\.js>; rel=prefetch; as=script; crossorigin$/.test(l)),
  ).toBe(true);
  for (const l of first)
    expect(l).toMatch(
      /^<\/assets\/[\w.-]+\.(js>; rel=prefetch; as=script|css>; rel=prefetch; as=style); crossorigin$/,
    );
  for (const own of [/\/main-/, /\/SignIn-/]) expect(first.filter((l) => own.test(l))).toEqual([]);
  expect(await links("/embed", "wp_present=1")).toEqual([]);
  expect(await links("/embed")).toEqual([]);
});

it("on a reload with nothing cached the token and the signed-in chunk are asked for with the page, each once", async () => {
  await signIn(page);
  // As after a deploy (new file names) or an emptied cache: every file comes over the network again.
  const cdp = await context.newCDPSession(page);
  await cdp.send("Network.clearBrowserCache");
  // Who asked for each token: the script on the call stack when the request was made.
  const askedBy: string[] = [];
  await cdp.send("Network.enable");
  cdp.on("Network.requestWillBeSent", (e) => {
    if (new URL(e.request.url).pathname !== "/auth/token") return;
    askedBy.push(e.initiator.stack?.callFrames[0]?.url ?? e.initiator.type);
  });
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
  // (Which of the two arrives first is a race on loopback; the Link header's test above pins the preload.)
  expect(main.end).toBeGreaterThan(main.start);
  // The page's inline script (run with the relay's nonce: no CSP report) asked for the first token, not
  // the app's code, which took that answer instead of asking again.
  const tokens = seen.filter((s) => s.url === "/auth/token");
  expect(tokens).toHaveLength(1);
  expect(askedBy).toEqual([`${E2E_APP_ORIGIN}/`]);
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

/** The page's resource entries for the build's hashed files: path and bytes that came over the network. */
function hashedEntries(page: Page): Promise<{ path: string; transferSize: number }[]> {
  return page.evaluate(() =>
    performance
      .getEntriesByType("resource")
      .map((e) => ({
        path: new URL(e.name).pathname,
        transferSize: (e as PerformanceResourceTiming).transferSize,
      }))
      .filter((e) => /^\/assets\/[\w.-]+-[\w-]{8}\.(js|css)$/.test(e.path)),
  );
}

it("keeps the build's files in the browser's cache: the page after Wrike's consent and a reload ask for none", async () => {
  // A first visit: the sign-in screen prefetches the signed-in app once it is idle.
  await page.goto(`${E2E_APP_ORIGIN}/`);
  await page.getByRole("link", { name: "Sign in with Wrike" }).waitFor();
  await expect
    .poll(async () => (await hashedEntries(page)).some((e) => /^\/assets\/signed-in-/.test(e.path)), {
      timeout: 10_000,
    })
    .toBe(true);
  await signIn(page);
  await page.locator("main a[data-task-id]").first().waitFor();
  // After the consent, the signed-in chunk came from that prefetch: nothing over the network.
  const after = await hashedEntries(page);
  const chunk = after.find((e) => /^\/assets\/signed-in-[\w-]+\.js$/.test(e.path));
  expect(chunk, JSON.stringify(after)).toBeDefined();
  expect(chunk!.transferSize).toBe(0);
  // A reload takes every build file the page had from the cache: no revalidation (a 304 still has bytes).
  // (A chunk the first page had not asked for yet, such as one fetched once the browser is idle, comes
  // over the network the first time, as it should.)
  const had = new Set((await hashedEntries(page)).map((e) => e.path));
  await page.reload();
  await waitForApp(page);
  await page.locator("main a[data-task-id]").first().waitFor();
  const reloaded = (await hashedEntries(page)).filter((e) => had.has(e.path));
  expect(reloaded.length).toBeGreaterThan(3);
  expect(reloaded.filter((e) => e.transferSize !== 0)).toEqual([]);
});
