// "Allow" -> first rows in My work and reload -> first rows, in Chromium at 300 and 10,000 tasks, with round trips.
import type { Browser, Page, Request } from "playwright-core";
import { BUDGET } from "./budgets.ts";
import { gz } from "./bundle.ts";
import type { BenchContext } from "./context.ts";
import { budget, kB, median, ms, say, section, table } from "./report.ts";
import { chainTo, type Span } from "./round-trips.ts";
import { ADA, startStack } from "./stack.ts";
import { KEPT_DB } from "../../web/platform/kept.ts";

const RUNS = 5;
const TASK_COUNTS = [300, 10_000] as const;

/**
 * Runs in every document: when the first task row enters My work's DOM, notes the time, the row's task id
 * and whether My work said it was painting a kept copy, then the start of the next frame (the one that
 * paints it), both in the document's own clock.
 */
const FIRST_ROWS_PROBE = `(() => {
  const seen = () => {
    const row = document.querySelector("main a[data-task-id]");
    if (window.__wpFirstRows || !row) return;
    const mark = (window.__wpFirstRows = {
      inserted: performance.now(),
      id: row.dataset.taskId,
      kept: document.querySelector('[data-testid="refreshing"]') !== null,
    });
    requestAnimationFrame(() => (mark.frame = performance.now()));
  };
  new MutationObserver(seen).observe(document, { childList: true, subtree: true });
})();`;

interface Probe {
  timeOrigin: number;
  inserted: number;
  frame: number;
  /** The first row's task id. */
  id: string;
  /** Painted from the browser's kept copy (My work said "Refreshing…"), not from an answer. */
  kept: boolean;
}

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

/** A finished request, whether the browser's cache answered it, and for task queries the ids it held. */
interface Answer extends Span {
  cached: boolean;
  taskIds?: Promise<Set<string>>;
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

interface Trip {
  /** ms from the trigger to the frame that paints the first rows. */
  ms: number;
  /** The chain of sequential requests (Wrike's pages, documents, scripts, API calls) to the paint's last answer. */
  allChain: string[];
  /** The same, counting only calls to /auth and /api. */
  relayChain: string[];
  /** Gzipped JS the page fetched before that frame. */
  jsBytes: number;
}

/** Requests that can start others: documents (and their redirects), scripts, and the app's API calls. */
const CAUSAL = new Set(["document", "script", "fetch", "xhr"]);

/**
 * The round trips to the first rows: the longest chain of sequential requests that ends at the answer the
 * first row came in (the first task query to finish, before the row was inserted, holding its id). A row
 * painted from the browser's kept copy came in no answer: the chain ends at the last request before it.
 */
async function trip(
  spans: Answer[],
  origin: string,
  from: number,
  rows: Probe,
  client: string,
): Promise<Trip> {
  const inserted = rows.timeOrigin + rows.inserted;
  const paint = rows.timeOrigin + rows.frame;
  const before = spans.filter((s) => s.start >= from - 1 && s.end <= paint);
  const isRelay = (s: Span) => {
    const url = new URL(s.url);
    return url.origin === origin && /^\/(auth|api)\//.test(url.pathname);
  };
  const causal = before.filter((s) => CAUSAL.has(s.kind) && !s.cached && s.end <= inserted);
  const relay = causal.filter(isRelay);
  let last: Span | undefined;
  if (!rows.kept) {
    for (const s of [...relay].sort((a, b) => a.end - b.end)) {
      if (s.taskIds && (await s.taskIds).has(rows.id)) {
        last = s;
        break;
      }
    }
  }
  // Kept (or no answer held the row): what the paint waited for is the last request before it.
  last ??= causal.reduce<Span | undefined>((top, s) => (!top || s.end > top.end ? s : top), undefined);
  const js = new Set(
    before.map((s) => new URL(s.url).pathname).filter((p) => /^\/assets\/[^/]+\.js$/.test(p)),
  );
  return {
    ms: paint - from,
    relayChain: chainTo(relay, last).map((s) => s.url),
    allChain: chainTo(causal, last).map((s) => s.url),
    jsBytes: [...js].reduce((sum, p) => sum + gz(`${client}${p}`), 0),
  };
}

/** Signs Ada in through Wrike's pages; returns the "Allow" trip and the reload trip. */
async function signInAndReload(browser: Browser, origin: string, client: string): Promise<[Trip, Trip]> {
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
    requests.record();
    await page.reload();
    const reloaded = await firstRows(page);
    const reloadTrip = await trip(requests.spans(), origin, reloaded.timeOrigin, reloaded, client);
    return [allowTrip, reloadTrip];
  } finally {
    await context.close();
  }
}

