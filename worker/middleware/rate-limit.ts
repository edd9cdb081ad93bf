// Per-client-IP limits for the hand-off routes: Cloudflare's Rate Limiting binding, or a local counter.
import type { Context } from "hono";
import type { AppEnv } from "../env.ts";
import { RelayError } from "../lib/errors.ts";
import { LocalLimiter, type Limiter } from "../lib/rate-limit.ts";

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
