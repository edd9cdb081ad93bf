// /auth/*: sign-in with Wrike (login, callback), the access-token hand-off with refresh, the embedded
// frame's sign-in hand-off, and sign-out.
import { Hono, type Context } from "hono";
import { clearSession, readSession, takeFlow, writeFlow, writeSession } from "../cookies.ts";
import type { AppEnv, RelayEnv } from "../env.ts";
import { configFor } from "../lib/config.ts";
import {
  SCOPES,
  type Access,
  type HandoffRequest,
  type TokenRequest,
  type TokenResponse,
} from "../lib/contract.ts";
import { RelayError } from "../lib/errors.ts";
import { HANDOFF_TTL_SECONDS, handoffKey, handoffPurpose, isHandoffNonce } from "../lib/handoff.ts";
import { handoffReadyPage, popupDonePage } from "../lib/pages.ts";
import { validateReturnTo } from "../lib/return-to.ts";
import { seal, unseal } from "../lib/seal.ts";
import { FLOW_MAX_AGE, nowSeconds, parseSession, type FlowMode, type Session } from "../lib/session.ts";
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
auth.use("/handoff", relayCors());

const redirectUri = (c: Context<AppEnv>): string => `${new URL(c.req.url).origin}/auth/callback`;

/** The hand-off box of one nonce key (a Durable Object named by the key; see handoff-box.ts). */
const handoffBox = (env: RelayEnv, key: string) => env.HANDOFF.get(env.HANDOFF.idFromName(key));

const tokenAnswer = (session: Session): TokenResponse => ({
  access_token: session.at,
  host: session.host,
  expires_at: session.exp,
  scope: session.scope,
});

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
  // An embedded frame's sign-in: the session will be bound to the frame's nonce instead of set here.
  const handoff = c.req.query("handoff");
  let handoffId: string | undefined;
  if (handoff !== undefined) {
    if (mode !== "popup") {
      throw new RelayError("bad_request", "A sign-in for an embedded pane must use the popup mode.");
    }
    if (!isHandoffNonce(handoff)) {
      throw new RelayError("bad_request", "The sign-in link's hand-off code is malformed.");
    }
    handoffId = await handoffKey(handoff);
    // Pending as long as the flow may take; a nonce that was already filled or redeemed is spent.
    if (!(await handoffBox(c.env, handoffId).open(FLOW_MAX_AGE))) throw new RelayError("handoff_invalid");
  }
  const { flowId, state } = newFlow();
  await writeFlow(c, config, flowId, {
    state,
    return_to: returnTo,
    mode: mode satisfies FlowMode,
    access: access satisfies Access,
    exp: nowSeconds() + FLOW_MAX_AGE,
    ...(handoffId ? { handoff: handoffId } : {}),
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
  const session: Session = {
    v: 1,
    sid: randomId(),
    rt: tokens.refreshToken,
    at: tokens.accessToken,
    exp: nowSeconds() + tokens.expiresIn,
    host: tokens.host,
    scope: tokens.scope ?? SCOPES[flow.access],
  };
  const scriptNonce = randomId();
  if (flow.handoff !== undefined) {
    // First-party popup: no cookie here (the frame could not see it). The session waits for the frame.
    const sealed = await seal(config.sessionKeys, handoffPurpose(flow.handoff), { ...session, embed: true });
    if (!(await handoffBox(c.env, flow.handoff).fill(sealed, HANDOFF_TTL_SECONDS))) {
      throw new RelayError("handoff_invalid");
    }
    c.set("scriptNonce", scriptNonce);
    return c.html(handoffReadyPage(scriptNonce));
  }
  await writeSession(c, config, session);
  if (flow.mode === "redirect") return c.redirect(flow.return_to, 302);
  c.set("scriptNonce", scriptNonce);
  return c.html(popupDonePage(scriptNonce));
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
  return c.json<TokenResponse>(tokenAnswer(session));
});

/** The nonce of a `POST /auth/handoff` (JSON `{ nonce }`), or bad_request. */
async function handoffNonce(c: Context<AppEnv>): Promise<string> {
  const type = c.req.header("content-type") ?? "";
  if (!/^application\/json\b/i.test(type)) {
    throw new RelayError("bad_request", "Send the hand-off as JSON: { nonce }.");
  }
  const text = await c.req.text();
  let body: unknown;
  try {
    body = text.length <= 1024 ? JSON.parse(text) : undefined;
  } catch {
    body = undefined;
  }
  const nonce = (body as Partial<HandoffRequest> | null | undefined)?.nonce;
  if (!isHandoffNonce(nonce)) throw new RelayError("bad_request", "The hand-off code is malformed.");
  return nonce;
}

/**
 * The embedded frame redeems its sign-in: the session bound to its nonce becomes the frame's own
 * partitioned cookie, and the frame gets its first access token. Single use; pending until the popup's
 * sign-in has finished (the frame polls), invalid when unknown, used or expired.
 */
auth.post("/handoff", requireAppOrigin(), async (c) => {
  const config = configFor(c.env);
  const key = await handoffKey(await handoffNonce(c));
  const taken = await handoffBox(c.env, key).take();
  if (taken.status === "pending") throw new RelayError("handoff_pending");
  if (taken.status !== "ready") throw new RelayError("handoff_invalid");
  const bound = parseSession(await unseal(config.sessionKeys, handoffPurpose(key), taken.sealed));
  // A key rotated away in the last two minutes, or an allow-list that dropped the host: sign in again.
  if (!bound || !config.apiHosts.includes(bound.host)) throw new RelayError("handoff_invalid");
  const session: Session = { ...bound, embed: true };
  await writeSession(c, config, session);
  return c.json<TokenResponse>(tokenAnswer(session));
});

auth.post("/logout", requireAppOrigin(), (c) => {
  clearSession(c);
  return c.body(null, 204);
});

auth.all("*", () => {
  throw new RelayError("not_found");
});
