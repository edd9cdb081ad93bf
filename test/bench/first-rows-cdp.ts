// The first-rows bench driven over the DevTools protocol alone: no harness work in the documents it times.
import { CdpPage, type Cdp } from "./cdp.ts";
import { ADA } from "./stack.ts";
import {
  FIRST_ROWS_PROBE,
  KEPT_WORK_READY,
  trip,
  type Answer,
  type Probe,
  type Trip,
} from "./first-rows-trip.ts";

/** A page expression: clicks the first `selector` whose text is `text`; false while there is none. */
const click = (selector: string, text: string) =>
  `(() => { const el = [...document.querySelectorAll(${JSON.stringify(selector)})]` +
  `.find((e) => e.textContent.trim() === ${JSON.stringify(text)}); if (!el) return false; el.click(); return true; })()`;

/** Fills in and sends Wrike's (the simulator's) login form, once it is the page. */
const LOG_IN = `(() => { const email = document.querySelector("#email"), password = document.querySelector("#password");
  if (!email || !password) return false;
  email.value = ${JSON.stringify(ADA.email)}; password.value = ${JSON.stringify(ADA.password)};
  email.form.requestSubmit(); return true; })()`;

/** Clicks Allow from inside the page and returns when it did (epoch ms), so no protocol trip comes before it. */
const ALLOW = `(() => { const b = document.querySelector('button[name="decision"][value="allow"]');
  if (!b) return false; const at = performance.timeOrigin + performance.now(); b.click(); return at; })()`;

interface Wire {
  requestId: string;
  timestamp: number;
  wallTime?: number;
  type?: string;
  request?: { url: string };
  redirectResponse?: unknown;
  response?: {
    url: string;
    fromDiskCache?: boolean;
    fromPrefetchCache?: boolean;
    fromServiceWorker?: boolean;
  };
}

/**
 * Every request the page finished, as spans (epoch ms) from the protocol's own timestamps, each marked
 * when the browser's cache answered it; a redirect's hop follows its source (the same request id).
 */
async function recorder(page: CdpPage): Promise<{ record(): void; spans(): Answer[] }> {
  let spans: Answer[] = [];
  const open = new Map<string, Answer>();
  // The protocol's timestamps are monotonic seconds; wallTime on each request says where they sit.
  let offsetMs = 0;
  const epoch = (t: number) => t * 1000 + offsetMs;
  await page.send("Network.enable");
  page.on("Network.requestWillBeSent", (p) => {
    const e = p as unknown as Wire;
    if (e.wallTime) offsetMs = e.wallTime * 1000 - e.timestamp * 1000;
    const before = open.get(e.requestId);
    if (before && e.redirectResponse) {
      before.end = epoch(e.timestamp);
      spans.push(before);
    }
    open.set(e.requestId, {
      url: e.request!.url,
      kind: (e.type ?? "other").toLowerCase(),
      start: epoch(e.timestamp),
      end: Number.NaN,
      cached: false,
      ...(before && e.redirectResponse ? { after: before } : {}),
    });
  });
  page.on("Network.requestServedFromCache", (p) => {
    const s = open.get((p as unknown as Wire).requestId);
    if (s) s.cached = true;
  });
  page.on("Network.responseReceived", (p) => {
    const e = p as unknown as Wire;
    const s = open.get(e.requestId);
    const r = e.response;
    if (s && r && (r.fromDiskCache || r.fromPrefetchCache || r.fromServiceWorker)) s.cached = true;
  });
  page.on("Network.loadingFinished", (p) => {
    const e = p as unknown as Wire;
    const s = open.get(e.requestId);
    if (!s) return;
    open.delete(e.requestId);
    s.end = epoch(e.timestamp);
    if (/\/api\/v4\/tasks\b/.test(new URL(s.url).pathname))
      s.taskIds = page
        .send<{ body: string }>("Network.getResponseBody", { requestId: e.requestId })
        .then((b) => JSON.parse(b.body) as { data?: { id?: string }[] })
        .then((body) => new Set((body.data ?? []).map((t) => String(t.id))))
        .catch(() => new Set<string>());
    spans.push(s);
  });
  page.on("Network.loadingFailed", (p) => void open.delete((p as unknown as Wire).requestId));
  return {
    record: () => (spans = []),
    spans: () => spans,
  };
}

/** The probe's figures from the next document the page commits at `url` (awaited in the page, asked once). */
function firstRowsOfNext(page: CdpPage, url: string): Promise<Probe> {
  return new Promise<void>((resolve) => {
    const off = page.on("Page.frameNavigated", (p) => {
      const frame = (p as { frame: { parentId?: string; url: string } }).frame;
      if (frame.parentId === undefined && frame.url.startsWith(url)) (off(), resolve());
    });
  }).then(() =>
    page.evaluate<Probe>(
      "window.__wpFirstRowsDone ?? new Promise((r) => { const t = setInterval(() => window.__wpFirstRowsDone && (clearInterval(t), r(window.__wpFirstRowsDone)), 10); })",
    ),
  );
}

/** Signs Ada in through Wrike's pages; returns the "Allow" trip and the reload trip. */
export async function signInAndReloadCdp(cdp: Cdp, origin: string, client: string): Promise<[Trip, Trip]> {
  const page = await CdpPage.open(cdp, { width: 1280, height: 900 });
  try {
    await page.send("Page.addScriptToEvaluateOnNewDocument", { source: FIRST_ROWS_PROBE });
    const requests = await recorder(page);
    await page.send("Page.navigate", { url: origin });
    await page.waitFor(click("a", "Sign in with Wrike"));
    await page.waitFor(LOG_IN);
    await page.waitFor(click("button.account", ADA.account));
    await page.waitFor(`!!document.querySelector('button[name="decision"][value="allow"]')`);
    requests.record();
    const next = firstRowsOfNext(page, origin);
    const clicked = await page.evaluate<number>(ALLOW);
    const signedIn = await next;
    const allowTrip = await trip(requests.spans(), origin, clicked, signedIn, client);
    // A return visit comes after the app has kept its copy of My work (written once the answers are in).
    await page.waitFor(KEPT_WORK_READY, 15_000);
    requests.record();
    const again = firstRowsOfNext(page, origin);
    await page.send("Page.reload");
    const reloaded = await again;
    const reloadTrip = await trip(requests.spans(), origin, reloaded.timeOrigin, reloaded, client);
    return [allowTrip, reloadTrip];
  } finally {
    await page.close();
  }
}
