// The first-rows bench's browser side: Ada signs in through Wrike's pages in Playwright, then reloads.
import type { Browser, Page, Request } from "playwright-core";
import { ADA } from "./stack.ts";
import { KEPT_DB } from "../../web/platform/kept.ts";
import { FIRST_ROWS_PROBE, trip, type Answer, type Probe, type Trip } from "./first-rows-trip.ts";

// Functions, not strings: Playwright evaluates a string with eval, which the app's CSP refuses.
async function firstRows(page: Page): Promise<Probe> {
  await page.waitForFunction(
    () => (window as unknown as { __wpFirstRows?: { frame?: number } }).__wpFirstRows?.frame !== undefined,
    null,
    { timeout: 60_000, polling: 50 },
  );
  return page.evaluate(() => ({
    timeOrigin: performance.timeOrigin,
    ...(window as unknown as { __wpFirstRows: Omit<Probe, "timeOrigin"> }).__wpFirstRows,
  }));
}

/**
 * Every request the page finished, as spans (epoch ms), from when `record` was called, each marked when
 * the browser's cache answered it (Chromium's DevTools say which): those make no round trip.
 */
async function recorder(page: Page): Promise<{ record(): void; spans(): Answer[] }> {
  let spans: Answer[] = [];
  const cached = new Set<string>();
  const cdp = await page.context().newCDPSession(page);
  await cdp.send("Network.enable");
  const urls = new Map<string, string>();
  cdp.on("Network.requestWillBeSent", (e) => {
    urls.set(e.requestId, e.request.url);
    cached.delete(e.request.url);
  });
  cdp.on("Network.responseReceived", (e) => {
    const r = e.response;
    if (r.fromDiskCache || r.fromPrefetchCache || r.fromServiceWorker) cached.add(r.url);
  });
  cdp.on("Network.requestServedFromCache", (e) => {
    const url = urls.get(e.requestId);
    if (url) cached.add(url);
  });
  const byRequest = new Map<Request, Answer>();
  const redirects = new Map<Answer, Request>();
  const done = (req: Request) => {
    const t = req.timing();
    if (t.startTime <= 0 || t.responseEnd < 0) return;
    const span: Answer = {
      cached: cached.has(req.url()),
      url: req.url(),
      kind: req.resourceType(),
      start: t.startTime,
      end: t.startTime + t.responseEnd,
    };
    if (/\/api\/v4\/tasks\b/.test(new URL(span.url).pathname))
      span.taskIds = req
        .response()
        .then((res) => res?.json() as Promise<{ data?: { id?: string }[] }> | undefined)
        .then((body) => new Set((body?.data ?? []).map((t) => String(t.id))))
        .catch(() => new Set<string>());
    spans.push(span);
    byRequest.set(req, span);
    const from = req.redirectedFrom();
    if (from) redirects.set(span, from);
  };
  page.on("requestfinished", done);
  return {
    record: () => (spans = []),
    // A redirect's hop is its own round trip: Playwright times it from before the last answer had ended.
    spans: () => {
      for (const s of spans) {
        const from = redirects.get(s);
        if (from) s.after = byRequest.get(from);
      }
      return spans;
    },
  };
}

/** Signs Ada in through Wrike's pages; returns the "Allow" trip and the reload trip. */
export async function signInAndReloadPlaywright(
  browser: Browser,
  origin: string,
  client: string,
): Promise<[Trip, Trip]> {
  const context = await browser.newContext({ viewport: { width: 1280, height: 900 } });
  try {
    await context.addInitScript(FIRST_ROWS_PROBE);
    const page = await context.newPage();
    const requests = await recorder(page);
    await page.goto(origin);
    await page.getByRole("link", { name: "Sign in with Wrike" }).click();
    await page.getByLabel("Email").fill(ADA.email);
    await page.getByLabel("Password").fill(ADA.password);
    await page.getByRole("button", { name: "Log in" }).click();
    await page.getByRole("button", { name: ADA.account }).click();
    const allow = page.getByRole("button", { name: "Allow" });
    await allow.waitFor();
    requests.record();
    // Clicked from inside the page, so the start is the click itself and not a CDP round trip before it.
    const clicked = await allow.evaluate((button) => {
      const at = performance.timeOrigin + performance.now();
      (button as HTMLButtonElement).click();
      return at;
    });
    const signedIn = await firstRows(page);
    const allowTrip = await trip(requests.spans(), origin, clicked, signedIn, client);

    // A return visit comes after the app has kept its copy of My work (written once the answers are in):
    // reloading before that would time a first visit again.
    await page.waitForFunction(
      (db) =>
        new Promise<boolean>((resolve) => {
          const r = indexedDB.open(db);
          r.onerror = () => resolve(false);
          r.onsuccess = () => {
            const conn = r.result;
            if (!conn.objectStoreNames.contains("kept")) return (conn.close(), resolve(false));
            const keys = conn.transaction("kept").objectStore("kept").getAllKeys();
            keys.onsuccess = () => (
              conn.close(),
              resolve(keys.result.some((k) => String(k).endsWith("|work")))
            );
            keys.onerror = () => (conn.close(), resolve(false));
          };
        }),
      KEPT_DB,
      { timeout: 15_000, polling: 100 },
    );
    // ...and once the first visit has settled (nothing in flight for half a second): a person comes back
    // later, not while the last page is still filling in its buckets and folders.
    await page.waitForLoadState("networkidle");
    requests.record();
    await page.reload();
    const reloaded = await firstRows(page);
    const reloadTrip = await trip(requests.spans(), origin, reloaded.timeOrigin, reloaded, client);
    return [allowTrip, reloadTrip];
  } finally {
    await context.close();
  }
}