const path = (url: string) => new URL(url).pathname;
/** A chain as its request paths, `×n` for a run of the same path. */
function chainText(chain: string[]): string {
  const out: string[] = [];
  for (const p of chain.map(path)) {
    const last = out.at(-1);
    const m = last ? /^(.*?)(?: ×(\d+))?$/.exec(last) : null;
    if (m && m[1] === p) out[out.length - 1] = `${p} ×${Number(m[2] ?? 1) + 1}`;
    else out.push(p);
  }
  return out.join(" -> ");
}

export async function benchFirstRows(ctx: BenchContext, browser: Browser): Promise<void> {
  section(
    `First rows in Chromium (headless, 1280x900): the built app and relay in workerd with its asset router; median of ${RUNS} sign-ins`,
  );
  const client = `${ctx.dist}/client`;
  const results: { tasks: number; allow: Trip[]; reload: Trip[] }[] = [];
  for (const tasks of TASK_COUNTS) {
    const stack = await startStack(ctx.dist, { taskCount: tasks });
    try {
      const allow: Trip[] = [];
      const reload: Trip[] = [];
      for (let run = 0; run < RUNS; run++) {
        const [a, r] = await signInAndReload(browser, stack.origin, client);
        allow.push(a);
        reload.push(r);
      }
      results.push({ tasks, allow, reload });
    } finally {
      await stack.close();
    }
  }
  const mid = (trips: Trip[]) => [...trips].sort((a, b) => a.ms - b.ms)[Math.floor(trips.length / 2)]!;
  const rows = results.flatMap(({ tasks, allow, reload }) =>
    (
      [
        ["Allow -> first rows", allow],
        ["reload -> first rows", reload],
      ] as const
    ).map(([what, trips]) => [
      `${what}, ${tasks.toLocaleString("en")} tasks`,
      ms(median(trips.map((t) => t.ms)), 0),
      `${Math.min(...trips.map((t) => t.ms)).toFixed(0)}-${Math.max(...trips.map((t) => t.ms)).toFixed(0)} ms`,
      String(median(trips.map((t) => t.allChain.length))),
      String(median(trips.map((t) => t.relayChain.length))),
      kB(median(trips.map((t) => t.jsBytes))),
    ]),
  );
  table(["figure", "median", "range", "round trips", "of them /auth+/api", "JS run before rows"], rows);
  for (const { tasks, allow, reload } of results) {
    for (const [what, trips] of [
      ["Allow", allow],
      ["reload", reload],
    ] as const)
      say(`  ${tasks.toLocaleString("en")} tasks, ${what}: ${chainText(mid(trips).allChain)}`);
  }
  for (const line of [
    "Allow is timed from the click in the consent page to the start of the frame that paints the first row;",
    "reload from the reloaded document's navigation start. Round trips: the longest chain of requests that ends",
    "at the answer the first row came in (the first task query to finish before the row was inserted that held",
    "its id; for a row painted from the browser's kept copy, the last request before it), each started after",
    "the one before it finished, over Wrike's pages, documents, scripts and API calls that went over the network",
    "(the browser's cache answers without a trip; images and styles start nothing; a chunk fetched ahead can",
    "still join the chain, so it errs long). The paths are that chain in the median run. 'JS run before rows':",
    "gzip of the chunks the page took (from the network or its cache) by then.",
  ])
    say(`  ${line}`);
  const [small, large] = results;
  const allowSmall = median(small!.allow.map((t) => t.ms));
  const allowLarge = median(large!.allow.map((t) => t.ms));
  const tripsSmall = median(small!.allow.map((t) => t.allChain.length));
  budget(
    "Allow -> first rows, 300 tasks",
    `<= ${BUDGET.allowMs} ms`,
    ms(allowSmall, 0),
    allowSmall <= BUDGET.allowMs,
  );
  budget(
    "Allow -> first rows, 300 tasks, round trips",
    `<= ${BUDGET.allowRoundTrips}`,
    String(tripsSmall),
    tripsSmall <= BUDGET.allowRoundTrips,
  );
  budget(
    "Allow -> first rows, 10,000 tasks",
    `within ${BUDGET.allowLargeRatio}x the 300-task figure`,
    `${(allowLarge / allowSmall).toFixed(2)}x (${ms(allowLarge, 0)})`,
    allowLarge / allowSmall <= BUDGET.allowLargeRatio,
  );
  for (const { tasks, reload } of results) {
    const m = median(reload.map((t) => t.ms));
    budget(
      `reload -> first rows, ${tasks.toLocaleString("en")} tasks`,
      `<= ${BUDGET.reloadMs} ms from navigation start`,
      ms(m, 0),
      m <= BUDGET.reloadMs,
    );
  }
}
