// A Durable Object per session id: at most one refresh per refresh token, and its result shared for a minute.
//
// Wrike rotates refresh tokens: the first refresh with a token kills it. Two requests that carry the
// same cookie and both find the access token stale would race, and the loser would see invalid_grant
// and sign the user out. All refreshes of one session (`sid`) go through one object; the first caller
// refreshes, callers that arrive meanwhile or within SUCCESSOR_TTL_MS with the same old refresh token
// get the same successor tokens. Entries are keyed by SHA-256 of the old refresh token, so only a holder
// of that token can obtain its successor.
//
// A caller waits at most the relay's upstream timeout, but the refresh itself is not abandoned then:
// Wrike may already have rotated the token, so its answer is still awaited (up to HARD_LIMIT_MS) and
// cached, and the app's retry gets the successor instead of a dead token. The successor cache is memory
// only: losing it on eviction costs at worst one session_expired in a race, never a leak.
//
// Sign-out: sessions are stateless cookies, so a copy taken before sign-out would keep refreshing. On
// POST /auth/logout the session's object records "ended" in storage (kept as long as a session cookie
// can live), and no refresh succeeds for that session id afterwards. Only /auth/token's refresh path and
// /auth/logout reach this object; ordinary API calls never do.
import { DurableObject } from "cloudflare:workers";
import { configFor } from "../lib/config.ts";
import { toBase64Url } from "../lib/seal.ts";
import { SESSION_MAX_AGE } from "../lib/session.ts";
import { requestToken } from "../io/token-endpoint.ts";
import { refreshUrl, type TokenOutcome } from "../lib/wrike-token.ts";

const SUCCESSOR_TTL_MS = 60_000;
const HARD_LIMIT_MS = 60_000;
const ENDED_KEY = "ended";

async function tokenKey(refreshToken: string): Promise<string> {
  const digest = await crypto.subtle.digest("SHA-256", new TextEncoder().encode(refreshToken));
  return toBase64Url(new Uint8Array(digest));
}

/** A cached success as seen `elapsedMs` later: the access token has that much less time left. */
function aged(outcome: TokenOutcome, elapsedMs: number): TokenOutcome {
  if (!outcome.ok) return outcome;
  const expiresIn = Math.max(0, outcome.tokens.expiresIn - Math.floor(elapsedMs / 1000));
  return { ok: true, tokens: { ...outcome.tokens, expiresIn } };
}

export class RefreshFlight extends DurableObject<Env> {
  readonly #inFlight = new Map<string, Promise<TokenOutcome>>();
  readonly #successors = new Map<string, { outcome: TokenOutcome; at: number; until: number }>();

  /** The session signed out: no refresh for it from now on, from any copy of its cookie. */
  async end(): Promise<void> {
    const until = Date.now() + SESSION_MAX_AGE * 1000;
    await this.ctx.storage.put(ENDED_KEY, until);
    await this.ctx.storage.setAlarm(until);
    this.#successors.clear();
  }

  override async alarm(): Promise<void> {
    const until = await this.ctx.storage.get<number>(ENDED_KEY);
    if (until !== undefined && until > Date.now()) await this.ctx.storage.setAlarm(until);
    else await this.ctx.storage.deleteAll();
  }

  /** Refreshes `refreshToken` at `host` once; concurrent and recent callers share the outcome. */
  async refresh(host: string, refreshToken: string): Promise<TokenOutcome> {
    const config = configFor(this.env);
    if ((await this.ctx.storage.get<number>(ENDED_KEY)) !== undefined) {
      // As Wrike would answer for a dead refresh token: the session ends here too.
      return { ok: false, reason: "invalid_grant" };
    }
    const key = await tokenKey(refreshToken);
    const now = Date.now();
    for (const [k, entry] of this.#successors) if (entry.until <= now) this.#successors.delete(k);

    const cached = this.#successors.get(key);
    if (cached) return aged(cached.outcome, now - cached.at);

    let flight = this.#inFlight.get(key);
    if (!flight) {
      flight = this.#fly(key, host, refreshToken);
      this.#inFlight.set(key, flight);
      this.ctx.waitUntil(flight);
    }
    let timer: ReturnType<typeof setTimeout> | null = null;
    const patience = new Promise<TokenOutcome>((resolve) => {
      timer = setTimeout(() => resolve({ ok: false, reason: "timeout" }), config.upstreamTimeoutMs);
    });
    try {
      return await Promise.race([flight, patience]);
    } finally {
      if (timer !== null) clearTimeout(timer);
    }
  }

  async #fly(key: string, host: string, refreshToken: string): Promise<TokenOutcome> {
    try {
      const outcome = await this.#callWrike(host, refreshToken);
      // Only successes are shared: a transient failure must stay retryable by the next caller.
      if (outcome.ok) {
        const at = Date.now();
        this.#successors.set(key, { outcome, at, until: at + SUCCESSOR_TTL_MS });
      }
      return outcome;
    } finally {
      this.#inFlight.delete(key);
    }
  }

  async #callWrike(host: string, refreshToken: string): Promise<TokenOutcome> {
    const config = configFor(this.env);
    // The caller already checked the host; check again, since this object fetches with the secret.
    if (!config.apiHosts.includes(host)) return { ok: false, reason: "foreign_host" };
    return requestToken(
      { ...config, upstreamTimeoutMs: Math.max(HARD_LIMIT_MS, config.upstreamTimeoutMs) },
      refreshUrl(config, host),
      {
        client_id: config.clientId,
        client_secret: config.clientSecret,
        grant_type: "refresh_token",
        refresh_token: refreshToken,
      },
      host,
    );
  }
}
