// Per-client-IP limits for the hand-off routes: Cloudflare's Rate Limiting binding, or a local counter.
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { RelayError } from "./errors.ts";

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

const fallbacks = { open: new LocalLimiter(20), redeem: new LocalLimiter(120) };

/** The client's IP as Cloudflare reports it (one key per address; loopback tools share "local"). */
export const clientKey = (c: Context<AppEnv>): string => c.req.header("cf-connecting-ip") ?? "local";

/** Counts one call of `kind` for this client; 429 `rate_limited` with Retry-After once over the limit. */
export async function rateLimit(c: Context<AppEnv>, kind: "open" | "redeem"): Promise<void> {
  const binding: Limiter | undefined =
    kind === "open" ? c.env.HANDOFF_OPEN_LIMIT : c.env.HANDOFF_REDEEM_LIMIT;
  const limiter = binding ?? fallbacks[kind];
  const { success } = await limiter.limit({ key: `${kind}:${clientKey(c)}` });
  if (!success) {
    throw new RelayError(
      "rate_limited",
      "Too many sign-in attempts from this network. Wait a minute and try again.",
      {
        retryAfter: "60",
      },
    );
  }
}
