// Sequential round trips from a page's request timings: the longest chain of requests in which each one
// started only after the one before it had finished (pure, so that the rule is easy to read and check).

export interface Span {
  url: string;
  /** Epoch ms. */
  start: number;
  end: number;
}

/** Requests starting within this many ms after another ends still count as waiting for it (timer rounding). */
const SLACK_MS = 1;

/** The longest chain of `spans` where each starts after the previous one ended; its length and its URLs. */
export function longestChain(spans: readonly Span[]): { length: number; chain: string[] } {
  const sorted = [...spans].sort((a, b) => a.start - b.start);
  const best: { length: number; prev: number }[] = [];
  for (const [i, span] of sorted.entries()) {
    let pick = { length: 1, prev: -1 };
    for (let j = 0; j < i; j++) {
      const before = sorted[j]!;
      const candidate = best[j]!.length + 1;
      if (before.end <= span.start + SLACK_MS && candidate > pick.length)
        pick = { length: candidate, prev: j };
    }
    best.push(pick);
  }
  let at = best.reduce((top, b, i) => (b.length > (best[top]?.length ?? 0) ? i : top), 0);
  const chain: string[] = [];
  while (at >= 0 && sorted[at]) {
    chain.unshift(sorted[at]!.url);
    at = best[at]!.prev;
  }
  return { length: chain.length, chain };
}
