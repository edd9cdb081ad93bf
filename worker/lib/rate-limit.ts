// Counting calls per key: the shape of Cloudflare's Rate Limiting binding, and a local fallback counter.

/** The shape of the Workers Rate Limiting binding (`[[ratelimits]]` in wrangler.toml). */
export interface Limiter {
  limit(options: { key: string }): Promise<{ success: boolean }>;
}

/** The window a local fallback counts in, and its size (the binding's own are in wrangler.toml). */
const LOCAL_PERIOD_MS = 60_000;

/**
 * A fixed-window counter per isolate: used only where no binding is configured (a relay run from a
 * config without `[[ratelimits]]`), so that the hand-off routes are never unlimited.
 */
export class LocalLimiter implements Limiter {
  readonly #windows = new Map<string, { start: number; count: number }>();
  readonly #max: number;
  readonly #now: () => number;

  constructor(max: number, now: () => number = Date.now) {
    this.#max = max;
    this.#now = now;
  }

  async limit({ key }: { key: string }): Promise<{ success: boolean }> {
    const now = this.#now();
    let window = this.#windows.get(key);
    if (!window || now - window.start >= LOCAL_PERIOD_MS) {
      if (this.#windows.size > 10_000) this.#windows.clear();
      window = { start: now, count: 0 };
      this.#windows.set(key, window);
    }
    window.count++;
    return { success: window.count <= this.#max };
  }
}
