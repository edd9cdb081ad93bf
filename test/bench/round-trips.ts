// Sequential round trips from request timings: the longest chain to a given request, each waiting for the last.

export interface Span {
  url: string;
  /** Playwright's resource type: "document", "script", "fetch", "image", ... */
  kind: string;
  /** Epoch ms. */
  start: number;
  end: number;
  /** The request this one followed as a redirect: it waited for that answer whatever the timings say. */
  after?: Span;
}

/** Requests starting within this many ms after another ends still count as waiting for it (timer rounding). */
const SLACK_MS = 1;

/**
 * The longest chain of `spans` that ends at `last` (by default the span that finished last), where each
 * span started after the previous one ended. Timings cannot show what caused a request, so callers pass
 * only the kinds of request that can start others (documents, scripts, API calls).
 */
export function chainTo(spans: readonly Span[], last?: Span): Span[] {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const end =
    last ?? sorted.reduce<Span | undefined>((top, s) => (!top || s.end > top.end ? s : top), undefined);
  if (!end) return [];
  const best: { length: number; prev: number }[] = [];
  for (const [i, span] of sorted.entries()) {
    let pick = { length: 1, prev: -1 };
    for (let j = 0; j < i; j++) {
      const candidate = best[j]!.length + 1;
      const waited = sorted[j]!.end <= span.start + SLACK_MS || span.after === sorted[j];
      if (waited && candidate > pick.length) pick = { length: candidate, prev: j };
    }
    best.push(pick);
  }
  const chain: Span[] = [];
  for (let at = sorted.indexOf(end); at >= 0; at = best[at]!.prev) chain.unshift(sorted[at]!);
  return chain;
}
