// /auth/token and /auth/logout: the app's calls about its session (fetch, JSON errors, CSRF-guarded).
import { Hono, type Context } from "hono";
import type { AppEnv, RelayEnv } from "../env.ts";
import type { TokenRequest, TokenResponse } from "../shared/contract.ts";
import { RelayError } from "../lib/errors.ts";
import { nowSeconds, type Session } from "../lib/session.ts";
import { constantTimeEqual } from "../lib/state.ts";
import { tokenFailureError } from "../lib/wrike-token.ts";
import { relayCors } from "../middleware/cors.ts";
import { requireAppOrigin } from "../middleware/origin.ts";
import { requestUrl } from "../middleware/request-url.ts";
import { dataTemplate, finishedData } from "../middleware/security-headers.ts";

/** The access token is handed out again while it has more than this many seconds left. */
export const REFRESH_MARGIN_SECONDS = 60;

/** The fixed headers of /auth/token's common answer (finishedData). */
const TOKEN_ANSWER = dataTemplate({ "content-type": "application/json", "cache-control": "no-store" });

export const session = new Hono<AppEnv>();

session.use("/token", relayCors());
session.use("/logout", relayCors());

export const tokenAnswer = (s: Session): TokenResponse => ({
  access_token: s.at,
  host: s.host,
  expires_at: s.exp,
  scope: s.scope,
  ...(s.uid !== undefined ? { user_id: s.uid } : {}),
});

/** The session's refresh single-flight (objects/refresh-flight.ts), by session id. */
const flightOf = (env: RelayEnv, sid: string) => env.REFRESH_FLIGHT.get(env.REFRESH_FLIGHT.idFromName(sid));

/**
 * Whether the app reports the session's current access token as refused by Wrike (TokenRequest). A plain
 * `false` without a JSON body (the common call), so that the caller need not wait.
 */
function reportsStale(c: Context<AppEnv>, s: Session): Promise<boolean> | false {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) return false;
  return readsStale(c, s);
}

async function readsStale(c: Context<AppEnv>, s: Session): Promise<boolean> {
  const text = await c.req.text();
  if (text.length === 0 || text.length > 8192) return false;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RelayError("bad_request", "The token request body is not JSON.");
  }
  const stale = (body as TokenRequest | null)?.stale_token;
  return typeof stale === "string" && constantTimeEqual(stale, s.at);
}

session.post("/token", requireAppOrigin(), async (c) => {
  const config = c.get("config");
  const cookies = c.get("cookies");
  let current: Session = await cookies.read();
  // An embed session lives in the embedding site's cookie partition, where that site's own page could
  // send it too: it answers only the frame, on the relay's own origin.
  if (current.embed && c.req.header("origin") !== requestUrl(c).origin) {
    throw new RelayError("bad_origin", "An embedded pane's session can be used only by the pane itself.");
  }
  if (!config.apiHosts.includes(current.host)) {
    // The allow-list changed since sign-in: this session may not be used any more.
    cookies.clear();
    throw new RelayError("session_expired");
  }
  const expiring = current.exp - nowSeconds() <= REFRESH_MARGIN_SECONDS;
  const stale = expiring ? false : reportsStale(c, current);
  if (expiring || (stale !== false && (await stale))) {
    const outcome = await flightOf(c.env, current.sid).refresh(current.host, current.rt);
    c.set("upstreamStatus", outcome.ok ? 200 : (outcome.status ?? 0));
    c.set("wrikeHost", current.host);
    if (!outcome.ok) {
      // Only a definite "this refresh token is dead" ends the session; outages and 429 keep it.
      if (outcome.reason === "invalid_grant" || outcome.reason === "foreign_host") cookies.clear();
      throw tokenFailureError(outcome, "refresh_token");
    }
    const { tokens } = outcome;
    current = {
      ...current,
      rt: tokens.refreshToken,
      at: tokens.accessToken,
      exp: nowSeconds() + tokens.expiresIn,
      host: tokens.host,
      scope: tokens.scope ?? current.scope,
    };
    await cookies.write(current);
    // The new cookies wait in hono's prepared headers: c.json puts them on the answer.
    return c.json<TokenResponse>(tokenAnswer(current));
  }
  // The common case, no cookie written: the answer in one piece (see finishedData).
  const answer: TokenResponse = tokenAnswer(current);
  return finishedData(c, JSON.stringify(answer), 200, TOKEN_ANSWER);
});

/**
 * Ends the session: its cookie is cleared in every mode, and its refresh object records it as ended, so
 * a copy of the cookie taken before can never refresh again (its sealed access token still works at
 * Wrike until it expires, within the hour). Without a session there is nothing to end: 204 all the same.
 */
session.post("/logout", requireAppOrigin(), async (c) => {
  let current: Session | undefined;
  try {
    current = await c.get("cookies").read();
  } catch (err) {
    if (!(err instanceof RelayError && err.code === "not_signed_in")) throw err;
  }
  if (current) await flightOf(c.env, current.sid).end();
  c.get("cookies").clear();
  return c.body(null, 204);
});
