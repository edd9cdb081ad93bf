// The first-rows bench's probe in the page, and a trip's figures (time, round trips, JS) from its requests.
import { gz } from "./bundle.ts";
import { chainTo, type Span } from "./round-trips.ts";

/**
 * Runs in every document: when the first task row enters My work's DOM, notes the time, the row's task id
 * and whether My work said it was painting a kept copy, then the start of the next frame (the one that
 * paints it), both in the document's own clock.
 */
export const FIRST_ROWS_PROBE = `(() => {
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

export interface Probe {
  timeOrigin: number;
  inserted: number;
  frame: number;
  /** The first row's task id. */
  id: string;
  /** Painted from the browser's kept copy (My work said "Refreshing…"), not from an answer. */
  kept: boolean;
}

/** A finished request, whether the browser's cache answered it, and for task queries the ids it held. */
export interface Answer extends Span {
  cached: boolean;
  taskIds?: Promise<Set<string>>;
}

export interface Trip {
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
export async function trip(
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
