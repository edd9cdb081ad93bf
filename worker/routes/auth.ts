// /auth/*: sign-in with Wrike (login, callback), the access-token hand-off with refresh, and sign-out.
import { Hono, type Context } from "hono";
import { clearSession, readSession, takeFlow, writeFlow, writeSession } from "../cookies.ts";
import type { AppEnv } from "../env.ts";
import { configFor } from "../lib/config.ts";
import { SCOPES, type Access, type TokenRequest, type TokenResponse } from "../lib/contract.ts";
import { RelayError } from "../lib/errors.ts";
import { popupDonePage } from "../lib/pages.ts";
import { validateReturnTo } from "../lib/return-to.ts";
import { FLOW_MAX_AGE, nowSeconds, type FlowMode, type Session } from "../lib/session.ts";
import { constantTimeEqual, flowIdOf, newFlow, randomId } from "../lib/state.ts";
import { requestToken, tokenFailureError } from "../lib/wrike-token.ts";
import { relayCors } from "../middleware/cors.ts";
import { requireAppOrigin } from "../middleware/origin.ts";

/** The access token is handed out again while it has more than this many seconds left. */
export const REFRESH_MARGIN_SECONDS = 60;

export const auth = new Hono<AppEnv>();

// Nothing under /auth may be cached: it carries codes, tokens and per-user answers.
auth.use("*", async (c, next) => {
  await next();
  c.header("Cache-Control", "no-store");
});
auth.use("/token", relayCors());
auth.use("/logout", relayCors());

const redirectUri = (c: Context<AppEnv>): string => `${new URL(c.req.url).origin}/auth/callback`;

auth.get("/login", async (c) => {
  const config = configFor(c.env);
  const access = c.req.query("access") ?? "read";
  const mode = c.req.query("mode") ?? "redirect";
  const returnTo = validateReturnTo(c.req.query("return_to"));
  if (access !== "read" && access !== "write") {
    throw new RelayError(
      "bad_request",
      'The sign-in link asks for an unknown access level ("read" or "write").',
    );
  }
  if (mode !== "redirect" && mode !== "popup") {
    throw new RelayError("bad_request", "The sign-in link names an unknown mode.");
  }
  if (returnTo === undefined) {
    throw new RelayError("bad_request", "The sign-in link's return address is not a page of this site.");
  }
  const { flowId, state } = newFlow();
  await writeFlow(c, config, flowId, {
    state,
    return_to: returnTo,
    mode: mode satisfies FlowMode,
    access: access satisfies Access,
    exp: nowSeconds() + FLOW_MAX_AGE,
  });
  const authorize = new URL(`${config.oauthBase}/oauth2/authorize/v4`);
  authorize.search = new URLSearchParams({
    client_id: config.clientId,
    response_type: "code",
    redirect_uri: redirectUri(c),
    state,
    scope: SCOPES[access],
  }).toString();
  return c.redirect(authorize.toString(), 302);
});

auth.get("/callback", async (c) => {
  const config = configFor(c.env);
  const state = c.req.query("state") ?? "";
  const flowId = flowIdOf(state);
  // Single use: the flow's cookie goes whatever happens next.
  const flow = flowId ? await takeFlow(c, config, flowId) : undefined;
  const wrikeError = c.req.query("error");
  if (wrikeError !== undefined) {
    // Wrike's text is never echoed; whoever sent the person here cannot put words on our page.
    throw wrikeError === "access_denied"
      ? new RelayError("signin_declined")
      : new RelayError("code_rejected", "Wrike did not complete the sign-in. Try again.");
  }
  if (!flow || flow.exp < nowSeconds() || !constantTimeEqual(flow.state, state)) {
    throw new RelayError("state_invalid");
  }
  const code = c.req.query("code");
  if (!code) throw new RelayError("code_rejected", "Wrike sent no authorization code.");

  const outcome = await requestToken(
    config,
    `${config.oauthBase}/oauth2/token`,
    {
      client_id: config.clientId,
      client_secret: config.clientSecret,
      grant_type: "authorization_code",
      code,
      redirect_uri: redirectUri(c),
    },
    config.defaultHost,
  );
  if (!outcome.ok) throw tokenFailureError(outcome, "authorization_code");
  const { tokens } = outcome;
  await writeSession(c, config, {
    v: 1,
    sid: randomId(),
    rt: tokens.refreshToken,
    at: tokens.accessToken,
    exp: nowSeconds() + tokens.expiresIn,
    host: tokens.host,
    scope: tokens.scope ?? SCOPES[flow.access],
  });
  if (flow.mode === "redirect") return c.redirect(flow.return_to, 302);
  const nonce = randomId();
  c.set("scriptNonce", nonce);
  return c.html(popupDonePage(nonce));
});

/** Whether the app reports the session's current access token as refused by Wrike (TokenRequest). */
async function reportsStale(c: Context<AppEnv>, session: Session): Promise<boolean> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) return false;
  const text = await c.req.text();
  if (text.length === 0 || text.length > 8192) return false;
  let body: unknown;
  try {
    body = JSON.parse(text);
  } catch {
    throw new RelayError("bad_request", "The token request body is not JSON.");
  }
  const stale = (body as TokenRequest | null)?.stale_token;
  return typeof stale === "string" && constantTimeEqual(stale, session.at);
}

auth.post("/token", requireAppOrigin(), async (c) => {
  const config = configFor(c.env);
  let session: Session = await readSession(c, config);
  if (!config.apiHosts.includes(session.host)) {
    // The allow-list changed since sign-in: this session may not be used any more.
    clearSession(c);
    throw new RelayError("session_expired");
  }
  if (session.exp - nowSeconds() <= REFRESH_MARGIN_SECONDS || (await reportsStale(c, session))) {
    const flight = c.env.REFRESH_FLIGHT.get(c.env.REFRESH_FLIGHT.idFromName(session.sid));
    const outcome = await flight.refresh(session.host, session.rt);
    if (!outcome.ok) {
      // Only a definite "this refresh token is dead" ends the session; outages and 429 keep it.
      if (outcome.reason === "invalid_grant" || outcome.reason === "foreign_host") clearSession(c);
      throw tokenFailureError(outcome, "refresh_token");
    }
    const { tokens } = outcome;
    session = {
      ...session,
      rt: tokens.refreshToken,
      at: tokens.accessToken,
      exp: nowSeconds() + tokens.expiresIn,
      host: tokens.host,
      scope: tokens.scope ?? session.scope,
    };
    await writeSession(c, config, session);
  }
  return c.json<TokenResponse>({
    access_token: session.at,
    host: session.host,
    expires_at: session.exp,
    scope: session.scope,
  });
});

auth.post("/logout", requireAppOrigin(), (c) => {
  clearSession(c);
  return c.body(null, 204);
});

auth.all("*", () => {
  throw new RelayError("not_found");
});
